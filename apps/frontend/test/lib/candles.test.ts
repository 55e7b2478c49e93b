import { describe, expect, it } from "vitest";
import { candlesFromTrades } from "@/lib/candles";
import type { Trade } from "@/lib/types";

const t = (id: string, price: string, quantity: string, sec: number): Trade => ({
  id,
  symbol: "BTC-USDT",
  price,
  quantity,
  side: "buy",
  time: sec * 1000,
});

describe("candlesFromTrades", () => {
  it("buckets newest-first trades into oldest-first OHLC bars", () => {
    const candles = candlesFromTrades([t("4", "12", "1", 125), t("3", "9", "1", 70), t("2", "15", "2", 30), t("1", "10", "1", 5)], 60);
    expect(candles).toEqual([
      { time: 0, open: 10, high: 15, low: 10, close: 15, volume: 3 },
      { time: 60, open: 9, high: 9, low: 9, close: 9, volume: 1 },
      { time: 120, open: 12, high: 12, low: 12, close: 12, volume: 1 },
    ]);
  });

  it("treats the later entry as older when times are equal", () => {
    const candles = candlesFromTrades([t("b", "11", "1", 10), t("a", "10", "1", 10)], 60);
    expect(candles[0].open).toBe(10);
    expect(candles[0].close).toBe(11);
  });
});

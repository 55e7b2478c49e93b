import { describe, expect, it } from "vitest";
import { candlesFromTrades, withLiveTrades, type Candle } from "@/lib/candles";
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

describe("withLiveTrades", () => {
  const loaded: Candle[] = [
    { time: 60, open: 10, high: 12, low: 9, close: 11, volume: 2 },
    { time: 120, open: 11, high: 11, low: 11, close: 11, volume: 1 },
  ];

  it("folds a newer trade into the last candle's bucket: high, low, close and volume", () => {
    expect(withLiveTrades(loaded, [t("a", "13", "0.5", 130)], 60, 125_000).at(-1)).toEqual({ time: 120, open: 11, high: 13, low: 11, close: 13, volume: 1.5 });
  });

  it("opens a new candle for a trade in a later bucket", () => {
    expect(withLiveTrades(loaded, [t("a", "9.5", "1", 185)], 60, 125_000).map((c) => [c.time, c.open, c.close])).toEqual([
      [60, 10, 11],
      [120, 11, 11],
      [180, 9.5, 9.5],
    ]);
  });

  it("skips trades the loaded candles already counted (not newer than the load)", () => {
    expect(withLiveTrades(loaded, [t("a", "50", "9", 125)], 60, 125_000)).toEqual(loaded);
  });
});

import { describe, expect, it } from "vitest";
import { stats24hFromTrades, withTradeStats } from "@/lib/market-stats";
import type { Ticker, Trade } from "@/lib/types";

const now = Date.UTC(2026, 0, 2);
const t = (price: string, hoursAgo: number): Trade => ({
  id: price,
  symbol: "X-Y",
  price,
  quantity: "1",
  side: "buy",
  time: now - hoursAgo * 3600_000,
});
const bare: Ticker = { symbol: "X-Y", lastPrice: "90", change24hPercent: null, high24h: null, low24h: null, volume24h: "2" };

describe("stats24hFromTrades", () => {
  it("uses the first trade inside the window as the reference when the list holds every trade", () => {
    expect(stats24hFromTrades([t("90", 1), t("110", 3), t("100", 5)], 100, now)).toEqual({
      change24hPercent: "-10.00",
      high24h: "110",
      low24h: "90",
    });
  });

  it("is unknown when a full page of trades does not reach back 24 hours", () => {
    expect(stats24hFromTrades([t("90", 1), t("100", 5)], 2, now)).toBeNull();
  });

  it("is exact for a full page that reaches past the window, ignoring older trades", () => {
    expect(stats24hFromTrades([t("120", 1), t("100", 5), t("1", 30)], 3, now)).toEqual({
      change24hPercent: "20.00",
      high24h: "120",
      low24h: "100",
    });
  });

  it("is unknown without trades in the window", () => {
    expect(stats24hFromTrades([t("1", 30)], 100, now)).toBeNull();
    expect(stats24hFromTrades([], 100, now)).toBeNull();
  });
});

describe("withTradeStats", () => {
  it("fills only the figures the API left out", () => {
    const fromApi = { ...bare, high24h: "500" };
    expect(withTradeStats(fromApi, [t("90", 1), t("100", 5)], 100, now)).toEqual({ ...fromApi, change24hPercent: "-10.00", low24h: "90" });
  });

  it("leaves the ticker alone when trades cannot say", () => {
    expect(withTradeStats(bare, [t("90", 1), t("100", 5)], 2, now)).toBe(bare);
  });
});

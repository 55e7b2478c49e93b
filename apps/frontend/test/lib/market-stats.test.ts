import { describe, expect, it } from "vitest";
import { change24hFromTrades } from "@/lib/market-stats";
import type { Trade } from "@/lib/types";

const now = Date.UTC(2026, 0, 2);
const t = (price: string, hoursAgo: number): Trade => ({
  id: price,
  symbol: "X-Y",
  price,
  quantity: "1",
  side: "buy",
  time: now - hoursAgo * 3600_000,
});

describe("change24hFromTrades", () => {
  it("uses the first trade inside the window as the reference when the list holds every trade", () => {
    expect(change24hFromTrades([t("90", 1), t("100", 5)], 100, now)).toBe("-10.00");
  });

  it("is unknown when a full page of trades does not reach back 24 hours", () => {
    expect(change24hFromTrades([t("90", 1), t("100", 5)], 2, now)).toBeNull();
  });

  it("is exact for a full page that reaches past the window", () => {
    expect(change24hFromTrades([t("120", 1), t("100", 5), t("1", 30)], 3, now)).toBe("20.00");
  });

  it("is unknown without trades in the window", () => {
    expect(change24hFromTrades([t("1", 30)], 100, now)).toBeNull();
    expect(change24hFromTrades([], 100, now)).toBeNull();
  });
});

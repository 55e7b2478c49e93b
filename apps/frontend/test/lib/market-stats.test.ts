import { describe, expect, it } from "vitest";
import { withTrade } from "@/lib/market-stats";
import type { Ticker, Trade } from "@/lib/types";

const trade = (price: string): Trade => ({ id: price, symbol: "X-Y", price, quantity: "1", side: "buy", time: 0 });
const ticker: Ticker = {
  symbol: "X-Y",
  lastPrice: "100",
  open24h: "80",
  change24hPercent: "25.00",
  high24h: "120",
  low24h: "75",
  volume24h: "3",
  quoteVolume24h: "300",
};

describe("withTrade", () => {
  it("takes the trade as the last price and the change against the 24h open from it", () => {
    expect(withTrade(ticker, trade("88"))).toEqual({ ...ticker, lastPrice: "88", change24hPercent: "10.00" });
  });

  it("widens the 24h high and low to a trade outside them", () => {
    expect(withTrade(ticker, trade("130.5"))).toMatchObject({ high24h: "130.5", low24h: "75" });
    expect(withTrade(ticker, trade("70"))).toMatchObject({ high24h: "120", low24h: "70", change24hPercent: "-12.50" });
  });

  it("leaves the volumes to the API's ticker, so a trade is never counted twice", () => {
    expect(withTrade(ticker, trade("90"))).toMatchObject({ volume24h: "3", quoteVolume24h: "300" });
  });

  it("makes the first trade of a quiet day the open, high and low", () => {
    const quiet: Ticker = { ...ticker, open24h: null, change24hPercent: null, high24h: null, low24h: null, volume24h: "0" };
    expect(withTrade(quiet, trade("95"))).toMatchObject({ open24h: "95", high24h: "95", low24h: "95", change24hPercent: "0.00" });
  });
});

import { describe, expect, it } from "vitest";
import { marketReducer } from "@/lib/use-market-feed";
import { book } from "../fixtures";

describe("marketReducer", () => {
  const state = {
    book: { ...book, sequence: 10 },
    trades: [],
    ticker: { symbol: "BTC-USDT", lastPrice: null, change24hPercent: null, high24h: null, low24h: null, volume24h: null },
  };

  it("keeps the newer book when a catch-up snapshot is older than what the socket delivered", () => {
    const stale = { ...state, book: { symbol: "BTC-USDT", bids: [], asks: [], sequence: 9 } };
    expect(marketReducer(state, { kind: "reset", state: stale }).book).toBe(state.book);
    expect(marketReducer(state, { kind: "book", book: stale.book }).book).toBe(state.book);
  });

  it("takes a newer book from either path", () => {
    const fresh = { symbol: "BTC-USDT", bids: [], asks: [], sequence: 11 };
    expect(marketReducer(state, { kind: "reset", state: { ...state, book: fresh } }).book).toBe(fresh);
    expect(marketReducer(state, { kind: "book", book: fresh }).book).toBe(fresh);
  });
});

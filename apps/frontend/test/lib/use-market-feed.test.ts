import { describe, expect, it } from "vitest";
import { mapTicker } from "@/lib/api-mappers";
import { marketReducer } from "@/lib/use-market-feed";
import { book } from "../fixtures";

describe("marketReducer", () => {
  const state = {
    book: { ...book, sequence: 10 },
    trades: [],
    ticker: mapTicker({}, "BTC-USDT"),
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

  it("moves the ticker's last price, high and change with a pushed trade, once per trade", () => {
    const withDay = { ...state, ticker: { ...state.ticker, lastPrice: "100", open24h: "100", high24h: "100", low24h: "90", volume24h: "5" } };
    const trade = { id: "t9", symbol: "BTC-USDT", price: "110", quantity: "1", side: "buy" as const, time: 1 };
    const next = marketReducer(withDay, { kind: "trades", trades: [trade] });
    expect(next.ticker).toMatchObject({ lastPrice: "110", high24h: "110", low24h: "90", change24hPercent: "10.00", volume24h: "5" });
    expect(marketReducer(next, { kind: "trades", trades: [trade] })).toBe(next);
  });

  it("takes the API's ticker as it is, a null 24h figure included", () => {
    const quiet = mapTicker({ lastPrice: "100", volume24h: "0" }, "BTC-USDT");
    expect(marketReducer({ ...state, ticker: { ...state.ticker, high24h: "120" } }, { kind: "ticker", ticker: quiet }).ticker).toBe(quiet);
  });
});

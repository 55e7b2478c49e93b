import type { Ticker, Trade } from "./types";

const DAY_MS = 24 * 3600 * 1000;

/** Most recent public trades the API keeps per symbol (and the largest `limit` it accepts). */
export const RECENT_TRADES = 100;

/** 24h figures derived from trades. */
export interface TradeStats24h {
  readonly change24hPercent: string;
  readonly high24h: string;
  readonly low24h: string;
}

/**
 * 24h change, high and low from a newest-first list of recent trades, or null when the list cannot say:
 * it is exact only if it reaches back past 24 hours, or holds every trade (fewer than `limit`).
 * The reference price is the first trade inside the window; the latest trade is the current price.
 */
export function stats24hFromTrades(trades: readonly Trade[], limit: number, now: number): TradeStats24h | null {
  if (trades.length === 0) return null;
  const cutoff = now - DAY_MS;
  const inWindow = trades.filter((t) => t.time > cutoff);
  const complete = trades.length < limit || inWindow.length < trades.length;
  if (!complete || inWindow.length === 0) return null;
  const open = Number(inWindow[inWindow.length - 1].price);
  const last = Number(inWindow[0].price);
  if (!(open > 0)) return null;
  // High and low stay exact strings: pick the extreme trade rather than formatting a float.
  const byPrice = [...inWindow].sort((a, b) => Number(a.price) - Number(b.price));
  return {
    change24hPercent: (((last - open) / open) * 100).toFixed(2),
    high24h: byPrice[byPrice.length - 1].price,
    low24h: byPrice[0].price,
  };
}

/**
 * Fills the ticker's missing 24h change, high and low from trades (the API's ticker carries none of
 * the change and, from the engine's cache, no high or low). Figures the API sends always win.
 */
export function withTradeStats(ticker: Ticker, trades: readonly Trade[], limit: number, now: number): Ticker {
  if (ticker.change24hPercent !== null && ticker.high24h !== null && ticker.low24h !== null) return ticker;
  const stats = stats24hFromTrades(trades, limit, now);
  if (!stats) return ticker;
  return {
    ...ticker,
    change24hPercent: ticker.change24hPercent ?? stats.change24hPercent,
    high24h: ticker.high24h ?? stats.high24h,
    low24h: ticker.low24h ?? stats.low24h,
  };
}

import type { Trade } from "./types";

const DAY_MS = 24 * 3600 * 1000;

/**
 * 24h price change in percent from a newest-first list of recent trades, or null when the list cannot
 * say: it is exact only if it reaches back past 24 hours, or holds every trade (fewer than `limit`).
 * The reference price is the first trade inside the window, the latest trade is the current price.
 */
export function change24hFromTrades(trades: readonly Trade[], limit: number, now: number): string | null {
  if (trades.length === 0) return null;
  const cutoff = now - DAY_MS;
  const inWindow = trades.filter((t) => t.time > cutoff);
  const complete = trades.length < limit || inWindow.length < trades.length;
  if (!complete || inWindow.length === 0) return null;
  const open = Number(inWindow[inWindow.length - 1].price);
  const last = Number(inWindow[0].price);
  if (!(open > 0)) return null;
  return (((last - open) / open) * 100).toFixed(2);
}

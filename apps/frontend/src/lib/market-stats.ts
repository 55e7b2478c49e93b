import { changePercent } from "./api-mappers";
import { compareDecimal } from "./decimal";
import type { Ticker, Trade } from "./types";

/** Most recent public trades the API keeps per symbol (and the largest `limit` it accepts). */
export const RECENT_TRADES = 100;

/**
 * The ticker after a public trade pushed before the API's next ticker: the trade is the last price and
 * lies inside the 24h high and low, and the change follows it. The volumes wait for the API's ticker,
 * which counts the trade exactly once whichever of the two messages comes first.
 */
export function withTrade(ticker: Ticker, trade: Trade): Ticker {
  const { price } = trade;
  const high24h = ticker.high24h === null || compareDecimal(price, ticker.high24h) > 0 ? price : ticker.high24h;
  const low24h = ticker.low24h === null || compareDecimal(price, ticker.low24h) < 0 ? price : ticker.low24h;
  const open24h = ticker.open24h ?? price;
  return { ...ticker, lastPrice: price, open24h, high24h, low24h, change24hPercent: changePercent(price, open24h) };
}

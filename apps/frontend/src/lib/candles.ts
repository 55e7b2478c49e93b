import type { Trade } from "./types";

/** Candle widths the API serves, with their length in seconds. */
export const CANDLE_INTERVALS = { "1m": 60, "5m": 300, "1h": 3600, "1d": 86_400 } as const;
/** One of {@link CANDLE_INTERVALS}. */
export type CandleInterval = keyof typeof CANDLE_INTERVALS;

/** Whether `v` names an interval the API serves (server actions check what the browser sent). */
export const isCandleInterval = (v: unknown): v is CandleInterval => typeof v === "string" && Object.hasOwn(CANDLE_INTERVALS, v);

/** One OHLC bar; `time` is the bar's start in epoch seconds (what the chart library expects). */
export interface Candle {
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/**
 * Buckets trades into OHLC candles of `intervalSeconds`, oldest first; open is the first trade of the
 * bucket and close the last, by trade time (input is newest first, as the API lists it, so on equal
 * times the later entry is the older trade). Floats are fine here: it is a picture.
 */
export function candlesFromTrades(trades: readonly Trade[], intervalSeconds: number): Candle[] {
  const sorted = trades
    .map((t, i) => ({ t, i }))
    .sort((a, b) => a.t.time - b.t.time || b.i - a.i)
    .map(({ t }) => t);
  const out: Candle[] = [];
  for (const t of sorted) {
    const price = Number(t.price);
    const qty = Number(t.quantity);
    if (!Number.isFinite(price) || !Number.isFinite(qty)) continue;
    const bucket = Math.floor(t.time / 1000 / intervalSeconds) * intervalSeconds;
    const last = out.at(-1);
    if (last && last.time === bucket) {
      out[out.length - 1] = {
        time: bucket,
        open: last.open,
        high: Math.max(last.high, price),
        low: Math.min(last.low, price),
        close: price,
        volume: last.volume + qty,
      };
    } else {
      out.push({ time: bucket, open: price, high: price, low: price, close: price, volume: qty });
    }
  }
  return out;
}

/**
 * The API's candles with the trades pushed since folded in: a trade in the last candle's bucket updates
 * it, a later one opens new candles. Trades at or before the last candle's start that the API already
 * counted are skipped by time: only trades newer than `since` (epoch ms of the candle load) are applied.
 */
export function withLiveTrades(candles: readonly Candle[], trades: readonly Trade[], intervalSeconds: number, since: number): Candle[] {
  const fresh = trades.filter((t) => t.time > since);
  if (fresh.length === 0) return [...candles];
  const live = candlesFromTrades(fresh, intervalSeconds);
  const out = [...candles];
  for (const c of live) {
    const last = out.at(-1);
    if (last && last.time === c.time) {
      out[out.length - 1] = {
        time: c.time,
        open: last.open,
        high: Math.max(last.high, c.high),
        low: Math.min(last.low, c.low),
        close: c.close,
        volume: last.volume + c.volume,
      };
    } else if (!last || c.time > last.time) {
      out.push(c);
    }
  }
  return out;
}

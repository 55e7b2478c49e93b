import type { Trade } from "./types";

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

import type { Pool } from 'pg';
import { normalize } from './decimal.js';

/** Candle widths the API serves, in seconds. Buckets start on whole multiples since the Unix epoch (UTC). */
export const CANDLE_INTERVALS = { '1m': 60, '5m': 300, '1h': 3600, '1d': 86_400 } as const;
export type CandleInterval = keyof typeof CANDLE_INTERVALS;

/** Most candles one request may ask for (and so the widest time range it scans). */
export const MAX_CANDLES = 1000;

/** One OHLCV bucket of trades; decimals stay strings. */
export interface Candle {
  /** Start of the bucket, ISO 8601 UTC. */
  openTime: string;
  open: string;
  high: string;
  low: string;
  close: string;
  /** Base quantity traded in the bucket. */
  volume: string;
  /** Number of trades in the bucket. */
  trades: number;
}

/** A page of candles, oldest first, and the `before` that asks for the page right before it. */
export interface CandlePage {
  candles: Candle[];
  /** Start of the scanned window: pass as `before` for the next older page. */
  nextBefore: string;
}

/**
 * The candles of `symbol` that start in the `limit` buckets before `beforeMs` (the bucket holding
 * `beforeMs` included when it starts earlier), oldest first. Buckets without trades are left out: with no
 * trade there is no price. The window is fixed by time, not by count, so pages never overlap or skip.
 * The scan is an index-only range scan of trades_symbol_time_cover_idx over the window.
 */
export async function candlePage(db: Pool, symbol: string, interval: CandleInterval, limit: number, beforeMs: number): Promise<CandlePage> {
  const stepMs = CANDLE_INTERVALS[interval] * 1000;
  const endMs = Math.ceil(beforeMs / stepMs) * stepMs;
  const startMs = endMs - limit * stepMs;
  const { rows } = await db.query<{ t: string; open: string; high: string; low: string; close: string; volume: string; trades: number }>(
    `SELECT (extract(epoch FROM date_bin($2::interval, executed_at, 'epoch'::timestamptz)) * 1000)::bigint::text AS t,
            (array_agg(price ORDER BY executed_at, id))[1]::text AS open,
            max(price)::text AS high,
            min(price)::text AS low,
            (array_agg(price ORDER BY executed_at DESC, id DESC))[1]::text AS close,
            sum(quantity)::text AS volume,
            count(*)::int AS trades
       FROM trades
      WHERE symbol = $1 AND executed_at >= $3 AND executed_at < $4
      GROUP BY 1
      ORDER BY 1`,
    [symbol, `${CANDLE_INTERVALS[interval]} seconds`, new Date(startMs), new Date(endMs)],
  );
  return {
    candles: rows.map((r) => ({
      openTime: new Date(Number(r.t)).toISOString(),
      open: normalize(r.open)!,
      high: normalize(r.high)!,
      low: normalize(r.low)!,
      close: normalize(r.close)!,
      volume: normalize(r.volume)!,
      trades: r.trades,
    })),
    nextBefore: new Date(startMs).toISOString(),
  };
}

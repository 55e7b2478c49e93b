import type { FastifyInstance } from 'fastify';
import type { Pool } from 'pg';
import { normalize } from './decimal.js';

/**
 * Public market snapshots: from the Redis cache the consumers keep (TTL 1 min), else rebuilt from
 * PostgreSQL, so REST and a WebSocket subscription both get one after a quiet minute.
 */
export async function bookSnapshot(app: FastifyInstance, symbol: string, depth: number) {
  const cached = await app.redis.get(app.keys.orderbook(symbol)).catch(() => null);
  if (cached) {
    const book = JSON.parse(cached) as { bids: [string, string][]; asks: [string, string][] };
    return { symbol, bids: book.bids.slice(0, depth), asks: book.asks.slice(0, depth), source: 'cache' };
  }
  const { rows } = await app.db.read.query<{ side: string; price: string; qty: string }>(
    `SELECT side, price::text, sum(quantity - filled_quantity)::text AS qty FROM orders
      WHERE symbol = $1 AND status IN ('NEW', 'PARTIALLY_FILLED') AND price IS NOT NULL
      GROUP BY side, price ORDER BY side, CASE WHEN side = 'BUY' THEN -price ELSE price END LIMIT 1000`,
    [symbol],
  );
  const level = (r: { price: string; qty: string }): [string, string] => [normalize(r.price)!, normalize(r.qty)!];
  return {
    symbol,
    bids: rows.filter((r) => r.side === 'BUY').slice(0, depth).map(level),
    asks: rows.filter((r) => r.side === 'SELL').slice(0, depth).map(level),
    source: 'database',
  };
}

/** The ticker: the engine's figures with the 24h ones merged in (see consumers/ticker-stats.ts). */
export async function tickerSnapshot(app: FastifyInstance, symbol: string) {
  const cached = await app.redis.get(app.keys.ticker(symbol)).catch(() => null);
  if (cached) {
    const ticker = JSON.parse(cached);
    // The consumers merge the 24h figures in; should that have failed, they come from PostgreSQL here.
    const day = 'open24h' in ticker ? {} : await stats24h(app.db.read, symbol);
    return { ...day, ...ticker, symbol, source: 'cache' };
  }
  const { rows } = await app.db.read.query(
    `SELECT (SELECT price::text FROM trades WHERE symbol = $1 ORDER BY executed_at DESC, id DESC LIMIT 1) AS last_price,
            (SELECT quantity::text FROM trades WHERE symbol = $1 ORDER BY executed_at DESC, id DESC LIMIT 1) AS last_qty,
            (SELECT max(price)::text FROM orders WHERE symbol = $1 AND side = 'BUY' AND status IN ('NEW', 'PARTIALLY_FILLED')) AS best_bid,
            (SELECT min(price)::text FROM orders WHERE symbol = $1 AND side = 'SELL' AND status IN ('NEW', 'PARTIALLY_FILLED')) AS best_ask,
            coalesce(sum(quantity), 0)::text AS volume, count(*)::int AS trade_count
       FROM trades WHERE symbol = $1`,
    [symbol],
  );
  const r = rows[0];
  return {
    symbol,
    lastPrice: normalize(r.last_price),
    lastQuantity: normalize(r.last_qty),
    bestBid: normalize(r.best_bid),
    bestAsk: normalize(r.best_ask),
    volume: normalize(r.volume)!,
    tradeCount: r.trade_count,
    ...(await stats24h(app.db.read, symbol)),
    source: 'database',
  };
}

/** Figures of the rolling 24 hours; null prices when no trade happened in the window. */
export interface Stats24h {
  /** Price of the first trade in the window: the reference for the 24h change. */
  open24h: string | null;
  high24h: string | null;
  low24h: string | null;
  /** Base quantity traded in the window. */
  volume24h: string;
  /** Quote amount traded in the window (sum of price × quantity). */
  quoteVolume24h: string;
}

const DAY_MS = 24 * 3600 * 1000;

/** The 24h figures of `symbol` at `nowMs`, from stored trades (an index-only scan of the last day). */
export async function stats24h(db: Pool, symbol: string, nowMs = Date.now()): Promise<Stats24h> {
  const { rows } = await db.query<{ open: string | null; high: string | null; low: string | null; volume: string; quote_volume: string }>(
    `SELECT (SELECT price::text FROM trades WHERE symbol = $1 AND executed_at > $2 ORDER BY executed_at, id LIMIT 1) AS open,
            max(price)::text AS high, min(price)::text AS low,
            coalesce(sum(quantity), 0)::text AS volume, coalesce(sum(price * quantity), 0)::numeric(38, 18)::text AS quote_volume
       FROM trades WHERE symbol = $1 AND executed_at > $2`,
    [symbol, new Date(nowMs - DAY_MS)],
  );
  const r = rows[0];
  return {
    open24h: normalize(r.open),
    high24h: normalize(r.high),
    low24h: normalize(r.low),
    volume24h: normalize(r.volume)!,
    quoteVolume24h: normalize(r.quote_volume)!,
  };
}


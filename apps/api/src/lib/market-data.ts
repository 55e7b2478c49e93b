import type { FastifyInstance } from 'fastify';
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

export async function tickerSnapshot(app: FastifyInstance, symbol: string) {
  const cached = await app.redis.get(app.keys.ticker(symbol)).catch(() => null);
  if (cached) return { ...JSON.parse(cached), symbol, source: 'cache' };
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
    source: 'database',
  };
}

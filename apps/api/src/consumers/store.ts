import type { Pool, PoolClient } from 'pg';
import type { Redis } from 'ioredis';
import { RECENT_TRADES, RedisKeys, TTL_SECONDS } from '../lib/keys.js';
import { isOpen, type BalanceState, type OrderState, type TradeRecord } from '../lib/results.js';

/** Where a message came from; the unit of idempotency. */
export interface Position {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
}

/**
 * Runs `apply` in one transaction together with advancing the group's stored offset, and skips it when
 * that offset was already applied. A redelivered message (crash before the Kafka commit) is thus a no-op.
 * Returns false when skipped.
 */
export async function applyOnce(pool: Pool, group: string, at: Position, apply: (c: PoolClient) => Promise<void>): Promise<boolean> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ last_offset: string }>(
      'SELECT last_offset FROM consumer_offsets WHERE consumer = $1 AND topic = $2 AND partition = $3 FOR UPDATE',
      [group, at.topic, at.partition],
    );
    if (rows.length > 0 && BigInt(rows[0].last_offset) >= at.offset) {
      await client.query('ROLLBACK');
      return false;
    }
    await apply(client);
    await client.query(
      `INSERT INTO consumer_offsets (consumer, topic, partition, last_offset) VALUES ($1, $2, $3, $4)
       ON CONFLICT (consumer, topic, partition) DO UPDATE SET last_offset = EXCLUDED.last_offset`,
      [group, at.topic, at.partition, at.offset.toString()],
    );
    await client.query('COMMIT');
    return true;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

const ts = (ms: number) => new Date(ms).toISOString();

/** Upserts order states; the engine reports the whole state, so the last write wins. */
export async function saveOrders(c: PoolClient, orders: OrderState[]): Promise<void> {
  for (const o of orders) {
    await c.query(
      `INSERT INTO orders (id, user_id, symbol, side, type, time_in_force, price, quantity, filled_quantity, status,
                           reject_reason, client_order_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)
       ON CONFLICT (id) DO UPDATE SET filled_quantity = EXCLUDED.filled_quantity, status = EXCLUDED.status,
         reject_reason = EXCLUDED.reject_reason, updated_at = EXCLUDED.updated_at`,
      [o.orderId, o.userId, o.symbol, o.side, o.type, o.timeInForce, o.price, o.quantity, o.filledQuantity, o.status,
        o.rejectReason, o.clientOrderId, ts(o.ts)],
    );
  }
}

export async function saveTrades(c: PoolClient, trades: TradeRecord[]): Promise<void> {
  for (const t of trades) {
    await c.query(
      `INSERT INTO trades (id, symbol, price, quantity, taker_side, buy_order_id, sell_order_id, buyer_id, seller_id, executed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING`,
      [t.tradeId, t.symbol, t.price, t.quantity, t.takerSide, t.buyOrderId, t.sellOrderId, t.buyerId, t.sellerId, ts(t.ts)],
    );
  }
}

export async function saveBalances(c: PoolClient, balances: BalanceState[]): Promise<void> {
  for (const b of balances) {
    await c.query(
      `INSERT INTO balances (user_id, asset, available, locked, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id, asset) DO UPDATE SET available = EXCLUDED.available, locked = EXCLUDED.locked,
         updated_at = EXCLUDED.updated_at`,
      [b.userId, b.asset, b.available, b.locked, ts(b.ts)],
    );
  }
}

/** Seed 001's order cache holds only live orders: set while open, deleted once done. */
export async function cacheOrders(redis: Redis, keys: RedisKeys, orders: OrderState[]): Promise<void> {
  if (orders.length === 0) return;
  const m = redis.multi();
  for (const o of orders) {
    const key = keys.order(o.userId, o.orderId);
    if (isOpen(o.status)) m.set(key, JSON.stringify(o), 'EX', TTL_SECONDS.order);
    else m.del(key);
  }
  await m.exec();
}

/** Recent public trades as a sorted set by time: re-adding the same trade is a no-op. */
export async function cacheTrades(redis: Redis, keys: RedisKeys, trades: TradeRecord[]): Promise<void> {
  if (trades.length === 0) return;
  const m = redis.multi();
  for (const t of trades) {
    const key = keys.trades(t.symbol);
    m.zadd(key, t.ts, JSON.stringify(publicTrade(t)));
    m.zremrangebyrank(key, 0, -(RECENT_TRADES + 1));
    m.expire(key, TTL_SECONDS.trades);
  }
  await m.exec();
}

export async function cacheBalances(redis: Redis, keys: RedisKeys, balances: BalanceState[]): Promise<void> {
  if (balances.length === 0) return;
  const m = redis.multi();
  for (const b of balances) m.set(keys.account(b.userId, b.asset), JSON.stringify(b), 'EX', TTL_SECONDS.account);
  await m.exec();
}

/** What the public sees of a trade: no user or order ids. */
export const publicTrade = (t: TradeRecord) => ({
  id: t.tradeId,
  symbol: t.symbol,
  price: t.price,
  quantity: t.quantity,
  takerSide: t.takerSide,
  executedAt: ts(t.ts),
});

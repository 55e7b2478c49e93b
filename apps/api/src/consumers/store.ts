import type { Pool, PoolClient } from 'pg';
import type { Redis } from 'ioredis';
import { RECENT_TRADES, RedisKeys, TTL_SECONDS } from '../lib/keys.js';
import { apiOrderType } from '../lib/commands.js';
import { ORDER_COLUMNS, OPEN_STATUSES, orderFromRow, type Order } from '../lib/orders.js';
import type { AssetRules, InstrumentRules } from '../lib/instruments.js';
import type { ResultEvent, TradeEvent } from '../lib/engine-contract.js';

/** The engine input command a result belongs to; the unit of idempotency. */
export interface Position {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
}

/** Looks up conversion rules; undefined for a symbol or asset the API does not know. */
export interface Rules {
  instrument(symbol: string): InstrumentRules | undefined;
  asset(asset: string): AssetRules | undefined;
}

/**
 * Runs `apply` in one transaction together with advancing the group's stored input offset, and skips it
 * when that offset was already applied. Redelivered or re-emitted results are thus applied exactly once.
 * Returns false when skipped.
 */
export async function applyOnce(pool: Pool, group: string, at: Position, apply: (c: PoolClient) => Promise<void>): Promise<boolean> {
  const client = await pool.connect();
  // A checked-out client whose server goes away emits 'error' between queries; the failing query already
  // rejects, so the event only needs a listener. A failed client is destroyed on release, not reused.
  const ignore = () => undefined;
  client.on('error', ignore);
  let failure: Error | undefined;
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
    failure = err as Error;
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.off('error', ignore);
    client.release(failure);
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

const RETURNING = `RETURNING ${ORDER_COLUMNS}`;

/**
 * Applies one command's order events in order and returns the resulting order rows. POST /orders stored
 * the order as PENDING before producing it: ACCEPTED turns it NEW (or inserts it, for a command that did
 * not come through this API), REJECTED turns it REJECTED with the engine's reason.
 */
export async function saveOrderEvents(c: PoolClient, events: ResultEvent[], rules: Rules): Promise<Map<string, Order>> {
  const states = new Map<string, Order>();
  const keep = (rows: unknown[]) => rows.forEach((r) => states.set((r as { id: string }).id, orderFromRow(r)));
  for (const e of events) {
    switch (e.type) {
      case 'ACCEPTED': {
        const a = e;
        const r = rules.instrument(a.symbol);
        if (!r) continue;
        const { type, timeInForce } = apiOrderType(a.orderType);
        const { rows } = await c.query(
          `INSERT INTO orders (id, user_id, symbol, side, type, time_in_force, price, quantity, status, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'NEW', $9, $9)
           ON CONFLICT (id) DO UPDATE SET status = 'NEW', updated_at = EXCLUDED.updated_at WHERE orders.status = 'PENDING' ${RETURNING}`,
          [a.orderId, a.accountId, a.symbol, a.side, type, timeInForce, a.price === null || type === 'MARKET' ? null : r.price(a.price), r.quantity(a.quantity), iso(a.timestampMs)],
        );
        keep(rows);
        break;
      }
      case 'TRADE': {
        const t = e;
        const r = rules.instrument(t.symbol);
        if (!r) continue;
        for (const [id, remaining] of [[t.takerOrderId, t.takerRemaining], [t.makerOrderId, t.makerRemaining]] as const) {
          const { rows } = await c.query(
            `UPDATE orders SET filled_quantity = quantity - $2::numeric,
               status = CASE WHEN $2::numeric = 0 THEN 'FILLED' ELSE 'PARTIALLY_FILLED' END, updated_at = $3
             WHERE id = $1 ${RETURNING}`,
            [id, r.quantity(remaining), iso(t.timestampMs)],
          );
          keep(rows);
        }
        break;
      }
      case 'REJECTED': {
        if (!e.orderId || !e.accountId || e.commandType !== 'PLACE') continue;
        const { rows } = await c.query(
          `UPDATE orders SET status = 'REJECTED', reason = $3, updated_at = $4
            WHERE id = $1 AND user_id = $2 AND status = 'PENDING' ${RETURNING}`,
          [e.orderId, e.accountId, e.reason, iso(e.timestampMs)],
        );
        keep(rows);
        break;
      }
      case 'CANCELLED': {
        const { rows } = await c.query(
          `UPDATE orders SET status = 'CANCELED', reason = $2, updated_at = $3 WHERE id = $1 ${RETURNING}`,
          [e.orderId, e.reason, iso(e.timestampMs)],
        );
        keep(rows);
        break;
      }
      case 'REDUCED':
      case 'MOVED': {
        const r = rules.instrument(e.symbol);
        if (!r) continue;
        const { rows } = await c.query(
          `UPDATE orders SET quantity = filled_quantity + $2::numeric, price = coalesce($3, price), updated_at = $4
           WHERE id = $1 ${RETURNING}`,
          [e.orderId, r.quantity(e.remaining), e.type === 'MOVED' ? r.price(e.price) : null, iso(e.timestampMs)],
        );
        keep(rows);
        break;
      }
      default:
    }
  }
  return states;
}

/** Public trade ids are unique per engine instance's sequence, so the symbol is part of the id. */
export const tradeId = (t: TradeEvent) => `${t.symbol}-${t.tradeId}`;

/** A trade in API units, with both parties resolved from the taker side. */
export interface TradeRecord {
  id: string;
  symbol: string;
  price: string;
  quantity: string;
  takerSide: string;
  buyOrderId: string;
  sellOrderId: string;
  buyerId: string;
  sellerId: string;
  executedAt: string;
}

export function tradeRecords(events: ResultEvent[], rules: Rules): TradeRecord[] {
  const out: TradeRecord[] = [];
  for (const e of events) {
    if (e.type !== 'TRADE') continue;
    const t = e;
    const r = rules.instrument(t.symbol);
    if (!r) continue;
    const takerBuys = t.takerSide === 'BUY';
    out.push({
      id: tradeId(t),
      symbol: t.symbol,
      price: r.price(t.price),
      quantity: r.quantity(t.quantity),
      takerSide: t.takerSide,
      buyOrderId: takerBuys ? t.takerOrderId : t.makerOrderId,
      sellOrderId: takerBuys ? t.makerOrderId : t.takerOrderId,
      buyerId: takerBuys ? t.takerAccountId : t.makerAccountId,
      sellerId: takerBuys ? t.makerAccountId : t.takerAccountId,
      executedAt: iso(t.timestampMs),
    });
  }
  return out;
}

export async function saveTrades(c: PoolClient, trades: TradeRecord[]): Promise<void> {
  for (const t of trades) {
    await c.query(
      `INSERT INTO trades (id, symbol, price, quantity, taker_side, buy_order_id, sell_order_id, buyer_id, seller_id, executed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING`,
      [t.id, t.symbol, t.price, t.quantity, t.takerSide, t.buyOrderId, t.sellOrderId, t.buyerId, t.sellerId, t.executedAt],
    );
  }
}

/** A balance in API units. */
export interface BalanceState {
  userId: string;
  asset: string;
  available: string;
  locked: string;
  updatedAt: string;
}

export function balanceStates(events: ResultEvent[], rules: Rules): BalanceState[] {
  const out: BalanceState[] = [];
  for (const e of events) {
    if (e.type !== 'BALANCE') continue;
    const b = e;
    const a = rules.asset(b.asset);
    if (!a) continue;
    out.push({ userId: b.accountId, asset: b.asset, available: a.amount(b.available), locked: a.amount(b.reserved), updatedAt: iso(b.timestampMs) });
  }
  return out;
}

/** The engine reports the whole balance after each command, so the last write wins. */
export async function saveBalances(c: PoolClient, balances: BalanceState[]): Promise<void> {
  for (const b of balances) {
    await c.query(
      `INSERT INTO balances (user_id, asset, available, locked, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id, asset) DO UPDATE SET available = EXCLUDED.available, locked = EXCLUDED.locked,
         updated_at = EXCLUDED.updated_at`,
      [b.userId, b.asset, b.available, b.locked, b.updatedAt],
    );
  }
}

/** Seed 001's order cache holds only live orders: set while open, deleted once done. */
export async function cacheOrders(redis: Redis, keys: RedisKeys, orders: Iterable<Order>): Promise<void> {
  const m = redis.multi();
  for (const o of orders) {
    const key = keys.order(o.userId, o.id);
    if (OPEN_STATUSES.includes(o.status)) m.set(key, JSON.stringify(o), 'EX', TTL_SECONDS.order);
    else m.del(key);
  }
  if (m.length > 0) await m.exec();
}

/** Recent public trades as a sorted set by time: re-adding the same trade is a no-op. */
export async function cacheTrades(redis: Redis, keys: RedisKeys, trades: TradeRecord[]): Promise<void> {
  if (trades.length === 0) return;
  const m = redis.multi();
  for (const t of trades) {
    const key = keys.trades(t.symbol);
    m.zadd(key, Date.parse(t.executedAt), JSON.stringify(publicTrade(t)));
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
  id: t.id,
  symbol: t.symbol,
  price: t.price,
  quantity: t.quantity,
  takerSide: t.takerSide,
  executedAt: t.executedAt,
});

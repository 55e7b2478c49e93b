import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { PendingOrderWriter, type PendingOrder } from '../src/lib/pending-orders.js';
import { sandbox, type Sandbox } from './helpers.js';

const orderOf = (userId: string, overrides: Partial<PendingOrder> = {}): PendingOrder => ({
  id: randomUUID(),
  userId,
  symbol: 'BTC-USDT',
  side: 'BUY',
  type: 'LIMIT',
  timeInForce: 'GTC',
  price: '50000.01',
  quantity: '0.0010',
  clientOrderId: null,
  createdAt: new Date(),
  ...overrides,
});

describe('PendingOrderWriter (POST /orders PENDING rows, batched)', () => {
  let box: Sandbox;
  let pool: pg.Pool;
  /** Statements the writer sent, by counting the pool's queries. */
  let statements = 0;

  before(async () => {
    box = await sandbox();
    pool = new pg.Pool({ connectionString: box.databaseUrl, max: 4 });
    const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
    (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      statements++;
      return query(...args);
    };
  });
  after(async () => {
    await pool.end();
    await box.drop();
  });

  const stored = async (ids: string[]) =>
    (await pool.query<{ id: string; status: string; price: string | null }>('SELECT id, status, price::text FROM orders WHERE id = ANY($1::uuid[]) ORDER BY id', [ids])).rows;

  test('stores the orders of concurrent requests as PENDING with one statement', async () => {
    const writer = new PendingOrderWriter(pool);
    const userId = randomUUID();
    const orders = Array.from({ length: 40 }, (_, i) => orderOf(userId, { price: i % 2 === 0 ? `${50000 + i}.5` : null, type: i % 2 === 0 ? 'LIMIT' : 'MARKET' }));
    statements = 0;
    const results = await Promise.all(orders.map((o) => writer.insert(o)));
    assert.equal(statements, 1);
    assert.deepEqual(results, orders.map(() => true));
    const rows = await stored(orders.map((o) => o.id));
    assert.equal(rows.length, 40);
    assert.ok(rows.every((r) => r.status === 'PENDING'));
    const byId = new Map(rows.map((r) => [r.id, r.price]));
    for (const o of orders) assert.equal(byId.get(o.id) === null ? null : Number(byId.get(o.id)), o.price === null ? null : Number(o.price));
  });

  test('splits a burst larger than the batch size into several statements', async () => {
    const writer = new PendingOrderWriter(pool, 10);
    const userId = randomUUID();
    statements = 0;
    const results = await Promise.all(Array.from({ length: 25 }, () => writer.insert(orderOf(userId))));
    assert.equal(statements, 3);
    assert.ok(results.every((r) => r === true));
  });

  test('answers false for a clientOrderId the account used before, and in one batch only the first of two wins', async () => {
    const writer = new PendingOrderWriter(pool);
    const userId = randomUUID();
    assert.equal(await writer.insert(orderOf(userId, { clientOrderId: 'c-1' })), true);
    const [again, first, second, otherUser] = await Promise.all([
      writer.insert(orderOf(userId, { clientOrderId: 'c-1' })),
      writer.insert(orderOf(userId, { clientOrderId: 'c-2' })),
      writer.insert(orderOf(userId, { clientOrderId: 'c-2' })),
      writer.insert(orderOf(randomUUID(), { clientOrderId: 'c-1' })),
    ]);
    assert.deepEqual([again, first, second, otherUser], [false, true, false, true]);
  });

  test('fails when the database refuses a row, for that request only', async () => {
    const writer = new PendingOrderWriter(pool);
    const userId = randomUUID();
    const good = [orderOf(userId), orderOf(userId)];
    const bad = orderOf(userId, { quantity: 'not-a-number' });
    const [a, b, c] = await Promise.allSettled([writer.insert(good[0]), writer.insert(bad), writer.insert(good[1])]);
    assert.deepEqual([a.status, c.status], ['fulfilled', 'fulfilled']);
    assert.equal(b.status, 'rejected');
    assert.match(String((b as PromiseRejectedResult).reason), /invalid input syntax for type numeric/);
    assert.equal((await stored([...good, bad].map((o) => o.id))).length, 2);
  });
});

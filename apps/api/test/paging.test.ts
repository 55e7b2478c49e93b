import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { register, useApp } from './helpers.js';

/** Reads every page of `url` through X-Next-Cursor; returns the ids in the order received. */
async function allPages(ctx: { app: import('fastify').FastifyInstance }, url: string, auth: Record<string, string>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 20; page++) {
    const res = await ctx.app.inject({ url: `${url}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, headers: auth });
    assert.equal(res.statusCode, 200, res.body);
    ids.push(...res.json().map((r: { id: string; side?: string }) => (r.side && url.includes('/trades') ? `${r.id}/${r.side}` : r.id)));
    cursor = res.headers['x-next-cursor'] as string | undefined;
    if (!cursor) return ids;
  }
  throw new Error('more than 20 pages');
}

describe('paging with a cursor', () => {
  const ctx = useApp();

  test('GET /orders pages through orders that share a millisecond without skipping or repeating one', async () => {
    const user = await register(ctx.app);
    const at = new Date('2026-11-01T10:00:00.123Z');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = crypto.randomUUID();
      ids.push(id);
      await ctx.app.db.write.query(
        `INSERT INTO orders (id, user_id, symbol, side, type, time_in_force, price, quantity, status, created_at, updated_at)
         VALUES ($1, $2, 'BTC-USDT', 'BUY', 'LIMIT', 'GTC', 50000, 0.01, 'NEW', $3, $3)`,
        [id, user.userId, i < 4 ? at : new Date(at.getTime() - 1)],
      );
    }
    const seen = await allPages(ctx, '/api/v1/orders?limit=2', user.auth);
    assert.equal(seen.length, 5);
    assert.deepEqual([...seen].sort(), [...ids].sort());
  });

  test('GET /trades pages through fills that share a millisecond, a self-trade once per side', async () => {
    const user = await register(ctx.app);
    const other = await register(ctx.app);
    const at = new Date('2026-11-01T10:00:00.123Z');
    const rows: [string, string, string][] = [
      ['BTC-USDT-1', user.userId, other.userId],
      ['BTC-USDT-2', other.userId, user.userId],
      ['BTC-USDT-3', user.userId, user.userId],
      ['BTC-USDT-4', user.userId, other.userId],
    ];
    for (const [id, buyer, seller] of rows) {
      await ctx.app.db.write.query(
        `INSERT INTO trades (id, symbol, price, quantity, taker_side, buy_order_id, sell_order_id, buyer_id, seller_id, executed_at)
         VALUES ($1, 'BTC-USDT', 50000, 0.01, 'BUY', $2, $3, $4, $5, $6)`,
        [id, crypto.randomUUID(), crypto.randomUUID(), buyer, seller, at],
      );
    }
    const seen = await allPages(ctx, '/api/v1/trades?limit=2', user.auth);
    assert.deepEqual(seen, ['BTC-USDT-4/BUY', 'BTC-USDT-3/SELL', 'BTC-USDT-3/BUY', 'BTC-USDT-2/SELL', 'BTC-USDT-1/BUY']);
  });

  test('fails when the cursor is not one the API issued', async () => {
    const user = await register(ctx.app);
    const res = await ctx.app.inject({ url: '/api/v1/orders?cursor=bm90LWEtY3Vyc29y', headers: user.auth });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().code, 'INVALID_CURSOR');
  });
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { register, signedHeaders, useApp } from './helpers.js';

const ORDER = { symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', price: '50000', quantity: '0.01' };

describe('replay protection and idempotent placement', () => {
  const ctx = useApp();

  const apiKeyOf = async (auth: Record<string, string>, scopes?: string[]) =>
    (await ctx.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: auth, payload: { label: 'bot', ...(scopes ? { scopes } : {}) } })).json() as {
      apiKey: string;
      secret: string;
    };
  const ordersOf = async (userId: string) =>
    (await ctx.app.db.write.query<{ n: number }>('SELECT count(*)::int AS n FROM orders WHERE user_id = $1', [userId])).rows[0].n;

  test('fails when the same signed request is sent twice, and only the first places an order', async () => {
    const user = await register(ctx.app);
    const { apiKey, secret } = await apiKeyOf(user.auth, ['read', 'trade']);
    const body = JSON.stringify(ORDER);
    const headers = { ...signedHeaders(apiKey, secret, 'POST', '/api/v1/orders', body), 'content-type': 'application/json' };
    const first = await ctx.app.inject({ method: 'POST', url: '/api/v1/orders', headers, payload: body });
    assert.equal(first.statusCode, 202, first.body);
    const replay = await ctx.app.inject({ method: 'POST', url: '/api/v1/orders', headers, payload: body });
    assert.equal(replay.statusCode, 401);
    assert.equal(replay.json().code, 'SIGNATURE_REUSED');
    assert.equal(await ordersOf(user.userId), 1);
  });

  test('placing again with the same clientOrderId returns the first order instead of a second one', async () => {
    const user = await register(ctx.app);
    const payload = { ...ORDER, clientOrderId: 'my-order-1' };
    const first = await ctx.app.inject({ method: 'POST', url: '/api/v1/orders', headers: user.auth, payload });
    assert.equal(first.statusCode, 202, first.body);
    assert.deepEqual({ ...(first.json() as object), orderId: undefined }, { orderId: undefined, status: 'PENDING', clientOrderId: 'my-order-1' });
    const again = await ctx.app.inject({ method: 'POST', url: '/api/v1/orders', headers: user.auth, payload: { ...payload, price: '50000.00' } });
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().orderId, first.json().orderId);
    assert.equal(await ordersOf(user.userId), 1);
    const order = (await ctx.app.inject({ url: `/api/v1/orders/${first.json().orderId}`, headers: user.auth })).json();
    assert.equal(order.clientOrderId, 'my-order-1');
  });

  test('fails when a clientOrderId is reused for a different order', async () => {
    const user = await register(ctx.app);
    await ctx.app.inject({ method: 'POST', url: '/api/v1/orders', headers: user.auth, payload: { ...ORDER, clientOrderId: 'x-1' } });
    const other = await ctx.app.inject({ method: 'POST', url: '/api/v1/orders', headers: user.auth, payload: { ...ORDER, quantity: '0.02', clientOrderId: 'x-1' } });
    assert.equal(other.statusCode, 409);
    assert.equal(other.json().code, 'CLIENT_ORDER_ID_REUSED');
    assert.equal(await ordersOf(user.userId), 1);
  });

  test('a clientOrderId is unique per account, not across accounts', async () => {
    const [a, b] = [await register(ctx.app), await register(ctx.app)];
    for (const u of [a, b]) {
      const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/orders', headers: u.auth, payload: { ...ORDER, clientOrderId: 'shared' } });
      assert.equal(res.statusCode, 202, res.body);
    }
  });
});

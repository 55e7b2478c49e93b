import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { register, signedHeaders, useApp } from './helpers.js';
import { readTopic } from './kafka.js';
import { topics } from '../src/lib/topics.js';

describe('POST /orders', () => {
  const ctx = useApp();

  test('answers 202 with an order id after producing the command keyed by symbol', async () => {
    const user = await register(ctx.app);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: user.auth,
      payload: { symbol: 'ETH-USDT', side: 'SELL', type: 'LIMIT', price: '2500.10', quantity: '1.5' },
    });
    assert.equal(res.statusCode, 202, res.body);
    const { orderId, status } = res.json();
    assert.equal(status, 'PENDING');
    assert.match(orderId, /^[0-9a-f-]{36}$/);

    const signedBody = JSON.stringify({ symbol: 'ETH-USDT', side: 'BUY', type: 'MARKET', quantity: '0.5' });
    const { apiKey, secret } = (await ctx.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: user.auth, payload: { label: 'b', scopes: ['read', 'trade'] } })).json();
    const viaKey = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { ...signedHeaders(apiKey, secret, 'POST', '/api/v1/orders', signedBody), 'content-type': 'application/json' },
      payload: signedBody,
    });
    assert.equal(viaKey.statusCode, 202, viaKey.body);

    const messages = await readTopic(topics(ctx.box.config.kafkaPrefix).input, 2);
    assert.deepEqual(messages.map((m) => m.key), ['ETH-USDT', 'ETH-USDT']);
    const [place, market] = messages.map((m) => JSON.parse(m.value));
    // Engine units: ETH has 8 decimals, a lot is 0.001 ETH, prices are USDT (6 decimals) per lot.
    assert.deepEqual({ ...place, timestampMs: 0 }, {
      type: 'PLACE', orderId, accountId: user.userId, symbol: 'ETH-USDT', side: 'SELL', orderType: 'LIMIT',
      price: 2_500_100, quantity: 150_000_000, timestampMs: 0,
    });
    assert.ok(Math.abs(place.timestampMs - Date.now()) < 60_000);
    assert.equal(market.orderType, 'MARKET');
    assert.equal(market.quantity, 50_000_000);
    assert.equal('price' in market, false);
  });

  test('cancel right after placing is routed to the engine before the engine has answered', async () => {
    const user = await register(ctx.app);
    const placed = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: user.auth,
      payload: { symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', price: '50000', quantity: '0.01' },
    });
    assert.equal(placed.statusCode, 202, placed.body);
    const { orderId } = placed.json();
    // No result consumer runs in this app: nothing but POST /orders has stored the order.
    const cancel = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/orders/${orderId}`, headers: user.auth });
    assert.equal(cancel.statusCode, 202, cancel.body);
    assert.equal(cancel.json().status, 'CANCEL_REQUESTED');
    const mine = (await readTopic(topics(ctx.box.config.kafkaPrefix).input, 100, 5_000))
      .map((m) => ({ key: m.key, ...JSON.parse(m.value) }))
      .filter((c) => c.orderId === orderId);
    assert.deepEqual(mine.map((c) => [c.type, c.key, c.symbol, c.accountId]), [
      ['PLACE', 'BTC-USDT', 'BTC-USDT', user.userId],
      ['CANCEL', 'BTC-USDT', 'BTC-USDT', user.userId],
    ]);
  });

  test('a placed order is readable at once as PENDING', async () => {
    const user = await register(ctx.app);
    const placed = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: user.auth,
      payload: { symbol: 'BTC-USDT', side: 'SELL', type: 'LIMIT', price: '60000', quantity: '0.5' },
    });
    const order = (await ctx.app.inject({ url: `/api/v1/orders/${placed.json().orderId}`, headers: user.auth })).json();
    assert.deepEqual([order.status, order.side, order.price, order.quantity, order.filledQuantity], ['PENDING', 'SELL', '60000', '0.5', '0']);
  });

  test('a repeated cancel before the engine answered sends one CANCEL command', async () => {
    const user = await register(ctx.app);
    const placed = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: user.auth,
      payload: { symbol: 'ETH-USDT', side: 'BUY', type: 'LIMIT', price: '2000', quantity: '0.01' },
    });
    const { orderId } = placed.json();
    for (let i = 0; i < 2; i++) {
      const res = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/orders/${orderId}`, headers: user.auth });
      assert.equal(res.statusCode, 202, res.body);
    }
    const cancels = (await readTopic(topics(ctx.box.config.kafkaPrefix).input, 1000, 5_000))
      .map((m) => JSON.parse(m.value))
      .filter((c) => c.orderId === orderId && c.type === 'CANCEL');
    assert.equal(cancels.length, 1);
  });

  test('cancel of an order that does not exist is a 404', async () => {
    const user = await register(ctx.app);
    const res = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/orders/${crypto.randomUUID()}`, headers: user.auth });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().code, 'ORDER_NOT_FOUND');
  });

  test("cancel of another user's order is a 404", async () => {
    const owner = await register(ctx.app);
    const other = await register(ctx.app);
    const placed = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: owner.auth,
      payload: { symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', price: '50000', quantity: '0.01' },
    });
    const res = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/orders/${placed.json().orderId}`, headers: other.auth });
    assert.equal(res.statusCode, 404);
  });
});

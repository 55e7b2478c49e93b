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
    assert.equal(status, 'ACCEPTED');
    assert.match(orderId, /^[0-9a-f-]{36}$/);

    const signedBody = JSON.stringify({ symbol: 'ETH-USDT', side: 'BUY', type: 'MARKET', quantity: '0.5' });
    const { apiKey, secret } = (await ctx.app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: user.auth, payload: { label: 'b' } })).json();
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

  test('cancel of an order the engine has not reported yet is a 404', async () => {
    const user = await register(ctx.app);
    const res = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/orders/${crypto.randomUUID()}`, headers: user.auth });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().code, 'ORDER_NOT_FOUND');
  });
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { appFor, register, sandbox, signedHeaders, type Sandbox } from './helpers.js';
import { readTopic } from './kafka.js';
import { topics } from '../src/lib/topics.js';

describe('POST /orders', () => {
  let box: Sandbox;
  let app: FastifyInstance;
  before(async () => {
    box = await sandbox();
    app = await appFor(box.config);
  });
  after(async () => {
    await app.close();
    await box.drop();
  });

  test('answers 202 with an order id after producing the command keyed by symbol', async () => {
    const user = await register(app);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: user.auth,
      payload: { symbol: 'ETH-USDT', side: 'SELL', type: 'LIMIT', price: '2500.10', quantity: '1.5', clientOrderId: 'c-1' },
    });
    assert.equal(res.statusCode, 202, res.body);
    const { orderId, status } = res.json();
    assert.equal(status, 'ACCEPTED');
    assert.match(orderId, /^[0-9a-f-]{36}$/);

    const signedBody = JSON.stringify({ symbol: 'ETH-USDT', side: 'BUY', type: 'MARKET', quantity: '0.5' });
    const { apiKey, secret } = (await app.inject({ method: 'POST', url: '/api/v1/api-keys', headers: user.auth, payload: { label: 'b' } })).json();
    const viaKey = await app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { ...signedHeaders(apiKey, secret, 'POST', '/api/v1/orders', signedBody), 'content-type': 'application/json' },
      payload: signedBody,
    });
    assert.equal(viaKey.statusCode, 202, viaKey.body);

    const messages = await readTopic(topics(box.config.kafkaPrefix).input, 2);
    assert.deepEqual(messages.map((m) => m.key), ['ETH-USDT', 'ETH-USDT']);
    const [place, market] = messages.map((m) => JSON.parse(m.value));
    assert.equal(place.orderId, orderId);
    assert.equal(place.userId, user.userId);
    assert.equal(place.price, '2500.10');
    assert.equal(place.timeInForce, 'GTC');
    assert.equal(market.type, 'MARKET');
    assert.equal(market.timeInForce, 'IOC');
  });

  test('cancel of an order the engine has not reported yet is a 404', async () => {
    const user = await register(app);
    const res = await app.inject({ method: 'DELETE', url: `/api/v1/orders/${crypto.randomUUID()}`, headers: user.auth });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().code, 'ORDER_NOT_FOUND');
  });
});

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { register, useApp } from './helpers.js';

describe('bad input', () => {
  const ctx = useApp();
  let auth: Record<string, string>;
  before(async () => {
    auth = (await register(ctx.app)).auth;
  });

  const order = { symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', price: '100.5', quantity: '0.01' };

  test('malformed order bodies get 400 with a code and never reach Kafka', async () => {
    const cases: [unknown, string][] = [
      [{ ...order, side: 'HOLD' }, 'VALIDATION_FAILED'],
      [{ ...order, price: '-1' }, 'VALIDATION_FAILED'],
      [{ ...order, price: '1e5' }, 'VALIDATION_FAILED'],
      [{ ...order, price: 100 }, 'VALIDATION_FAILED'],
      [{ ...order, quantity: '0.00001' }, 'INVALID_QUANTITY'],
      [{ ...order, quantity: '0.00015' }, 'INVALID_QUANTITY'],
      [{ ...order, price: '100.001' }, 'INVALID_PRICE'],
      [{ ...order, quantity: '99999999999999999999' }, 'INVALID_QUANTITY'],
      [{ ...order, type: 'MARKET', price: undefined, timeInForce: 'GTC' }, 'VALIDATION_FAILED'],
      [{ ...order, price: '0' }, 'INVALID_PRICE'],
      [{ ...order, price: undefined }, 'INVALID_PRICE'],
      [{ ...order, type: 'MARKET' }, 'INVALID_PRICE'],
      [{ ...order, symbol: 'btc' }, 'VALIDATION_FAILED'],
      [{ ...order, extra: 1 }, 'VALIDATION_FAILED'],
      [[order], 'VALIDATION_FAILED'],
      [null, 'VALIDATION_FAILED'],
    ];
    for (const [payload, code] of cases) {
      const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/orders', headers: { ...auth, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
      assert.equal(res.statusCode, 400, JSON.stringify(payload));
      assert.equal(res.json().code, code, JSON.stringify(payload));
      assert.ok(res.json().requestId);
    }
  });

  test('unparseable JSON, empty bodies and wrong content types are 4xx, not 5xx', async () => {
    const invalid = await ctx.app.inject({ method: 'POST', url: '/api/v1/orders', headers: { ...auth, 'content-type': 'application/json' }, payload: '{"symbol":' });
    assert.equal(invalid.statusCode, 400);
    assert.equal(invalid.json().code, 'INVALID_JSON');
    const empty = await ctx.app.inject({ method: 'POST', url: '/api/v1/orders', headers: { ...auth, 'content-type': 'application/json' }, payload: '' });
    assert.equal(empty.statusCode, 400);
    assert.equal(empty.json().code, 'VALIDATION_FAILED');
    const text = await ctx.app.inject({ method: 'POST', url: '/api/v1/orders', headers: { ...auth, 'content-type': 'application/xml' }, payload: '<a/>' });
    assert.equal(text.statusCode, 415);
    assert.equal(text.json().code, 'UNSUPPORTED_MEDIA_TYPE');
    const big = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ email: 'a'.repeat(100_000) }) });
    assert.equal(big.statusCode, 413);
    assert.equal(big.json().code, 'PAYLOAD_TOO_LARGE');
  });

  test('bad path and query parameters get 400', async () => {
    const cases = [
      '/api/v1/orders/not-a-uuid',
      '/api/v1/orders?limit=0',
      '/api/v1/orders?limit=abc',
      '/api/v1/orders?before=yesterday',
      '/api/v1/orders?symbol=lower-case',
      '/api/v1/markets/bad%20symbol',
      '/api/v1/markets/BTC-USDT/orderbook?depth=100000',
    ];
    for (const url of cases) {
      const res = await ctx.app.inject({ url, headers: auth });
      assert.equal(res.statusCode, 400, url);
      assert.equal(res.json().code, 'VALIDATION_FAILED', url);
    }
  });

  test('a date the schema accepts but PostgreSQL cannot store is still a 400', async () => {
    const res = await ctx.app.inject({ url: '/api/v1/orders?before=0000-01-01T00:00:00Z', headers: auth });
    assert.equal(res.statusCode, 400);
  });

  test('unknown symbols and routes are coded 404s', async () => {
    const sym = await ctx.app.inject({ method: 'POST', url: '/api/v1/orders', headers: auth, payload: { ...order, symbol: 'DOGE-USDT' } });
    assert.equal(sym.statusCode, 404);
    assert.equal(sym.json().code, 'UNKNOWN_SYMBOL');
    const route = await ctx.app.inject({ url: '/api/v1/nope' });
    assert.equal(route.statusCode, 404);
    assert.equal(route.json().code, 'NOT_FOUND');
  });

  test('register validates email and password length', async () => {
    for (const payload of [{ email: 'not-an-email', password: 'long enough' }, { email: 'a@b.co', password: 'short' }, {}]) {
      const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload });
      assert.equal(res.statusCode, 400, JSON.stringify(payload));
      assert.equal(res.json().code, 'VALIDATION_FAILED');
    }
  });
});

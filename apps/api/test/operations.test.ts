import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { appFor, register, sandbox, useApp } from './helpers.js';
import { listenMetrics } from '../src/ops-server.js';
import { ErrorCode } from '../src/errors.js';

describe('operations', () => {
  const ctx = useApp();

  test('/healthz and /readyz report PostgreSQL, Redis and Kafka', async () => {
    assert.equal((await ctx.app.inject({ url: '/healthz' })).statusCode, 200);
    const ready = await ctx.app.inject({ url: '/readyz' });
    assert.equal(ready.statusCode, 200, ready.body);
    assert.deepEqual(ready.json().checks, { postgres: 'ok', redis: 'ok', kafka: 'ok' });
  });

  test('/readyz is 503 naming the service that is down', async () => {
    const broken = await appFor({ ...ctx.box.config, redisUrl: 'redis://127.0.0.1:1', kafkaBrokers: ['127.0.0.1:1'] });
    try {
      const res = await broken.inject({ url: '/readyz' });
      assert.equal(res.statusCode, 503);
      const { checks } = res.json();
      assert.equal(checks.postgres, 'ok');
      assert.notEqual(checks.redis, 'ok');
      assert.notEqual(checks.kafka, 'ok');
    } finally {
      await broken.close();
    }
  });

  test('request ids are generated, or taken from the caller, and echoed', async () => {
    const own = await ctx.app.inject({ url: '/api/v1/markets' });
    assert.match(String(own.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    const given = await ctx.app.inject({ url: '/api/v1/nope', headers: { 'x-request-id': 'abc-123' } });
    assert.equal(given.headers['x-request-id'], 'abc-123');
    assert.equal(given.json().requestId, 'abc-123');
    const hostile = await ctx.app.inject({ url: '/api/v1/nope', headers: { 'x-request-id': 'a\nb'.repeat(100) } });
    assert.match(String(hostile.headers['x-request-id']), /^[0-9a-f-]{36}$/, 'an unsafe id is replaced');
  });

  for (const rateLimitShared of [false, true]) {
    test(`rate limit per client (${rateLimitShared ? 'shared in Redis' : 'per replica'}): the 6th request in the window is a coded 429`, async () => {
      const small = await appFor({ ...ctx.box.config, rateLimitMax: 5, rateLimitWindowMs: 60_000, rateLimitShared });
      after(() => small.close());
      const user = await register(small);
      const codes: number[] = [];
      for (let i = 0; i < 6; i++) codes.push((await small.inject({ url: '/api/v1/balances', headers: user.auth })).statusCode);
      assert.deepEqual(codes, [200, 200, 200, 200, 200, 429]);
      const limitedRes = await small.inject({ url: '/api/v1/balances', headers: user.auth });
      assert.equal(limitedRes.json().code, 'RATE_LIMITED');
      // Another client (a different token) has its own bucket.
      const other = await register(small);
      assert.equal((await small.inject({ url: '/api/v1/balances', headers: other.auth })).statusCode, 200);
      if (rateLimitShared) {
        // A second replica sees the same count.
        const replica = await appFor({ ...ctx.box.config, rateLimitMax: 5, rateLimitWindowMs: 60_000, rateLimitShared });
        after(() => replica.close());
        assert.equal((await replica.inject({ url: '/api/v1/balances', headers: user.auth })).statusCode, 429);
      }
    });
  }

  test('anonymous calls through a trusted proxy are limited per forwarded client address', async () => {
    const small = await appFor({ ...ctx.box.config, rateLimitMax: 2, rateLimitWindowMs: 60_000, trustedProxies: ['10.0.0.0/8'] });
    after(() => small.close());
    const viaFrontend = (client: string) =>
      small.inject({ url: '/api/v1/markets', remoteAddress: '10.1.2.3', headers: { 'x-forwarded-for': client } }).then((r) => r.statusCode);
    assert.deepEqual([await viaFrontend('203.0.113.1'), await viaFrontend('203.0.113.1'), await viaFrontend('203.0.113.1')], [200, 200, 429]);
    assert.equal(await viaFrontend('203.0.113.2'), 200, 'another visitor behind the same frontend has a budget of its own');
  });

  test('a forwarded address from an untrusted peer is ignored', async () => {
    const small = await appFor({ ...ctx.box.config, rateLimitMax: 2, rateLimitWindowMs: 60_000, trustedProxies: ['10.0.0.0/8'] });
    after(() => small.close());
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) {
      codes.push((await small.inject({ url: '/api/v1/markets', remoteAddress: '198.51.100.7', headers: { 'x-forwarded-for': `203.0.113.${i}` } })).statusCode);
    }
    assert.deepEqual(codes, [200, 200, 429]);
  });

  test('/metrics is served on its own port with request latency by route, and not on the API port', async () => {
    await ctx.app.inject({ url: '/api/v1/markets' });
    const metrics = await listenMetrics(ctx.app, '127.0.0.1', 0);
    after(() => metrics.close());
    const res = await fetch(`http://127.0.0.1:${metrics.address.port}/metrics`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/markets",status="200"\} [1-9]/);
    assert.equal((await ctx.app.inject({ url: '/metrics' })).statusCode, 404);
  });

  test('the OpenAPI document describes every operation, the signing headers, every error code and the WebSocket', async () => {
    const spec = (await ctx.app.inject({ url: '/api/docs/json' })).json();
    const undescribed = Object.entries(spec.paths as Record<string, Record<string, { summary?: string }>>).flatMap(([path, ops]) =>
      Object.entries(ops).filter(([, op]) => !op.summary).map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    assert.deepEqual(undescribed, []);
    assert.deepEqual(
      Object.values(spec.components.securitySchemes).map((s: any) => s.name ?? s.scheme),
      ['bearer', 'APIKEY', 'timestamp', 'signature'],
    );
    assert.deepEqual(spec.paths['/api/v1/orders'].post.security, [{ bearer: [] }, { apiKey: [], apiTimestamp: [], apiSignature: [] }]);
    for (const code of Object.keys(ErrorCode)) assert.match(spec.info.description, new RegExp(`\`${code}\``), code);
    assert.match(spec.info.description, /## WebSocket `\/ws`/);
  });

  test('the OpenAPI document is served under /api/docs', async () => {
    const res = await ctx.app.inject({ url: '/api/docs/json' });
    assert.equal(res.statusCode, 200);
    const spec = res.json();
    assert.equal(spec.openapi, '3.0.3');
    assert.ok(spec.paths['/api/v1/orders'].post);
    assert.ok(spec.paths['/api/v1/markets/{symbol}/orderbook'].get);
    const ui = await ctx.app.inject({ url: '/api/docs' });
    assert.equal(ui.statusCode, 200);
    assert.match(String(ui.headers['content-type']), /text\/html/);
  });

  test('markets list the seeded instruments with their increments', async () => {
    const res = await ctx.app.inject({ url: '/api/v1/markets/BTC-USDT' });
    assert.deepEqual(res.json(), { symbol: 'BTC-USDT', baseAsset: 'BTC', quoteAsset: 'USDT', tickSize: '0.01', lotSize: '0.0001', minQty: '0.0001', status: 'TRADING' });
  });

  test('list endpoints read from DATABASE_READ_URL, writes and cancels use the primary', async () => {
    const replica = await sandbox();
    after(() => replica.drop());
    const app = await appFor({ ...ctx.box.config, databaseReadUrl: replica.databaseUrl });
    after(() => app.close());
    const user = await register(app);
    const orderId = crypto.randomUUID();
    const db = new pg.Client({ connectionString: replica.databaseUrl });
    await db.connect();
    await db.query(
      `INSERT INTO orders (id, user_id, symbol, side, type, time_in_force, price, quantity, status)
       VALUES ($1, $2, 'BTC-USDT', 'BUY', 'LIMIT', 'GTC', 100, 1, 'NEW')`,
      [orderId, user.userId],
    );
    await db.end();
    const open = (await app.inject({ url: '/api/v1/orders/open', headers: user.auth })).json();
    assert.deepEqual(open.map((o: { id: string }) => o.id), [orderId]);
    const cancel = await app.inject({ method: 'DELETE', url: `/api/v1/orders/${orderId}`, headers: user.auth });
    assert.equal(cancel.statusCode, 404, 'the cancel checks the primary, where the order is not');
  });

  test('a request that needs a database that is down gets a coded 503, not a 500', async () => {
    const app = await appFor({ ...ctx.box.config, databaseUrl: 'postgres://orderbook:orderbook@127.0.0.1:1/none' });
    after(() => app.close());
    const res = await app.inject({ url: '/api/v1/markets' });
    assert.equal(res.statusCode, 503);
    assert.equal(res.json().code, 'UPSTREAM_UNAVAILABLE');
  });
});

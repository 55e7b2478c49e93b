import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';
import { migrate } from '../src/lib/db.js';
import { JWT_PRIVATE_KEY, JWT_PUBLIC_KEY, eventually, register } from './helpers.js';
import { PrivateServices } from './private-services.js';
import { EngineProcess } from './engine-process.js';

describe('restarts of PostgreSQL, Redis and the broker during load', { timeout: 600_000 }, () => {
  let svc: PrivateServices;
  let app: FastifyInstance;
  let config: Config;
  before(async () => {
    svc = await PrivateServices.create();
    await svc.services('start', 'pg', 'redis');
    await svc.kafka('start');
    const admin = new pg.Client({ connectionString: svc.pgUrl });
    await admin.connect();
    await admin.query('CREATE DATABASE api');
    await admin.end();
    const databaseUrl = svc.pgUrl.replace(/\/postgres$/, '/api');
    await migrate(databaseUrl);
    config = {
      ...loadConfig({}),
      databaseUrl,
      redisUrl: svc.redisUrl,
      kafkaBrokers: svc.kafkaBrokers,
      kafkaClientId: 'resilience',
      jwtPrivateKeyPem: JWT_PRIVATE_KEY,
      jwtPublicKeyPem: JWT_PUBLIC_KEY,
      apiKeyEncryptionKey: randomBytes(32).toString('hex'),
      consumersEnabled: true,
      devDepositsEnabled: true,
      rateLimitMax: 1_000_000,
      logLevel: 'silent',
    };
    app = await buildApp(config, { logger: false });
    await app.ready();
  });
  after(async () => {
    await app?.close();
    await svc?.destroy();
  });

  test('every order answered 202 is saved once the services are back', async () => {
    // The real engine, restarted like a Deployment would if the broker outage makes it exit.
    const engine = await EngineProcess.start(config, await app.instruments.all(), { restartOnExit: true });
    const user = await register(app);
    await app.inject({ method: 'POST', url: '/api/v1/dev/deposit', headers: user.auth, payload: { asset: 'USDT', amount: '10000000' } });
    await eventually(async () => ((await app.inject({ url: '/api/v1/balances', headers: user.auth })).json().length === 1 ? true : undefined), 60_000, 'deposit');
    const accepted: string[] = [];
    const refused: number[] = [];
    let running = true;
    const worker = async () => {
      while (running) {
        const res = await app.inject({
          method: 'POST',
          url: '/api/v1/orders',
          headers: user.auth,
          payload: { symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', price: '100', quantity: '0.001' },
        });
        if (res.statusCode === 202) accepted.push(res.json().orderId);
        else {
          refused.push(res.statusCode);
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    };
    const load = Promise.all([worker(), worker(), worker()]);
    const acceptedSoFar = () => accepted.length;
    const progress = async (what: string) => {
      const n = acceptedSoFar();
      await eventually(async () => (acceptedSoFar() > n + 20 ? true : undefined), 60_000, `orders accepted after ${what}`);
    };

    await progress('start');
    await svc.kafka('stop');
    await new Promise((r) => setTimeout(r, 1_000));
    await svc.kafka('start');
    await progress('broker restart');

    await svc.services('stop', 'pg');
    await new Promise((r) => setTimeout(r, 1_500));
    await svc.services('start', 'pg');
    await progress('PostgreSQL restart');

    await svc.services('stop', 'redis');
    await new Promise((r) => setTimeout(r, 1_500));
    await svc.services('start', 'redis');
    await progress('Redis restart');

    running = false;
    await load;
    assert.ok(refused.every((s) => s === 503), `only 503 while the broker was away, got ${[...new Set(refused)]}`);

    const saved = await eventually(async () => {
      const { rows } = await app.db.write.query<{ n: number }>('SELECT count(*)::int AS n FROM orders WHERE id = ANY($1::uuid[])', [accepted]);
      return rows[0].n === accepted.length ? rows[0].n : undefined;
    }, 120_000, `all ${accepted.length} accepted orders saved`);
    assert.equal(saved, accepted.length);
    const { rows } = await app.db.write.query<{ n: number }>('SELECT count(*)::int AS n FROM orders');
    assert.equal(rows[0].n, accepted.length, 'nothing saved twice or from nowhere');
    console.log(`resilience: ${accepted.length} accepted and saved; ${refused.length} refused with 503 during the broker restart; engine started ${engine.starts}x`);
    await engine.stop();
  });
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { Producer, stringSerializers } from '@platformatic/kafka';
import type { FastifyInstance } from 'fastify';
import type { PlaceCommand, ResultMessage } from '../../engine/src/contract/index.js';
import { buildApp } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';
import { migrate } from '../src/lib/db.js';
import { ConsumerRunner } from '../src/consumers/runner.js';
import { topics } from '../src/lib/topics.js';
import { JWT_PRIVATE_KEY, JWT_PUBLIC_KEY, eventually, register } from './helpers.js';
import { PrivateServices } from './private-services.js';

/**
 * Stand-in for the matching engine: answers every PLACE with ACCEPTED, tagged with the input position as
 * the engine's contract requires. It keeps this test about the API's own guarantees (and fast), while
 * e2e.test.ts runs the real engine.
 */
function acceptingEngine(config: Config): { stop(): Promise<void> } {
  const t = topics(config.kafkaPrefix);
  const producer = new Producer({ clientId: 'accepting-engine', bootstrapBrokers: config.kafkaBrokers, serializers: stringSerializers, autocreateTopics: true, retries: 3, retryDelay: 500 });
  const runner = new ConsumerRunner({
    groupId: 'accepting-engine',
    topics: [t.input],
    brokers: config.kafkaBrokers,
    clientId: 'accepting-engine',
    log: pino({ level: 'silent' }),
    handle: async (m) => {
      const c = JSON.parse(m.value) as PlaceCommand;
      const result: ResultMessage = {
        v: 1,
        inputPartition: m.partition,
        inputOffset: String(m.offset),
        events: [{ type: 'ACCEPTED', orderId: c.orderId, accountId: c.accountId, symbol: c.symbol, side: c.side, orderType: c.orderType, price: c.price ?? null, quantity: c.quantity, timestampMs: c.timestampMs }],
      };
      await producer.send({ messages: [{ topic: t.output, key: c.symbol, value: JSON.stringify(result) }] });
    },
  });
  runner.start();
  return {
    async stop() {
      await runner.stop();
      await producer.close(true);
    },
  };
}

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
    const engine = acceptingEngine(config);
    const user = await register(app);
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
    console.log(`resilience: ${accepted.length} accepted and saved; ${refused.length} refused with 503 during the broker restart`);
    await engine.stop();
  });
});

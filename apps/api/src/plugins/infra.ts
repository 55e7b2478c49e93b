import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import { closeDatabase, createDatabase, type Database } from '../lib/db.js';
import { RedisKeys } from '../lib/keys.js';
import { EngineProducer } from '../lib/engine-producer.js';
import { InstrumentCache } from '../lib/instruments.js';
import { PendingOrderWriter } from '../lib/pending-orders.js';
import type { Config } from '../config.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    db: Database;
    redis: Redis;
    keys: RedisKeys;
    engine: EngineProducer;
    instruments: InstrumentCache;
    /** Stores POST /orders' PENDING rows, batched across concurrent requests. */
    pendingOrders: PendingOrderWriter;
  }
}

/** Opens PostgreSQL, Redis and the Kafka producer once per app and closes them on app.close(). */
export default fp(
  async (app, opts: { config: Config }) => {
    const { config } = opts;
    app.decorate('config', config);
    const db = createDatabase(config.databaseUrl, config.databaseReadUrl);
    app.decorate('db', db);
    app.decorate('instruments', new InstrumentCache(db.read));
    app.decorate('pendingOrders', new PendingOrderWriter(db.write));
    // Commands queue while Redis is reconnecting; maxRetriesPerRequest bounds how long a request waits.
    const redis = new Redis(config.redisUrl, {
      maxRetriesPerRequest: 2,
      enableOfflineQueue: true,
      enableAutoPipelining: true,
      // A private CA (Memorystore's server CA) verifies the cache's certificate instead of the system CAs.
      ...(config.redisTlsCa ? { tls: { ca: config.redisTlsCa } } : {}),
    });
    redis.on('error', (err) => app.log.debug({ err }, 'redis connection error'));
    app.decorate('redis', redis);
    app.decorate('keys', new RedisKeys(config.redisPrefix));
    const engine = new EngineProducer(config);
    app.decorate('engine', engine);
    app.addHook('onClose', async () => {
      await engine.close();
      redis.disconnect();
      await closeDatabase(db);
    });
  },
  { name: 'infra' },
);

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import pg from 'pg';
import { Admin } from '@platformatic/kafka';
import { buildApp } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';
import { migrate } from '../src/lib/db.js';
import { sign, signaturePayload } from '../src/lib/crypto.js';
import { topics } from '../src/lib/topics.js';
import { after, before } from 'node:test';
import type { FastifyInstance } from 'fastify';

/** Superuser URL of the test PostgreSQL started by scripts/services.sh. */
export const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://orderbook:orderbook@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const KAFKA_BROKERS = (process.env.TEST_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

const keyPair = generateKeyPairSync('rsa', { modulusLength: 2048 });
/** The RS256 key pair every test app shares, so tests can also mint tokens (e.g. expired ones). */
export const JWT_PRIVATE_KEY = keyPair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
export const JWT_PUBLIC_KEY = keyPair.publicKey.export({ type: 'spki', format: 'pem' }).toString();

/** A database, Redis prefix and Kafka prefix of its own, so concurrent runs on shared services never clash. */
export interface Sandbox {
  readonly id: string;
  readonly databaseUrl: string;
  readonly config: Config;
  drop(): Promise<void>;
}

/** Creates and migrates a fresh database and returns a config pointing every service at unique names. */
export async function sandbox(overrides: Partial<Config> = {}): Promise<Sandbox> {
  const id = `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const dbName = `api_${id}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const databaseUrl = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);
  await migrate(databaseUrl);
  const config: Config = {
    ...loadConfig({}),
    databaseUrl,
    redisUrl: REDIS_URL,
    redisPrefix: `${id}:`,
    kafkaBrokers: KAFKA_BROKERS,
    kafkaPrefix: `${id}.`,
    kafkaClientId: `api-test-${id}`,
    jwtPrivateKeyPem: JWT_PRIVATE_KEY,
    jwtPublicKeyPem: JWT_PUBLIC_KEY,
    apiKeyEncryptionKey: randomBytes(32).toString('hex'),
    consumersEnabled: false,
    logLevel: 'silent',
    ...overrides,
  };
  return {
    id,
    databaseUrl,
    config,
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await c.end();
      await deleteTopics(config);
    },
  };
}

/** Removes the run's topics from the shared broker (best effort). */
async function deleteTopics(config: Config): Promise<void> {
  const admin = new Admin({ clientId: `${config.kafkaClientId}-cleanup`, bootstrapBrokers: config.kafkaBrokers, timeout: 5_000, retries: 0 });
  try {
    const existing = new Set(await admin.listTopics());
    const mine = Object.values(topics(config.kafkaPrefix)).filter((t) => existing.has(t));
    if (mine.length > 0) await admin.deleteTopics({ topics: mine });
  } catch {
    // The broker may be down in a resilience test; leftover topics are harmless and uniquely named.
  } finally {
    await admin.close().catch(() => undefined);
  }
}

/** Builds an app on a sandbox config. */
export const appFor = (config: Config): Promise<FastifyInstance> => buildApp(config, { logger: false });

/** Registers a user and returns its id and JWT. */
export async function register(app: FastifyInstance, email = `u${randomBytes(6).toString('hex')}@example.com`) {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email, password: 'correct horse battery' } });
  if (res.statusCode !== 201) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
  const body = res.json() as { userId: string; token: string };
  return { ...body, email, auth: { authorization: `Bearer ${body.token}` } };
}

/** Headers of an API-key request signed as the seed describes. */
export function signedHeaders(apiKey: string, secret: string, method: string, path: string, body = '', timestamp = Date.now()) {
  const ts = String(timestamp);
  return { apikey: apiKey, timestamp: ts, signature: sign(secret, signaturePayload(ts, method, path, body)) };
}

/** Polls `probe` until it returns a value other than undefined, or fails after `ms`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, ms = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** Registers before/after hooks that give the enclosing suite a sandboxed app; read `ctx.app` inside tests. */
export function useApp(overrides: Partial<Config> = {}): { box: Sandbox; app: FastifyInstance } {
  const ctx = {} as { box: Sandbox; app: FastifyInstance };
  before(async () => {
    ctx.box = await sandbox(overrides);
    ctx.app = await appFor(ctx.box.config);
  });
  after(async () => {
    await ctx.app?.close();
    await ctx.box?.drop();
  });
  return ctx;
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

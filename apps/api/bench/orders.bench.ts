/**
 * `npm run bench:api`: POST /api/v1/orders (API-key auth, validation, Kafka produce with acks=all) against
 * a hello-world route of the same framework, same machine, same autocannon settings, no pipelining.
 * Prints req/s, p50 and p99 of each and the ratio, at each of BENCH_CONNECTIONS (default 10 and 100).
 * Needs scripts/services.sh start.
 */
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { appFor, register, sandbox } from '../test/helpers.js';
import { sign, signaturePayload } from '../src/lib/crypto.js';
import type { Config } from '../src/config.js';
import { EngineProducer } from '../src/lib/engine-producer.js';
import { PendingOrderWriter } from '../src/lib/pending-orders.js';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
/** Connection counts to measure, comma-separated. */
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '10,100').split(',').map(Number);
const TARGET_RATIO = 0.5;
const TARGET_P99_MS = 20;

/** Mean round trip (ms) of each service the order path waits on, measured one request at a time. */
async function serialFloor(config: Config, n: number): Promise<{ redis: number; postgres: number; kafka: number }> {
  const time = async (f: (i: number) => Promise<unknown>) => {
    await f(-1);
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await f(i);
    return (performance.now() - t0) / n;
  };
  const redis = new Redis(config.redisUrl);
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 1 });
  const writer = new PendingOrderWriter(pool);
  const producer = new EngineProducer(config);
  try {
    const userId = randomUUID();
    return {
      redis: await time((i) => redis.set(`${config.redisPrefix}bench:probe:${i}`, '1', 'PX', 60_000, 'NX')),
      postgres: await time(() =>
        writer.insert({ id: randomUUID(), userId, symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: '1', quantity: '1', clientOrderId: null, createdAt: new Date() }),
      ),
      kafka: await time((i) => producer.send('BTC-USDT', { probe: i })),
    };
  } finally {
    redis.disconnect();
    await pool.end();
    await producer.close();
  }
}

function envOf(config: Config): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: config.databaseUrl,
    REDIS_URL: config.redisUrl,
    REDIS_PREFIX: config.redisPrefix,
    KAFKA_BROKERS: config.kafkaBrokers.join(','),
    KAFKA_PREFIX: config.kafkaPrefix,
    JWT_PRIVATE_KEY: config.jwtPrivateKeyPem,
    JWT_PUBLIC_KEY: config.jwtPublicKeyPem,
    API_KEY_ENCRYPTION_KEY: config.apiKeyEncryptionKey,
    CONSUMERS_ENABLED: 'false',
    RATE_LIMIT_MAX: '100000000',
    LOG_LEVEL: 'silent',
  };
}

async function start(mode: 'api' | 'hello', env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  // BENCH_PROFILE=<dir> writes a V8 CPU profile of each target there (on its SIGTERM exit).
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'bench/target.ts', mode], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${mode} target exited with ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${JSON.parse(line).port}` };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  statuses: Record<string, number>;
}

async function load(connections: number, opts: autocannon.Options): Promise<Figures> {
  const r = await autocannon({ connections, pipelining: 1, duration: DURATION_S, ...opts });
  const statuses = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => [code, s.count ?? 0]));
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors + r.timeouts, statuses };
}

const box = await sandbox({ rateLimitMax: 100_000_000 });
try {
  // Set up a user and an API key through the real routes.
  const setup = await appFor(box.config);
  const user = await register(setup);
  const { apiKey, secret } = (await setup.inject({ method: 'POST', url: '/api/v1/api-keys', headers: user.auth, payload: { label: 'bench', scopes: ['trade'] } })).json();
  await setup.close();

  const env = envOf(box.config);
  const path = '/api/v1/orders';
  // A signature is accepted once, and requests signed in the same millisecond with the same body would share
  // one: each request gets its own quantity (1000 lot multiples in turn), so no two concurrent ones collide.
  let sequence = 0;
  const nextBody = () =>
    JSON.stringify({ symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', price: '50000.00', quantity: `0.${String(10 + (sequence++ % 1000)).padStart(4, '0')}` });

  const api = await start('api', env);
  const hello = await start('hello', env);
  const request: autocannon.Request = { method: 'POST', path, setupRequest: (req) => signed(req) };
  const results: Array<{ connections: number; orders: Figures; base: Figures }> = [];
  try {
    // Warm-up of both (the first produce creates the topic and connections), then per connection count the
    // order route and the hello route back to back, so both see the same neighbours.
    await load(CONNECTIONS[0], { url: api.url + path, duration: 2, requests: [request] });
    await load(CONNECTIONS[0], { url: hello.url + '/hello', duration: 2 });
    for (const connections of CONNECTIONS) {
      const orders = await load(connections, { url: api.url + path, requests: [request] });
      const base = await load(connections, { url: hello.url + '/hello' });
      results.push({ connections, orders, base });
    }
  } finally {
    await stop(api.child);
    await stop(hello.child);
  }

  // Context for the ratio: a request waits, one after the other, for the replay check (Redis), the PENDING
  // row (PostgreSQL) and the broker's acks=all. One of each in flight gives the serial floor of the order
  // path, so C connections (no pipelining) cannot exceed C / floor requests per second.
  const floor = await serialFloor(box.config, 300);

  const row = (name: string, f: Figures) =>
    `${name.padEnd(34)} ${f.rps.toFixed(0).padStart(8)} req/s   p50 ${String(f.p50).padStart(4)} ms   p99 ${String(f.p99).padStart(4)} ms   non-2xx ${f.non2xx}  errors ${f.errors}`;
  let met = true;
  for (const { connections, orders, base } of results) {
    const ratio = orders.rps / base.rps;
    met &&= ratio >= TARGET_RATIO && orders.p99 < TARGET_P99_MS;
    console.log(`\nautocannon: ${connections} connections, no pipelining, ${DURATION_S} s each\n`);
    console.log(row('POST /api/v1/orders (API key)', orders));
    console.log(row('GET /hello (bare Fastify)', base));
    console.log(`ratio orders/hello = ${ratio.toFixed(2)} (goal >= ${TARGET_RATIO}); orders p99 = ${orders.p99} ms (goal < ${TARGET_P99_MS} ms)`);
    if (orders.non2xx > 0) console.log(`orders status codes: ${JSON.stringify(orders.statuses)}`);
    if (orders.non2xx > 0 || orders.errors > 0) process.exitCode = 1;
  }
  const total = floor.redis + floor.postgres + floor.kafka;
  console.log(
    `\nround trips, one in flight: Redis SET NX ${floor.redis.toFixed(2)} ms, PostgreSQL PENDING insert ${floor.postgres.toFixed(2)} ms, ` +
      `Kafka produce acks=all ${floor.kafka.toFixed(2)} ms: serial floor ${total.toFixed(2)} ms per order, so at most ` +
      CONNECTIONS.map((c) => `${Math.round((c * 1000) / total)} req/s at ${c} connections`).join(', '),
  );
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(met ? 'GOALS MET' : 'GOALS NOT MET');

  function signed(req: autocannon.Request): autocannon.Request {
    const body = nextBody();
    const ts = String(Date.now());
    const signature = sign(secret, signaturePayload(ts, 'POST', path, body));
    return { ...req, body, headers: { 'content-type': 'application/json', apikey: apiKey, timestamp: ts, signature } };
  }
} finally {
  await box.drop();
}

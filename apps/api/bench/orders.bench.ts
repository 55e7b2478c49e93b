/**
 * `npm run bench:api`: POST /api/v1/orders (API-key auth, validation, Kafka produce with acks=all) against
 * a hello-world route of the same framework, same machine, same autocannon settings, no pipelining.
 * Prints req/s, p50 and p99 of each and the ratio. Needs scripts/services.sh start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { appFor, register, sandbox } from '../test/helpers.js';
import { sign, signaturePayload } from '../src/lib/crypto.js';
import type { Config } from '../src/config.js';
import { EngineProducer } from '../src/lib/engine-producer.js';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const TARGET_RATIO = 0.5;
const TARGET_P99_MS = 20;

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
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/target.ts', mode], { env, stdio: ['ignore', 'pipe', 'inherit'] });
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
}

async function load(opts: autocannon.Options): Promise<Figures> {
  const r = await autocannon({ connections: CONNECTIONS, pipelining: 1, duration: DURATION_S, ...opts });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors + r.timeouts };
}

const box = await sandbox({ rateLimitMax: 100_000_000 });
try {
  // Set up a user and an API key through the real routes.
  const setup = await appFor(box.config);
  const user = await register(setup);
  const { apiKey, secret } = (await setup.inject({ method: 'POST', url: '/api/v1/api-keys', headers: user.auth, payload: { label: 'bench', scopes: ['trade'] } })).json();
  await setup.close();

  const env = envOf(box.config);
  const body = JSON.stringify({ symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', price: '50000.00', quantity: '0.0010' });
  const path = '/api/v1/orders';

  const api = await start('api', env);
  // Warm-up: first produce creates the topic and connections.
  await load({ url: api.url + path, duration: 2, method: 'POST', body, headers: signed() });
  const orders = await load({
    url: api.url + path,
    requests: [{ method: 'POST', path, body, setupRequest: (req) => ({ ...req, headers: signed() }) }],
  });
  await stop(api.child);

  const hello = await start('hello', env);
  await load({ url: hello.url + '/hello', duration: 2 });
  const base = await load({ url: hello.url + '/hello' });
  await stop(hello.child);

  // Context for the ratio: the floor of the order path is one broker acknowledgement (acks=all).
  const producer = new EngineProducer(box.config);
  await producer.send('BTC-USDT', { warmup: true });
  const N = 300;
  const t0 = performance.now();
  for (let i = 0; i < N; i++) await producer.send('BTC-USDT', { probe: i });
  const ackMs = (performance.now() - t0) / N;
  await producer.close();

  const ratio = orders.rps / base.rps;
  const row = (name: string, f: Figures) =>
    `${name.padEnd(34)} ${f.rps.toFixed(0).padStart(8)} req/s   p50 ${String(f.p50).padStart(4)} ms   p99 ${String(f.p99).padStart(4)} ms   non-2xx ${f.non2xx}  errors ${f.errors}`;
  console.log(`\nautocannon: ${CONNECTIONS} connections, no pipelining, ${DURATION_S} s each\n`);
  console.log(row('POST /api/v1/orders (API key)', orders));
  console.log(row('GET /hello (bare Fastify)', base));
  console.log(`\nKafka produce round trip (acks=all, one in flight): ${ackMs.toFixed(2)} ms`);
  console.log(`ratio orders/hello = ${ratio.toFixed(2)} (goal >= ${TARGET_RATIO}); orders p99 = ${orders.p99} ms (goal < ${TARGET_P99_MS} ms)`);
  console.log(ratio >= TARGET_RATIO && orders.p99 < TARGET_P99_MS ? 'GOALS MET' : 'GOALS NOT MET');
  if (orders.non2xx > 0 || orders.errors > 0) process.exitCode = 1;

  function signed(): Record<string, string> {
    const ts = String(Date.now());
    return { 'content-type': 'application/json', apikey: apiKey, timestamp: ts, signature: sign(secret, signaturePayload(ts, 'POST', path, body)) };
  }
} finally {
  await box.drop();
}

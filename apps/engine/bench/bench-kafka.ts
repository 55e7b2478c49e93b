/**
 * End-to-end benchmark through the real broker: the engine (consume → match → publish → checkpoint) versus
 * a pass-through consumer→producer built with the same client, same batching, same broker, same run.
 *
 * Both systems run as their own process (as deployed); the reader runs in this one. Throughput: a backlog
 * of BENCH_KAFKA_COMMANDS commands is produced first, then the system starts; the rate is outputs over the
 * time from the reader's first to its last output (start-up excluded for both). Latency: commands are produced at
 * BENCH_KAFKA_RATE per second for BENCH_KAFKA_SECONDS, each stamped with the wall clock; the reader
 * measures receive time minus stamp (ms resolution). Throughput runs alternate BENCH_KAFKA_ROUNDS times
 * and the best of each side is compared. The last line is JSON.
 */
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { Admin, Consumer, Producer, stringDeserializers, stringSerializers, type Message } from '@platformatic/kafka';
import type { Command, CompactResult } from '../src/contract';
import { KIND_NAMES, generateWorkload, toCommand } from './workload';

const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const N = Number(process.env.BENCH_KAFKA_COMMANDS ?? 100_000);
const RATE = Number(process.env.BENCH_KAFKA_RATE ?? 5_000);
const SECONDS = Number(process.env.BENCH_KAFKA_SECONDS ?? 4);
const ROUNDS = Number(process.env.BENCH_KAFKA_ROUNDS ?? 3);
const MAX_BATCH = 5_000;
const SYMBOL = 'BENCH-USDT';
const USERS = 1000;

type Msg = Message<string, string, string, string>;

/** A system under test, running as a child process: consumes `input`, produces one message per input. */
interface System {
  stop(): Promise<void>;
}

function topicsFor(label: string) {
  const id = `bench_${label}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  return { id, input: `${id}_input`, output: `${id}_output`, orderbook: `${id}_orderbook`, ticker: `${id}_ticker` };
}
type Topics = ReturnType<typeof topicsFor>;

function spawnSystem(script: string, env: Record<string, string>): System {
  // BENCH_PROFILE=<dir> writes a V8 CPU profile of each system under test there.
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, ['--max-semi-space-size=64', ...profile, '--import', 'tsx', script], {
    cwd: join(__dirname, '..'),
    env: { ...process.env, KAFKA_BROKERS: BROKERS.join(','), ENGINE_MAX_BATCH: String(MAX_BATCH), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', process.env.BENCH_SYSTEM_LOGS ? 'inherit' : 'ignore', 'inherit'],
  });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function engineSystem(t: Topics): System {
  return spawnSystem('src/main.ts', {
    ENGINE_INPUT_TOPIC: t.input,
    ENGINE_OUTPUT_TOPIC: t.output,
    ENGINE_ORDERBOOK_TOPIC: t.orderbook,
    ENGINE_TICKER_TOPIC: t.ticker,
    ENGINE_GROUP_ID: `${t.id}_engine`,
    ENGINE_SNAPSHOT_DIR: join(tmpdir(), t.id),
    ENGINE_HTTP_HOST: '127.0.0.1',
    ENGINE_HTTP_PORT: '0',
    ENGINE_INSTRUMENTS: JSON.stringify([{ symbol: SYMBOL, baseAsset: 'BENCH', quoteAsset: 'USDT', tickSize: 1, lotSize: 1 }]),
  });
}

function passThroughSystem(t: Topics): System {
  return spawnSystem('bench/pass-through.ts', { PASS_INPUT_TOPIC: t.input, PASS_OUTPUT_TOPIC: t.output, PASS_GROUP_ID: `${t.id}_pass` });
}

/** Counts messages on a topic and records, for each, receive time minus the command's timestampMs. */
async function reader(topic: string, stampOf: ((value: string) => number) | null) {
  const consumer = new Consumer({
    clientId: 'bench-reader',
    groupId: `reader_${randomBytes(6).toString('hex')}`,
    bootstrapBrokers: BROKERS,
    deserializers: stringDeserializers,
    maxWaitTime: 10,
  });
  const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: false, maxWaitTime: 10 });
  const latencies: number[] = [];
  let first = 0;
  let last = 0;
  let waiter: { n: number; resolve: () => void } | null = null;
  stream.on('data', (m: Msg) => {
    // Throughput runs only count: parsing every output here would make the reader the bottleneck.
    latencies.push(stampOf ? Date.now() - stampOf(m.value) : 0);
    last = performance.now();
    if (first === 0) first = last;
    if (waiter && latencies.length >= waiter.n) waiter.resolve();
  });
  return {
    latencies,
    span: () => (last - first) / 1000,
    until: (n: number, timeoutMs: number) =>
      new Promise<void>((resolve, reject) => {
        if (latencies.length >= n) return resolve();
        const timer = setTimeout(() => reject(new Error(`timeout: ${latencies.length}/${n} outputs on ${topic}`)), timeoutMs);
        waiter = { n, resolve: () => (clearTimeout(timer), resolve()) };
      }),
    close: async () => {
      await stream.close();
      await new Promise<void>((r) => consumer.close(true, () => r()));
    },
  };
}

async function produceAll(topic: string, values: string[], chunk = 5_000): Promise<void> {
  const producer = new Producer({ clientId: 'bench-feeder', bootstrapBrokers: BROKERS, serializers: stringSerializers, autocreateTopics: true, acks: -1 });
  for (let i = 0; i < values.length; i += chunk) {
    await producer.send({ messages: values.slice(i, i + chunk).map((value) => ({ topic, key: SYMBOL, value })) });
  }
  await producer.close();
}

async function createTopics(t: ReturnType<typeof topicsFor>): Promise<void> {
  const admin = new Admin({ clientId: 'bench-admin', bootstrapBrokers: BROKERS });
  for (const topic of [t.input, t.output, t.orderbook, t.ticker]) {
    await admin.createTopics({ topics: [topic], partitions: 1, replicas: 1 }).catch(() => undefined);
  }
  await admin.close();
}

async function deleteTopics(t: ReturnType<typeof topicsFor>): Promise<void> {
  const admin = new Admin({ clientId: 'bench-admin', bootstrapBrokers: BROKERS });
  await admin.deleteTopics({ topics: [t.input, t.output, t.orderbook, t.ticker] }).catch(() => undefined);
  await admin.close();
}

const engineStamp = (v: string) => (JSON.parse(v) as CompactResult).t;
const commandStamp = (v: string) => (JSON.parse(v) as { timestampMs: number }).timestampMs;

async function throughput(label: string, make: (t: Topics) => System, values: string[]) {
  const t = topicsFor(label);
  await createTopics(t);
  await produceAll(t.input, values);
  const r = await reader(t.output, null);
  const sys = make(t);
  await r.until(values.length, 150_000);
  await sys.stop();
  await r.close();
  await deleteTopics(t);
  await rm(join(tmpdir(), t.id), { recursive: true, force: true });
  return (values.length - 1) / r.span();
}

async function latency(label: string, make: (t: ReturnType<typeof topicsFor>) => System, commands: Command[], stamp: (v: string) => number) {
  const t = topicsFor(label);
  await createTopics(t);
  const r = await reader(t.output, stamp);
  const sys = make(t);
  // Both systems need a moment to join their group; measure steady state, not start-up.
  await new Promise((res) => setTimeout(res, 3000));
  const producer = new Producer({ clientId: 'bench-feeder', bootstrapBrokers: BROKERS, serializers: stringSerializers, acks: -1 });
  const total = Math.min(commands.length, RATE * SECONDS);
  const tickMs = 10;
  const perTick = Math.max(1, Math.round((RATE * tickMs) / 1000));
  const start = Date.now();
  for (let sent = 0; sent < total; ) {
    const due = Math.min(total, Math.floor(((Date.now() - start) / 1000) * RATE) + perTick);
    const batch = commands.slice(sent, due).map((c) => ({ topic: t.input, key: SYMBOL, value: JSON.stringify({ ...c, timestampMs: Date.now() }) }));
    sent = due;
    if (batch.length > 0) await producer.send({ messages: batch });
    await new Promise((res) => setTimeout(res, tickMs));
  }
  await r.until(total, 60_000);
  await producer.close();
  await sys.stop();
  await r.close();
  await deleteTopics(t);
  await rm(join(tmpdir(), t.id), { recursive: true, force: true });
  const sorted = [...r.latencies].sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  return { p50: pct(50), p99: pct(99), count: sorted.length };
}

async function main(): Promise<void> {
  const { prefill, commands } = generateWorkload({ seed: 7, commands: N, targetOrders: 1000, users: USERS });
  const deposits: Command[] = [];
  for (let u = 1; u <= USERS; u++) {
    for (const asset of ['BENCH', 'USDT']) deposits.push({ type: 'DEPOSIT', accountId: `u${u}`, asset, amount: 1e12, timestampMs: 1 });
  }
  const all: Command[] = [...deposits, ...[...prefill, ...commands].map((c) => toCommand(c, SYMBOL, 1))].slice(0, N);
  const values = all.map((c) => JSON.stringify(c));
  const mix = new Map<string, number>();
  for (const c of all) mix.set(c.type, (mix.get(c.type) ?? 0) + 1);
  console.log(`machine: ${os.cpus().length} cores, node ${process.version}, broker ${BROKERS.join(',')}`);
  console.log(`throughput workload: ${values.length} commands (${[...mix].map(([k, v]) => `${k} ${v}`).join(', ')}; order kinds as in bench:engine: ${KIND_NAMES.join('/')})`);

  // Alternating rounds, best of each: the machine is shared, and a neighbour's burst should not decide
  // the ratio.
  let passTps = 0;
  let engineTps = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    const p = await throughput('pass', passThroughSystem, values);
    const e = await throughput('engine', engineSystem, values);
    console.log(`round ${round}: pass-through consumer→producer ${Math.round(p)} commands/s, engine ${Math.round(e)} commands/s; load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    passTps = Math.max(passTps, p);
    engineTps = Math.max(engineTps, e);
  }
  console.log(`best: pass-through ${Math.round(passTps)} commands/s, engine ${Math.round(engineTps)} commands/s`);
  const ratio = engineTps / passTps;
  console.log(`ratio engine/pass-through: ${ratio.toFixed(2)} (goal >= 0.8; engine goal >= 50000 commands/s); load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  const latencyCommands = all;
  if (process.env.BENCH_KAFKA_SKIP_LATENCY) return;
  const passLat = await latency('passlat', passThroughSystem, latencyCommands, commandStamp);
  const engineLat = await latency('enginelat', engineSystem, latencyCommands, engineStamp);
  console.log(`end-to-end latency at ${RATE}/s for ${SECONDS}s: engine p50 ${engineLat.p50} ms, p99 ${engineLat.p99} ms; pass-through p50 ${passLat.p50} ms, p99 ${passLat.p99} ms`);
  console.log(
    JSON.stringify({
      bench: 'engine:kafka',
      cores: os.cpus().length,
      commands: values.length,
      engineCommandsPerSec: Math.round(engineTps),
      passThroughCommandsPerSec: Math.round(passTps),
      ratio: +ratio.toFixed(3),
      loadAverage: os.loadavg().map((l) => +l.toFixed(2)),
      latencyMs: { rate: RATE, seconds: SECONDS, engine: { p50: engineLat.p50, p99: engineLat.p99 }, passThrough: { p50: passLat.p50, p99: passLat.p99 } },
    }),
  );
}

main().then(
  () => process.exit(0),
  (e: Error) => {
    console.error(e);
    process.exit(1);
  },
);

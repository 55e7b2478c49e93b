import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Consumer, Producer, stringDeserializers, stringSerializers } from '@platformatic/kafka';
import type { ResultMessage } from '../../src/contract';

export const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const APP_DIR = join(__dirname, '..', '..');

/** Topic, group and directory names unique to one test run, so parallel runs on a shared broker never meet. */
export function isolatedEnv(label: string): Record<string, string> {
  const id = `${label}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  return {
    KAFKA_BROKERS: BROKERS.join(','),
    ENGINE_INPUT_TOPIC: `test_${id}_input`,
    ENGINE_OUTPUT_TOPIC: `test_${id}_output`,
    ENGINE_ORDERBOOK_TOPIC: `test_${id}_orderbook`,
    ENGINE_TICKER_TOPIC: `test_${id}_ticker`,
    ENGINE_GROUP_ID: `test_${id}_engine`,
    ENGINE_SNAPSHOT_DIR: join(tmpdir(), `engine_${id}`),
    ENGINE_HTTP_HOST: '127.0.0.1',
    ENGINE_HTTP_PORT: '0',
    ENGINE_SESSION_TIMEOUT_MS: '6000',
    LOG_LEVEL: 'warn',
  };
}

/** Produces raw string values (already-serialized commands, or garbage) in order, in chunks. */
export async function produceRaw(topic: string, values: Array<{ key: string; value: string }>, chunk = 500): Promise<void> {
  const producer = new Producer({ clientId: 'engine-test', bootstrapBrokers: BROKERS, serializers: stringSerializers, autocreateTopics: true });
  try {
    for (let i = 0; i < values.length; i += chunk) {
      await producer.send({ messages: values.slice(i, i + chunk).map((v) => ({ topic, ...v })) });
    }
  } finally {
    await producer.close();
  }
}

/** Reads a topic from the beginning with a throwaway group until `done` says so or the timeout hits. */
export async function readTopic<T>(
  topic: string,
  done: (values: T[]) => boolean,
  timeoutMs = 60_000,
  decode: (value: string, key: string) => T = (value) => JSON.parse(value) as T,
): Promise<T[]> {
  const consumer = new Consumer({
    clientId: 'engine-test-reader',
    groupId: `reader_${randomBytes(6).toString('hex')}`,
    bootstrapBrokers: BROKERS,
    deserializers: stringDeserializers,
    maxWaitTime: 100,
  });
  const values: T[] = [];
  try {
    const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: false, maxWaitTime: 100 });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out reading ${topic}: got ${values.length} messages`)), timeoutMs);
      stream.on('data', (m) => {
        values.push(decode(m.value, m.key));
        if (done(values)) {
          clearTimeout(timer);
          resolve();
        }
      });
      stream.on('error', reject);
    });
    await stream.close();
  } finally {
    await new Promise<void>((resolve) => consumer.close(true, () => resolve()));
  }
  return values;
}

/** Result messages, deduplicated by input offset; fails if two copies of one offset differ. */
export function dedupe(results: ResultMessage[]): Map<string, ResultMessage> {
  const byOffset = new Map<string, ResultMessage>();
  for (const r of results) {
    const key = `${r.inputPartition}:${r.inputOffset}`;
    const seen = byOffset.get(key);
    if (seen && JSON.stringify(seen) !== JSON.stringify(r)) throw new Error(`two different results for input ${key}`);
    byOffset.set(key, r);
  }
  return byOffset;
}

/** Starts the engine as a separate process (as in production), so it can be SIGKILLed. */
export function spawnEngine(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: APP_DIR,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', (d: Buffer) => {
    if (process.env.ENGINE_TEST_VERBOSE) process.stderr.write(d);
  });
  return child;
}

/** Resolves when the child exits; returns its exit code or signal. */
export function exited(child: ChildProcess): Promise<number | NodeJS.Signals | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode ?? child.signalCode);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Deletes a run's topics and snapshot directory (the broker is shared; leave it tidy). */
export async function cleanup(env: Record<string, string>): Promise<void> {
  const { Admin } = await import('@platformatic/kafka');
  const { rm } = await import('node:fs/promises');
  const admin = new Admin({ clientId: 'engine-test-cleanup', bootstrapBrokers: BROKERS });
  const topics = [env.ENGINE_INPUT_TOPIC, env.ENGINE_OUTPUT_TOPIC, env.ENGINE_ORDERBOOK_TOPIC, env.ENGINE_TICKER_TOPIC];
  await admin.deleteTopics({ topics }).catch(() => undefined);
  await admin.close();
  await rm(env.ENGINE_SNAPSHOT_DIR, { recursive: true, force: true });
}

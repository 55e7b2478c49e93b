import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { decodeResult, type Command, type ResultMessage } from '../src/contract';
import { Exchange } from '../src/core/exchange';
import { FastOrderBook } from '../src/core/fast-book';
import { FileSnapshotStore } from '../src/snapshot-store';
import { INSTRUMENTS } from './support/fixtures';
import { cleanup, dedupe, exited, isolatedEnv, produceRaw, readTopic, sleep, spawnEngine } from './support/kafka';
import { commandStream } from './support/random-commands';

const SEED = Number(process.env.RECOVERY_SEED ?? Date.now() % 1_000_000);
const KILLS = 3;
const env: Record<string, string> = {
  ...isolatedEnv('recovery'),
  ENGINE_INSTRUMENTS: JSON.stringify(INSTRUMENTS),
  // Frequent snapshots and small batches, so kills land between, during and right after checkpoints.
  ENGINE_SNAPSHOT_EVERY_COMMANDS: '250',
  ENGINE_SNAPSHOT_INTERVAL_MS: '200',
  ENGINE_MAX_BATCH: '100',
  ENGINE_GROUP_INSTANCE_ID: 'engine-0',
};

after(() => cleanup(env));

test(`SIGKILL at random points, restart: state and deduplicated outputs equal an uninterrupted run (seed ${SEED})`, async (t) => {
  const rand = fc.sample(fc.integer({ min: 0, max: 1_000_000 }), { seed: SEED, numRuns: 64 });
  // A stream of random commands; order ids repeat between samples, which only exercises more rejections.
  const commands: Command[] = fc.sample(commandStream, { seed: SEED, numRuns: 40 }).flat();
  const expected = new Exchange(() => new FastOrderBook(), INSTRUMENTS);
  const expectedEvents = commands.map((c) => expected.process(c));

  // Commands arrive while the engine is being killed and restarted.
  const messages = commands.map((c) => ({ key: 'symbol' in c ? c.symbol : c.accountId, value: JSON.stringify(c) }));
  const producing = (async () => {
    // Paced over ~10 s so that every kill round below lands while commands are still flowing.
    for (let i = 0; i < messages.length; i += 100) {
      await produceRaw(env.ENGINE_INPUT_TOPIC, messages.slice(i, i + 100));
      await sleep(130);
    }
  })();

  const store = new FileSnapshotStore(env.ENGINE_SNAPSHOT_DIR);
  const snapshotOffsets: number[] = [];
  let kills = 0;
  for (let round = 0; round < KILLS; round++) {
    const child = spawnEngine(env);
    // Kill only once this engine has made progress (a newer snapshot), then after a random extra delay, so
    // each kill lands while it works, however slowly the shared machine starts it.
    const before = snapshotOffsets[round - 1] ?? 0;
    const deadline = Date.now() + 60_000;
    while (Number((await store.load(env.ENGINE_INPUT_TOPIC, 0))?.nextOffset ?? 0) <= before && Date.now() < deadline) await sleep(25);
    await sleep(rand[round] % 700);
    assert.equal(child.exitCode, null, 'engine exited on its own');
    child.kill('SIGKILL');
    assert.equal(await exited(child), 'SIGKILL');
    kills++;
    snapshotOffsets.push(Number((await store.load(env.ENGINE_INPUT_TOPIC, 0))?.nextOffset ?? 0));
  }
  await producing;
  const last = spawnEngine(env);
  const results = await readTopic<ResultMessage>(
    env.ENGINE_OUTPUT_TOPIC,
    (v) => new Set(v.map((r) => r.inputOffset)).size >= commands.length,
    120_000,
    decodeResult,
  );
  last.kill('SIGTERM');
  assert.equal(await exited(last), 0);

  const byOffset = dedupe(results);
  t.diagnostic(`commands ${commands.length}, snapshot offsets at kills ${snapshotOffsets.join(',')}, duplicates ${results.length - byOffset.size}`);
  assert.equal(kills, KILLS);
  // Otherwise the kills all hit an engine that had not started working, and nothing was recovered.
  assert.ok(snapshotOffsets.some((o) => o > 0 && o < commands.length), 'no kill landed mid-stream');
  assert.equal(byOffset.size, commands.length, 'every input has exactly one distinct result');
  for (let i = 0; i < commands.length; i++) {
    const r = byOffset.get(`0:${i}`);
    assert.ok(r, `missing result for offset ${i}`);
    assert.deepEqual(r.events, expectedEvents[i].filter((e) => e.type !== 'BOOK_DELTA' && e.type !== 'TICKER'), `offset ${i}`);
  }
  const snap = await store.load(env.ENGINE_INPUT_TOPIC, 0);
  assert.equal(snap?.nextOffset, String(commands.length));
  assert.deepEqual(snap!.state, expected.snapshot());
});

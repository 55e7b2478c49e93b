import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { decodeResult, type OrderbookMessage, type ResultMessage, type TickerMessage } from '../src/contract';
import { loadConfig } from '../src/config';
import { KafkaEngine } from '../src/kafka/engine-service';
import { startOpsServer } from '../src/ops/http';
import { EngineMetrics } from '../src/ops/metrics';
import { FileSnapshotStore } from '../src/snapshot-store';
import { INSTRUMENTS } from './support/fixtures';
import { cleanup, isolatedEnv, produceRaw, readTopic } from './support/kafka';

const env = { ...isolatedEnv('kafka'), ENGINE_INSTRUMENTS: JSON.stringify(INSTRUMENTS) };
const config = loadConfig(env);
const store = new FileSnapshotStore(config.ENGINE_SNAPSHOT_DIR);
const metrics = new EngineMetrics();
const engine = new KafkaEngine(config, store, metrics, pino({ level: 'warn' }));
let server: Awaited<ReturnType<typeof startOpsServer>>;
const url = (path: string) => `http://127.0.0.1:${server.port}${path}`;

const ts = 1_700_000_000_000;
const inputs: Array<{ key: string; value: string }> = [
  { key: 'alice', value: JSON.stringify({ type: 'DEPOSIT', accountId: 'alice', asset: 'USDT', amount: '100000', timestampMs: ts }) },
  { key: 'bob', value: JSON.stringify({ type: 'DEPOSIT', accountId: 'bob', asset: 'BTC', amount: 1000, timestampMs: ts }) },
  { key: 'BTC-USDT', value: '{"type":"PLACE",' },
  { key: 'BTC-USDT', value: JSON.stringify({ type: 'EXPLODE', symbol: 'BTC-USDT', timestampMs: ts }) },
  { key: 'BTC-USDT', value: JSON.stringify({ type: 'PLACE', orderId: 'bad-q', accountId: 'alice', symbol: 'BTC-USDT', side: 'BUY', orderType: 'LIMIT', price: 100, quantity: -10, timestampMs: ts }) },
  { key: 'BTC-USDT', value: JSON.stringify({ type: 'PLACE', orderId: 'frac', accountId: 'alice', symbol: 'BTC-USDT', side: 'BUY', orderType: 'LIMIT', price: 100, quantity: 2.5, timestampMs: ts }) },
  { key: 'BTC-USDT', value: JSON.stringify({ type: 'PLACE', orderId: 'tick', accountId: 'alice', symbol: 'BTC-USDT', side: 'BUY', orderType: 'LIMIT', price: 101, quantity: 10, timestampMs: ts }) },
  { key: 'DOGE-USDT', value: JSON.stringify({ type: 'PLACE', orderId: 'sym', accountId: 'alice', symbol: 'DOGE-USDT', side: 'BUY', orderType: 'LIMIT', price: 100, quantity: 10, timestampMs: ts }) },
  { key: 'BTC-USDT', value: JSON.stringify({ type: 'PLACE', orderId: 'acct', accountId: 'mallory', symbol: 'BTC-USDT', side: 'BUY', orderType: 'LIMIT', price: 100, quantity: 10, timestampMs: ts }) },
  { key: 'BTC-USDT', value: JSON.stringify({ type: 'PLACE', orderId: 's1', accountId: 'bob', symbol: 'BTC-USDT', side: 'SELL', orderType: 'LIMIT', price: 100, quantity: 20, timestampMs: ts + 1 }) },
  { key: 'BTC-USDT', value: JSON.stringify({ type: 'PLACE', orderId: 'b1', accountId: 'alice', symbol: 'BTC-USDT', side: 'BUY', orderType: 'LIMIT', price: 100, quantity: 10, timestampMs: ts + 2 }) },
];

describe('Kafka adapter against the real broker', () => {
  let results: ResultMessage[] = [];

  before(async () => {
    server = await startOpsServer('127.0.0.1', 0, engine, metrics.registry);
    await engine.start();
    await produceRaw(config.ENGINE_INPUT_TOPIC, inputs);
    results = await readTopic<ResultMessage>(config.ENGINE_OUTPUT_TOPIC, (v) => v.length >= inputs.length, 60_000, decodeResult);
  });

  after(async () => {
    await engine.stop();
    await new Promise((r) => server.close(r));
    await cleanup(env);
  });

  test('publishes one result per command, tagged with its input partition and offset', () => {
    assert.deepEqual(results.map((r) => [r.inputPartition, r.inputOffset]), inputs.map((_, i) => [0, String(i)]));
  });

  test('keys each result by the symbol of its command, or by the account for funding commands', async () => {
    const keys = await readTopic<string>(config.ENGINE_OUTPUT_TOPIC, (v) => v.length >= inputs.length, 60_000, (_value, key) => key);
    // DEPOSIT, DEPOSIT, malformed JSON (the input's key), then commands that name a symbol.
    assert.deepEqual(keys.slice(0, 3), ['alice', 'bob', 'BTC-USDT']);
    assert.deepEqual(keys.slice(9), inputs.slice(9).map(() => 'BTC-USDT'));
  });

  test('rejects malformed commands with a reason code and keeps consuming the partition', () => {
    const reasons = results.slice(2, 9).map((r) => r.events.map((e) => (e.type === 'REJECTED' ? e.reason : e.type)));
    assert.deepEqual(reasons, [
      ['MALFORMED_JSON'],
      ['UNKNOWN_COMMAND_TYPE'],
      ['INVALID_QUANTITY'],
      ['INVALID_QUANTITY'],
      ['PRICE_OFF_TICK'],
      ['UNKNOWN_SYMBOL'],
      ['UNKNOWN_ACCOUNT'],
    ]);
    const trade = results[10].events.find((e) => e.type === 'TRADE');
    assert.deepEqual(trade && [trade.makerOrderId, trade.takerOrderId, trade.price, trade.quantity], ['s1', 'b1', 100, 10]);
  });

  test('publishes book deltas to the order book topic and tickers to the ticker topic', async () => {
    // Deltas are merged per batch, so how many arrive depends on batching; their merged effect does not.
    const deltas = await readTopic<OrderbookMessage>(config.ENGINE_ORDERBOOK_TOPIC, (v) => v.some((m) => m.type === 'BOOK_DELTA' && m.inputOffset === '10'));
    const asks = new Map<number, number>();
    for (const m of deltas) if (m.type === 'BOOK_DELTA') for (const [p, q] of m.asks) asks.set(p, q);
    assert.deepEqual([...asks], [[100, 10]]);
    const [ticker] = await readTopic<TickerMessage>(config.ENGINE_TICKER_TOPIC, (v) => v.length >= 1);
    assert.equal(ticker.symbol, 'BTC-USDT');
    assert.equal(ticker.bestAsk, 100);
  });

  test('serves readiness, liveness and Prometheus metrics', async () => {
    assert.equal((await fetch(url('/readyz'))).status, 200);
    assert.equal((await fetch(url('/healthz'))).status, 200);
    const body = await (await fetch(url('/metrics'))).text();
    assert.match(body, /engine_commands_total\{type="MALFORMED"\} 4/);
    assert.match(body, /engine_commands_total\{type="PLACE"\} 5/);
    assert.match(body, /engine_rejections_total\{reason="INVALID_QUANTITY"\} 2/);
    assert.match(body, /engine_batch_duration_seconds_count \d+/);
  });

  test('graceful stop snapshots the state with the offset it covers', async () => {
    await engine.stop();
    assert.equal(engine.ready(), false);
    const snap = await store.load(config.ENGINE_INPUT_TOPIC, 0);
    assert.equal(snap?.nextOffset, String(inputs.length));
    const book = snap!.state.books.find((b) => b.symbol === 'BTC-USDT')!;
    assert.deepEqual(book.orders.map((o) => [o.orderId, o.remaining]), [['s1', 10]]);
  });
});

import {
  Admin,
  Consumer,
  ProduceAcks,
  Producer,
  stringDeserializers,
  stringSerializers,
  type Message,
  type MessagesStream,
  type MessageToProduce,
} from '@platformatic/kafka';
import type { Logger } from 'pino';
import {
  CONTRACT_VERSION,
  parseCommand,
  type InputPosition,
  type OrderbookMessage,
  type TickerMessage,
} from '../contract';
import type { EngineConfig } from '../config';
import { CompactSink, Rec } from '../core/event-sink';
import { Exchange } from '../core/exchange';
import { FastOrderBook } from '../core/fast-book';
import { ASK, BID, type OrderBookFactory } from '../core/order-book';
import { ReferenceOrderBook } from '../core/reference-book';
import type { EngineMetrics } from '../ops/metrics';
import type { Probe } from '../ops/http';
import type { SnapshotStore } from '../snapshot-store';
import { sendInChunks } from './produce';
import { kafkaSecurity } from './security';

/** Error codes of the Kafka adapter. */
export const EngineErrors = {
  STATE_GAP: 'ENGINE_STATE_GAP',
  CONSUMER_FAILED: 'ENGINE_CONSUMER_FAILED',
} as const;

type InMessage = Message<string, string, string, string>;
type OutMessage = MessageToProduce<string, string, string, string>;

/** Engine state owned for one input partition. */
interface PartitionState {
  readonly partition: number;
  readonly exchange: Exchange;
  /** Next input offset to apply; everything below is reflected in `exchange`. */
  nextOffset: bigint;
  /** Offset covered by the last durable snapshot (and committed to the group). */
  snapshotOffset: bigint;
  lastSnapshotAtMs: number;
}

/**
 * The Kafka adapter around the deterministic core. Pipeline, per batch of input messages:
 *
 *   consume (group member, owns assigned partitions)
 *   → decode   (parseCommand; malformed input becomes a REJECTED result, never an exception)
 *   → match    (Exchange.process, one state per input partition)
 *   → publish  (one produce call per batch, acks=all; every output carries input partition and offset)
 *   → checkpoint (snapshot state with its offset, then commit that offset to the group)
 *
 * Outputs are published before the checkpoint that covers them, so a crash can only repeat outputs (same
 * bytes, same input position: consumers drop them), never lose them. On (re)start the latest snapshot is
 * loaded and the group resumes at the committed offset, which is the snapshot's offset.
 */
export class KafkaEngine implements Probe {
  private readonly partitions = new Map<number, PartitionState>();
  private readonly loading = new Map<number, Promise<PartitionState>>();
  private readonly newBook: OrderBookFactory;
  private admin?: Admin;
  private producer?: Producer<string, string, string, string>;
  private consumer?: Consumer<string, string, string, string>;
  private stream?: MessagesStream<string, string, string, string>;
  private queue: InMessage[] = [];
  private drainPromise: Promise<void> | null = null;
  private timers: NodeJS.Timeout[] = [];
  private joined = false;
  private stopping = false;
  private failure: Error | null = null;
  private processed = 0;
  /** The events of the command being processed (one sink, reset per command: no object per event). */
  private readonly sink = new CompactSink();
  private lastRate = { at: Date.now(), processed: 0 };

  constructor(
    private readonly config: EngineConfig,
    private readonly store: SnapshotStore,
    private readonly metrics: EngineMetrics,
    private readonly log: Logger,
    /** Called once when the pipeline fails; the process should exit and be restarted from its snapshot. */
    private readonly onFatal: (e: Error) => void = () => undefined,
  ) {
    this.newBook = config.ENGINE_BOOK === 'fast' ? () => new FastOrderBook() : () => new ReferenceOrderBook();
  }

  live(): boolean {
    return this.failure === null;
  }

  ready(): boolean {
    return this.joined && !this.stopping && this.failure === null;
  }

  /** Creates topics if needed, joins the group and starts consuming. */
  async start(): Promise<void> {
    const c = this.config;
    const base = { clientId: c.ENGINE_CLIENT_ID, bootstrapBrokers: c.KAFKA_BROKERS, ...kafkaSecurity(c) };
    this.admin = new Admin(base);
    await this.ensureTopics();
    this.producer = new Producer({
      ...base,
      serializers: stringSerializers,
      acks: ProduceAcks.ALL,
      autocreateTopics: true,
      compression: c.ENGINE_COMPRESSION,
    });
    this.consumer = new Consumer({
      ...base,
      groupId: c.ENGINE_GROUP_ID,
      groupInstanceId: c.ENGINE_GROUP_INSTANCE_ID,
      sessionTimeout: c.ENGINE_SESSION_TIMEOUT_MS,
      heartbeatInterval: Math.min(1000, Math.floor(c.ENGINE_SESSION_TIMEOUT_MS / 3)),
      deserializers: stringDeserializers,
      autocommit: false,
      maxWaitTime: 50,
    });
    this.consumer.on('consumer:group:join', () => this.onAssignment());
    this.stream = await this.consumer.consume({
      topics: [c.ENGINE_INPUT_TOPIC],
      mode: 'committed',
      fallbackMode: 'earliest',
      autocommit: false,
      maxWaitTime: 50,
    });
    this.onAssignment();
    this.stream.on('data', (m: InMessage) => {
      this.queue.push(m);
      if (this.queue.length >= c.ENGINE_MAX_BATCH * 4) this.stream!.pause();
      this.kick();
    });
    this.stream.on('error', (e: Error) => this.fail(e));
    this.timers.push(setInterval(() => this.kick(), Math.min(c.ENGINE_SNAPSHOT_INTERVAL_MS, 1000)));
    this.timers.push(setInterval(() => void this.sampleGauges(), 2000));
    this.log.info({ topic: c.ENGINE_INPUT_TOPIC, group: c.ENGINE_GROUP_ID, book: c.ENGINE_BOOK }, 'engine started');
  }

  private async ensureTopics(): Promise<void> {
    const c = this.config;
    const topics = [c.ENGINE_INPUT_TOPIC, c.ENGINE_OUTPUT_TOPIC, c.ENGINE_ORDERBOOK_TOPIC, c.ENGINE_TICKER_TOPIC];
    for (const topic of topics) {
      try {
        await this.admin!.createTopics({ topics: [topic], partitions: c.ENGINE_INPUT_PARTITIONS, replicas: 1 });
        this.log.info({ topic }, 'topic created');
      } catch (e) {
        // An existing topic is the normal case; anything else surfaces on first produce/consume.
        this.log.debug({ topic, err: (e as Error).message }, 'topic not created');
      }
    }
  }

  private onAssignment(): void {
    const assigned = new Set(
      this.consumer?.assignments?.find((a) => a.topic === this.config.ENGINE_INPUT_TOPIC)?.partitions ?? [],
    );
    if (this.consumer?.assignments) this.joined = true;
    for (const p of [...this.partitions.keys()]) {
      if (!assigned.has(p)) {
        // Another member now owns it and resumes from the last snapshot; our later outputs would be duplicates.
        this.partitions.delete(p);
        this.log.info({ partition: p }, 'partition revoked');
      }
    }
    for (const p of assigned) void this.stateFor(p).catch((e: Error) => this.fail(e));
    this.log.info({ partitions: [...assigned] }, 'partitions assigned');
  }

  private stateFor(partition: number): Promise<PartitionState> {
    const ready = this.partitions.get(partition);
    if (ready) return Promise.resolve(ready);
    let pending = this.loading.get(partition);
    if (!pending) {
      pending = this.loadState(partition).finally(() => this.loading.delete(partition));
      this.loading.set(partition, pending);
    }
    return pending;
  }

  private async loadState(partition: number): Promise<PartitionState> {
    const topic = this.config.ENGINE_INPUT_TOPIC;
    const snap = await this.store.load(topic, partition);
    const options = { deferMarketData: true };
    const exchange = snap ? Exchange.restore(snap.state, this.newBook, options) : new Exchange(this.newBook, [], options);
    for (const instrument of this.config.ENGINE_INSTRUMENTS) exchange.addInstrument(instrument);
    const offset = snap ? BigInt(snap.nextOffset) : 0n;
    const state: PartitionState = { partition, exchange, nextOffset: offset, snapshotOffset: offset, lastSnapshotAtMs: Date.now() };
    this.partitions.set(partition, state);
    this.log.info({ partition, fromOffset: offset.toString(), restored: Boolean(snap), orders: exchange.restingOrders() }, 'partition state loaded');
    return state;
  }

  private kick(): void {
    if (this.drainPromise || this.failure) return;
    this.drainPromise = this.drain()
      .catch((e: Error) => this.fail(e))
      .finally(() => {
        this.drainPromise = null;
        if (this.queue.length > 0 && !this.stopping) this.kick();
      });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.stopping && !this.failure) {
      const batch = this.queue.splice(0, this.config.ENGINE_MAX_BATCH);
      if (this.stream?.isPaused() && this.queue.length < this.config.ENGINE_MAX_BATCH) this.stream.resume();
      await this.processBatch(batch);
      await this.checkpoint(false);
    }
    if (!this.stopping) await this.checkpoint(false);
  }

  private async processBatch(batch: InMessage[]): Promise<void> {
    const started = performance.now();
    const c = this.config;
    const out: OutMessage[] = [];
    // Input range of this batch per partition, for the market data drained after it.
    const ranges = new Map<PartitionState, { from: string; last: InputPosition }>();
    let applied = 0;
    // Counted here and added to the metrics once per batch (a labelled inc per command costs a label lookup).
    const byType = new Map<string, number>();
    const byReason = new Map<string, number>();
    let trades = 0;
    for (const m of batch) {
      // Await only on first sight of a partition: a per-message await is a microtask per command.
      const state = this.partitions.get(m.partition) ?? (await this.stateFor(m.partition));
      if (m.offset < state.nextOffset) continue; // redelivered after a rebalance: already applied
      if (m.offset > state.nextOffset) {
        // Input retention removed commands the snapshot did not cover: state may be incomplete.
        this.log.error({ code: EngineErrors.STATE_GAP, partition: m.partition, expected: state.nextOffset.toString(), got: m.offset.toString() }, 'input gap');
      }
      const pos: InputPosition = { inputPartition: m.partition, inputOffset: m.offset.toString() };
      const parsed = parseCommand(m.value ?? '');
      // The command's events are recorded without an object per event, and encoded from the record.
      const events = this.sink;
      events.reset();
      let key: string;
      if (parsed.ok) {
        const cmd = parsed.command;
        byType.set(cmd.type, (byType.get(cmd.type) ?? 0) + 1);
        state.exchange.apply(cmd, events);
        // By type, not by `'symbol' in cmd`: every parsed command has every field (see uniformCommand).
        key = cmd.type === 'DEPOSIT' || cmd.type === 'WITHDRAW' ? cmd.accountId : cmd.symbol;
      } else {
        byType.set('MALFORMED', (byType.get('MALFORMED') ?? 0) + 1);
        const { reason, detail, orderId, accountId, symbol } = parsed;
        // The record timestamp keeps the rejection deterministic on replay (no wall clock in outputs).
        events.event({ type: 'REJECTED', commandType: null, reason, detail, orderId, accountId, symbol, timestampMs: Number(m.timestamp) });
        key = symbol ?? accountId ?? (m.key || 'malformed');
        this.log.warn({ partition: m.partition, offset: pos.inputOffset, reason }, 'malformed command rejected');
      }
      for (let i = 0; i < events.count; i++) {
        const kind = events.kind(i);
        if (kind === Rec.TRADE) trades++;
        else if (kind === Rec.OTHER) {
          const e = events.other(i);
          if (e.type === 'REJECTED') byReason.set(e.reason, (byReason.get(e.reason) ?? 0) + 1);
        }
      }
      // Market data is deferred (drained per batch below), so these are exactly the result events.
      out.push({ topic: c.ENGINE_OUTPUT_TOPIC, key, value: events.encode(pos) });
      state.nextOffset = m.offset + 1n;
      const range = ranges.get(state);
      if (range === undefined) ranges.set(state, { from: pos.inputOffset, last: pos });
      else range.last = pos;
      applied++;
    }
    for (const [type, n] of byType) this.metrics.commands.labels(type).inc(n);
    for (const [reason, n] of byReason) this.metrics.rejections.labels(reason).inc(n);
    if (trades > 0) this.metrics.trades.inc(trades);
    // Deltas carry absolute level quantities and tickers are last-value data: one of each per symbol per
    // batch is all a consumer needs, and spares the core and the broker a message per command.
    for (const [state, range] of ranges) {
      for (const e of state.exchange.drainMarketData()) {
        if (e.type === 'BOOK_DELTA') {
          const msg: OrderbookMessage = { v: CONTRACT_VERSION, ...range.last, fromInputOffset: range.from, ...e };
          out.push({ topic: c.ENGINE_ORDERBOOK_TOPIC, key: e.symbol, value: JSON.stringify(msg) });
        } else if (e.type === 'TICKER') {
          const msg: TickerMessage = { v: CONTRACT_VERSION, ...range.last, ...e };
          out.push({ topic: c.ENGINE_TICKER_TOPIC, key: e.symbol, value: JSON.stringify(msg) });
        }
      }
    }
    if (out.length > 0) await sendInChunks(this.producer!, out);
    this.processed += applied;
    this.metrics.batchSize.observe(applied);
    this.metrics.batchSeconds.observe((performance.now() - started) / 1000);
  }

  /** Snapshots (then commits) every partition whose snapshot is due, or all of them when `force`. */
  private async checkpoint(force: boolean): Promise<void> {
    const c = this.config;
    const now = Date.now();
    for (const state of this.partitions.values()) {
      const pending = state.nextOffset - state.snapshotOffset;
      if (pending === 0n) continue;
      const due = pending >= BigInt(c.ENGINE_SNAPSHOT_EVERY_COMMANDS) || now - state.lastSnapshotAtMs >= c.ENGINE_SNAPSHOT_INTERVAL_MS;
      if (!force && !due) continue;
      const offset = state.nextOffset;
      await this.store.save({ v: 1, topic: c.ENGINE_INPUT_TOPIC, partition: state.partition, nextOffset: offset.toString(), state: state.exchange.snapshot() });
      state.snapshotOffset = offset;
      state.lastSnapshotAtMs = now;
      this.metrics.snapshots.inc();
      await this.publishBookSnapshots(state);
      try {
        await this.consumer!.commit({ offsets: [{ topic: c.ENGINE_INPUT_TOPIC, partition: state.partition, offset, leaderEpoch: -1 }] });
      } catch (e) {
        // The snapshot is durable; a failed commit only means a longer replay after a restart.
        this.log.warn({ partition: state.partition, err: (e as Error).message }, 'offset commit failed');
      }
      this.log.debug({ partition: state.partition, offset: offset.toString() }, 'checkpoint');
    }
  }

  private async publishBookSnapshots(state: PartitionState): Promise<void> {
    const c = this.config;
    const pos: InputPosition = { inputPartition: state.partition, inputOffset: (state.nextOffset - 1n).toString() };
    const messages: OutMessage[] = state.exchange.instruments().map((i) => {
      const book = state.exchange.book(i.symbol)!;
      const msg: OrderbookMessage = {
        v: CONTRACT_VERSION,
        ...pos,
        type: 'BOOK_SNAPSHOT',
        symbol: i.symbol,
        bids: book.depth(BID, c.ENGINE_BOOK_DEPTH_LEVELS),
        asks: book.depth(ASK, c.ENGINE_BOOK_DEPTH_LEVELS),
        timestampMs: Date.now(),
      };
      return { topic: c.ENGINE_ORDERBOOK_TOPIC, key: i.symbol, value: JSON.stringify(msg) };
    });
    await sendInChunks(this.producer!, messages);
  }

  private async sampleGauges(): Promise<void> {
    const now = Date.now();
    this.metrics.commandsPerSecond.set(((this.processed - this.lastRate.processed) * 1000) / Math.max(1, now - this.lastRate.at));
    this.lastRate = { at: now, processed: this.processed };
    for (const s of this.partitions.values()) {
      this.metrics.bookOrders.set({ partition: String(s.partition) }, s.exchange.restingOrders());
      for (const i of s.exchange.instruments()) {
        const book = s.exchange.book(i.symbol)!;
        this.metrics.bookLevels.set({ symbol: i.symbol, side: 'bid' }, book.depth(BID, Number.MAX_SAFE_INTEGER).length);
        this.metrics.bookLevels.set({ symbol: i.symbol, side: 'ask' }, book.depth(ASK, Number.MAX_SAFE_INTEGER).length);
      }
    }
    try {
      const topic = this.config.ENGINE_INPUT_TOPIC;
      const ends = (await this.consumer!.listOffsets({ topics: [topic] })).get(topic) ?? [];
      for (const s of this.partitions.values()) {
        const end = ends[s.partition];
        if (end !== undefined) this.metrics.lag.set({ partition: String(s.partition) }, Number(end - s.nextOffset));
      }
    } catch (e) {
      this.log.debug({ err: (e as Error).message }, 'lag sample failed');
    }
  }

  private fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    this.log.error({ code: EngineErrors.CONSUMER_FAILED, err: e }, 'engine pipeline failed');
    this.onFatal(e);
  }

  /** Graceful stop: finish the batch in hand, snapshot and commit everything, leave the group. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.stream?.pause();
    for (const t of this.timers) clearInterval(t);
    await this.drainPromise;
    if (!this.failure) await this.checkpoint(true);
    await this.stream?.close().catch(() => undefined);
    await new Promise<void>((resolve) => (this.consumer ? this.consumer.close(true, () => resolve()) : resolve()));
    await this.producer?.close().catch(() => undefined);
    await this.admin?.close().catch(() => undefined);
    this.log.info({ processed: this.processed }, 'engine stopped');
  }
}

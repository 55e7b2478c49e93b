/**
 * In-process benchmark: one seeded exchange-core-style workload replayed through our FastOrderBook, through
 * nodejs-order-book@10.1.1, through our full exchange core (funds and events) and, in a JVM child process,
 * through exchange-core 0.5.3's OrderBookDirectImpl (bench/exchange-core: our driver, fed the same stream
 * through a file). Same warm-up for every side, then measured rounds, each a fresh engine per side and the commands
 * in slices, the sides' slices interleaved; ratios are per round, median over the rounds. Every round checks that
 * our book, our Exchange and exchange-core ended with the same trades and the same book. Prints Mcmd/s (best
 * round), the ratios, per-command latency percentiles of every side, the machine's stall rate and the load
 * average; the last line is JSON.
 *
 * Env: BENCH_COMMANDS (default 1000000), BENCH_SEED (default 42), BENCH_ROUNDS (default 5), BENCH_SLICES (default 20),
 * BENCH_WARMUP (commands of the untimed warm-up pass per side, default all), BENCH_JAVA (default `java`),
 * BENCH_JAVA_OPTS (default `-Xms1g -Xmx1g`), BENCH_EXCHANGE_CORE=0 to leave exchange-core out,
 * BENCH_EXCHANGE_OBJECTS=1 to add a side of the full Exchange emitting event objects (`Exchange.process`)
 * next to the production one (a CompactSink), interleaved like the others, and print both sides' per-round CPU times;
 * BENCH_EXCHANGE_UUIDS=1 to add a side of the full Exchange (CompactSink) on the same workload with UUID order
 * and account ids as fresh strings per command (what the API sends) and print what they cost against the short ids.
 */
import os from 'node:os';
import { constants } from 'node:perf_hooks';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { OrderBook as PeerBook, SelfTradePreventionMode, Side, type LimitOrderOptions } from 'nodejs-order-book';
import { uniformCommand, type Command } from '../src/contract';
import { CompactSink, Rec } from '../src/core/event-sink';
import { Exchange } from '../src/core/exchange';
import { FastOrderBook } from '../src/core/fast-book';
import { ASK, BID, type FillCallback, type OrderBook } from '../src/core/order-book';
import { KIND_NAMES, Kind, applyToBook as applyToBookOf, generateWorkload, newTaker, toCommand, uuidIds, writeStreamFile, type BenchCommand } from './workload';

// A module-local alias: the replay loop calls it directly, not through the other module's exports.
const applyToBook = applyToBookOf;
const COMMANDS = Number(process.env.BENCH_COMMANDS ?? 1_000_000);
const SEED = Number(process.env.BENCH_SEED ?? 42);
const USERS = 1000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/**
 * Timed slices per round. This machine's vCPUs change speed by up to 2.5x for stretches of a fraction of a
 * second (a fixed compute loop timed in 5 ms chunks: 8 ms most of the time, 3 ms now and then): timed one after
 * the other, the shortest pass (exchange-core's, 0.15 s) fits into one fast stretch far more often than the
 * Exchange's (0.5-0.9 s), and best-of-rounds then favours it. Interleaved slices expose every side to the same stretches.
 */
const SLICES = Number(process.env.BENCH_SLICES ?? 20);
/** Seconds of the machine-stall probe (see {@link machineStalls}). */
const STALL_PROBE_SECONDS = 2;
const WARMUP = Number(process.env.BENCH_WARMUP ?? COMMANDS);
const WITH_EXCHANGE_CORE = process.env.BENCH_EXCHANGE_CORE !== '0';
const WITH_OBJECTS = process.env.BENCH_EXCHANGE_OBJECTS === '1';
const WITH_UUIDS = process.env.BENCH_EXCHANGE_UUIDS === '1';

/** What a side ended with after a pass: compared across sides so every ratio compares the same work. */
interface EndState {
  trades: number;
  tradedVolume: number;
  orders: number;
  levels: number;
  bookHash: number;
}

interface Latency {
  p50: number;
  p99: number;
  p9999: number;
  max: number;
}

/** Where the slow commands of a latency pass came from (our sides only; the JVM reports percentiles). */
interface LatencyDetail extends Latency {
  /** Commands timed. */
  samples: number;
  /** Commands slower than {@link SLOW_US}. */
  slow: number;
  /** Slow commands during which a GC pause ran (the rest: preemption by neighbours, or the command itself). */
  slowDuringGc: number;
  gc: { scavenges: number; markCompacts: number; otherPauses: number; totalMs: number; maxMs: number };
  /** Times the OS took the CPU away from this process during the pass (getrusage). */
  involuntaryContextSwitches: number;
  /** Per-batch market data drain (full Exchange only), timed apart from the commands. */
  drainUs?: Latency;
  /** Wall time of the whole pass (timer calls included). */
  passSeconds: number;
}

/** The per-command latency goal of the full Exchange (issue 15); commands above it are analysed. */
const SLOW_US = 30;

/** A way to run workload commands; `prepare` builds a fresh engine and loads the prefill (not timed). */
interface Runner {
  name: string;
  prepare(prefill: BenchCommand[]): void;
  run(commands: BenchCommand[], from: number, to: number): void;
  /** One command, for the latency pass: per-batch work (the Exchange's market data drain) is left out. */
  step(c: BenchCommand, i: number): void;
  /** The per-batch work `step` leaves out, called by the latency pass after every {@link BATCH} commands. */
  endBatch?(): void;
  /** Final state, when the side can tell it in the common form. */
  state?(): EndState;
}

// The peer and the Exchange's market data add their results here, so they are not dead code to the JIT.
let fills = 0;

/** Same hash as ExchangeCoreBench.state(): bid levels best first, a separator, ask levels best first. */
function bookState(book: OrderBook, trades: number, tradedVolume: number): EndState {
  let h = 17;
  const bids = book.depth(BID, Number.MAX_SAFE_INTEGER);
  const asks = book.depth(ASK, Number.MAX_SAFE_INTEGER);
  const mix = (v: number) => {
    h = (Math.imul(h, 31) + (v | 0)) | 0;
  };
  for (const [p, q] of bids) (mix(p), mix(q));
  mix(-1);
  for (const [p, q] of asks) (mix(p), mix(q));
  return { trades, tradedVolume, orders: book.size, levels: bids.length + asks.length, bookHash: h };
}

function ours(): Runner {
  let book = new FastOrderBook();
  const taker = newTaker();
  // This side's own count (the sides' slices interleave): the end state's trades and volume.
  let trades = 0;
  let volume = 0;
  const countFill: FillCallback = (_maker, _price, quantity) => {
    trades++;
    volume += quantity;
  };
  return {
    name: 'ours (FastOrderBook)',
    prepare(prefill) {
      book = new FastOrderBook();
      for (const c of prefill) applyToBook(book, c, taker, countFill);
      trades = 0;
      volume = 0;
    },
    run(commands, from, to) {
      for (let i = from; i < to; i++) applyToBook(book, commands[i], taker, countFill);
    },
    step(c) {
      applyToBook(book, c, taker, countFill);
    },
    state: () => bookState(book, trades, volume),
  };
}

function peer(): Runner {
  let book = new PeerBook();
  const apply = (c: BenchCommand) => {
    const side = c.side === BID ? Side.BUY : Side.SELL;
    switch (c.kind) {
      case Kind.GTC:
      case Kind.IOC:
      case Kind.FOK: {
        // The package exports TimeInForce only as a type; its values are these strings.
        const timeInForce = (c.kind === Kind.GTC ? 'GTC' : c.kind === Kind.IOC ? 'IOC' : 'FOK') as LimitOrderOptions['timeInForce'];
        const r = book.limit({ id: c.orderId, side, size: c.size, price: c.price, timeInForce, accountId: c.accountId, stpMode: SelfTradePreventionMode.EXPIRE_TAKER });
        fills += r.done.length;
        return;
      }
      case Kind.CANCEL:
        book.cancel(c.orderId);
        return;
      case Kind.MOVE:
        book.modify(c.orderId, { price: c.price });
        return;
      case Kind.REDUCE:
        book.modify(c.orderId, { size: c.size });
        return;
    }
  };
  return {
    name: 'nodejs-order-book@10.1.1',
    prepare(prefill) {
      book = new PeerBook();
      for (const c of prefill) apply(c);
    },
    run(commands, from, to) {
      for (let i = from; i < to; i++) apply(commands[i]);
    },
    step: apply,
  };
}

/** Commands per processing batch, as the engine's default ENGINE_MAX_BATCH. */
const BATCH = 5000;

/**
 * The full core (validation, funds, events) on the same workload, as contract commands, configured as the
 * engine runs it: market data deferred and drained once per batch of {@link BATCH} commands, and events
 * written to a {@link CompactSink} (reset per command), as the engine service does. `objects`: events as
 * the contract's objects instead (`Exchange.process`, what tests and other callers use). `ids`: order and
 * account ids mapped to what production sends (see {@link uuidIds}) instead of the workload's short ones.
 * Neither pass encodes the Kafka message (bench:engine:kafka measures that end to end).
 */
function exchange(commands: BenchCommand[], variant: { objects?: boolean; ids?: (id: string) => string } = {}): Runner {
  const { objects = false, ids } = variant;
  const symbol = 'BENCH';
  const instrument = { symbol, baseAsset: 'BASE', quoteAsset: 'QUOTE', tickSize: 1, lotSize: 1 };
  const options = { deferMarketData: true };
  let ex = new Exchange(() => new FastOrderBook(), [instrument], options);
  const mapId = ids ?? ((id: string) => id);
  const convert = (c: BenchCommand) => toCommand(ids ? { ...c, orderId: mapId(c.orderId), accountId: mapId(c.accountId) } : c, symbol, 0);
  const converted: Command[] = commands.map(convert);
  let trades = 0;
  let volume = 0;
  const drain = () => {
    fills += ex.drainMarketData().length;
  };
  const sink = new CompactSink();
  const processCompact = (c: Command) => {
    sink.reset();
    ex.apply(c, sink);
    for (let e = 0; e < sink.count; e++) {
      if (sink.kind(e) === Rec.TRADE) {
        trades++;
        volume += sink.number(e, 2);
      }
    }
  };
  const processObjects = (c: Command) => {
    const events = ex.process(c);
    for (let e = 0; e < events.length; e++) {
      const ev = events[e];
      if (ev.type === 'TRADE') {
        trades++;
        volume += ev.quantity;
      }
    }
  };
  const processOne = objects ? processObjects : processCompact;
  const apply = (c: Command, i: number) => {
    if (i % BATCH === BATCH - 1) drain();
    processOne(c);
  };
  return {
    name: `ours (full Exchange: funds + ${objects ? 'event objects' : 'events'}${ids ? ', UUID ids' : ''})`,
    prepare(prefill) {
      ex = new Exchange(() => new FastOrderBook(), [instrument], options);
      // Through the pass's own path, so the untimed setup teaches the JIT no other sink.
      const load = objects ? (c: Command) => ex.process(c) : (c: Command) => (sink.reset(), ex.apply(c, sink));
      for (let u = 1; u <= USERS; u++) {
        for (const asset of ['BASE', 'QUOTE']) load(uniformCommand({ type: 'DEPOSIT', accountId: mapId(`u${u}`), asset, amount: 1e12, timestampMs: 0 }));
      }
      for (const c of prefill) load(convert(c));
      ex.drainMarketData();
      trades = 0;
      volume = 0;
    },
    run(_commands, from, to) {
      for (let i = from; i < to; i++) apply(converted[i], i);
    },
    step(_c, i) {
      processOne(converted[i]);
    },
    endBatch: drain,
    state: () => bookState(ex.book(symbol)!, trades, volume),
  };
}

/** Work of the machine floor's step (see {@link machineFloor}), kept live so the JIT cannot drop it. */
let floorSink = 0;

function spin(rounds: number, seed: number): number {
  let x = seed | 0;
  for (let k = 0; k < rounds; k++) x = (Math.imul(x, 1103515245) + 12345) | 0;
  return x;
}

/**
 * The machine's own tail, for the latency passes: a step that only computes (no memory, no allocation) for
 * about `stepUs`, the length of one command of the full Exchange. Whatever it shows above p99 comes from the
 * machine (timer interrupts, the hypervisor, neighbours), not from an engine: a floor under every side's
 * p99.99 on this machine.
 */
function machineFloor(stepUs: number): Runner {
  // Calibrated once, on optimized code (many short calls first), by the fastest of 50 batches of short
  // calls as the pass makes them: rounds of the spin loop per microsecond.
  for (let i = 0; i < 100_000; i++) floorSink += spin(100, i);
  let fastest = Infinity;
  for (let b = 0; b < 50; b++) {
    const t0 = performance.now();
    for (let i = 0; i < 1000; i++) floorSink += spin(200, i);
    fastest = Math.min(fastest, performance.now() - t0);
  }
  const perUs = (1000 * 200) / (fastest * 1000);
  const rounds = Math.max(1, Math.round(stepUs * perUs));
  return {
    name: `machine floor (a ${stepUs} us pure-compute step)`,
    prepare() {},
    run(_commands, from, to) {
      for (let i = from; i < to; i++) floorSink += spin(rounds, i);
    },
    step(_c, i) {
      floorSink += spin(rounds, i);
    },
  };
}

/**
 * How often the machine takes the CPU away for longer than {@link SLOW_US}: a loop that does nothing but read
 * the clock for `seconds`, counting the gaps between two reads that exceed it (timer interrupts, the
 * hypervisor, neighbours; no engine, no allocation). Any timed command that spans such a gap is slow, whatever
 * its code, so this rate times a latency pass's wall time estimates the machine's share of that pass's slow
 * commands (an estimate: the probe runs after the passes, and the rate drifts from minute to minute).
 */
function machineStalls(seconds: number): { perSecond: number; longestUs: number } {
  const limitMs = SLOW_US / 1000;
  const start = performance.now();
  const end = start + seconds * 1000;
  let prev = start;
  let stalls = 0;
  let longest = 0;
  for (;;) {
    const t = performance.now();
    const gap = t - prev;
    prev = t;
    if (gap > limitMs) {
      stalls++;
      if (gap > longest) longest = gap;
    }
    if (t >= end) break;
  }
  return { perSecond: stalls / ((prev - start) / 1000), longestUs: longest * 1000 };
}

/** exchange-core in its own JVM, driven over stdin/stdout (see ExchangeCoreBench.java). */
class ExchangeCoreProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterator<string>;

  constructor(jar: string, stream: string) {
    const java = process.env.BENCH_JAVA ?? 'java';
    const opts = (process.env.BENCH_JAVA_OPTS ?? '-Xms1g -Xmx1g').split(' ').filter(Boolean);
    this.child = spawn(java, [...opts, '-jar', jar, stream], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.on('data', (d: Buffer) => process.stderr.write(`[exchange-core] ${d}`));
    this.lines = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }

  async next<T>(): Promise<T> {
    const r = await this.lines.next();
    if (r.done) throw new Error(`exchange-core driver exited (code ${this.child.exitCode}); see its output above`);
    const answer = JSON.parse(r.value) as T & { error?: string };
    if (answer.error) throw new Error(`exchange-core driver: ${answer.error}`);
    return answer;
  }

  request<T>(line: string): Promise<T> {
    this.child.stdin.write(`${line}\n`);
    return this.next<T>();
  }

  close(): void {
    this.child.stdin.end('quit\n');
  }
}

function buildExchangeCoreJar(): string {
  console.log('exchange-core: building (or reusing) the cached driver jar ...');
  const r = spawnSync('bash', [join(__dirname, 'exchange-core', 'build.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error('bench/exchange-core/build.sh failed (its output is above); BENCH_EXCHANGE_CORE=0 runs without exchange-core');
  return r.stdout.trim();
}

/** Wall seconds, and CPU seconds of the thread that ran the commands. */
interface Timing {
  seconds: number;
  cpuSeconds: number;
}

/** One side of the measured rounds: a fresh engine per round ({@link MeasuredSide.begin}), then timed slices of the commands. */
interface MeasuredSide {
  name: string;
  /** Short name in the per-round lines. */
  label: string;
  begin(): Promise<void> | void;
  /** Commands `from..to-1`, continuing the engine of the last `begin`, timed. */
  slice(from: number, to: number): Promise<Timing> | Timing;
  state(): Promise<EndState | undefined> | EndState | undefined;
  /** Each measured round's total over its slices. */
  rounds: Timing[];
}

/**
 * A side of ours, in this process: wall clock and the CPU time of this thread around each slice (the JVM
 * side measures its thread too: GC and compiler threads are left out on both).
 */
function localSide(label: string, r: Runner, prefill: BenchCommand[], commands: BenchCommand[]): MeasuredSide {
  return {
    name: r.name,
    label,
    begin: () => r.prepare(prefill),
    slice(from, to) {
      const c0 = process.threadCpuUsage();
      const t0 = process.hrtime.bigint();
      r.run(commands, from, to);
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const c = process.threadCpuUsage(c0);
      return { seconds, cpuSeconds: (c.user + c.system) / 1e6 };
    },
    state: () => r.state?.(),
    rounds: [],
  };
}

/** exchange-core's side: the driver times each slice in its JVM (the request itself is not timed). */
function exchangeCoreSide(ec: ExchangeCoreProcess): MeasuredSide {
  return {
    name: 'exchange-core OrderBookDirectImpl',
    label: 'exchange-core',
    begin: async () => {
      await ec.request('begin');
    },
    slice: (from, to) => ec.request<Timing>(`slice ${from} ${to}`),
    state: () => ec.request<EndState>('state'),
    rounds: [],
  };
}

/**
 * One measured round: a fresh engine on every side, then the commands in {@link SLICES} slices, every side's
 * slice k run back to back (the side that starts moves on by one each slice), so each side's time is
 * summed over the same stretches of the machine. Returns each side's end state.
 */
async function measureRound(sides: MeasuredSide[], n: number): Promise<Array<EndState | undefined>> {
  for (const side of sides) await side.begin();
  const totals = sides.map(() => ({ seconds: 0, cpuSeconds: 0 }));
  for (let k = 0; k < SLICES; k++) {
    const from = Math.floor((k * n) / SLICES);
    const to = Math.floor(((k + 1) * n) / SLICES);
    for (let j = 0; j < sides.length; j++) {
      const i = (j + k) % sides.length;
      const t = await sides[i].slice(from, to);
      totals[i].seconds += t.seconds;
      totals[i].cpuSeconds += t.cpuSeconds;
    }
  }
  sides.forEach((side, i) => side.rounds.push(totals[i]));
  const states: Array<EndState | undefined> = [];
  for (const side of sides) states.push(await side.state());
  return states;
}

/** Best (lowest) wall and CPU time over a side's rounds, each taken on its own. */
function best(side: MeasuredSide): Timing {
  return { seconds: Math.min(...side.rounds.map((t) => t.seconds)), cpuSeconds: Math.min(...side.rounds.map((t) => t.cpuSeconds)) };
}

function median(v: number[]): number {
  const s = [...v].sort((p, q) => p - q);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m] : +((s[m - 1] + s[m]) / 2).toFixed(4);
}

/** Per round, how many times the time of `ours` the `peer` side took (wall or CPU); the median over rounds comes first. */
function roundRatios(peerSide: MeasuredSide, oursSide: MeasuredSide, key: keyof Timing): { median: number; rounds: number[] } {
  const rounds = oursSide.rounds.map((t, i) => +(peerSide.rounds[i][key] / t[key]).toFixed(3));
  return { median: median(rounds), rounds };
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Percentiles in microseconds of samples in nanoseconds (sorts them in place). */
function percentiles(ns: Float64Array): Latency {
  ns.sort();
  const us = (p: number) => +(percentile(ns, p) / 1000).toFixed(3);
  return { p50: us(50), p99: us(99), p9999: us(99.99), max: +(ns[ns.length - 1] / 1000).toFixed(3) };
}

/**
 * Latency pass: performance.now() around each command (a double: no allocation, unlike hrtime.bigint, so
 * the timer itself does not add GC pauses; adds ~50 ns of overhead per sample), every sample kept (exact
 * percentiles; 1M commands leave 100 samples above p99.99). GC pauses are observed (perf_hooks 'gc'
 * entries, on the same clock) and every command slower than {@link SLOW_US} is checked against them; the
 * involuntary context switches of the process tell how often neighbours took the CPU away.
 */
async function latency(r: Runner, prefill: BenchCommand[], commands: BenchCommand[]): Promise<LatencyDetail> {
  r.prepare(prefill);
  const n = commands.length;
  const lat = new Float64Array(n);
  const start = new Float64Array(n);
  // Written once before the pass: a fresh typed array's pages are mapped on first write, which would
  // otherwise put a page fault into every 512th sample.
  lat.fill(1);
  start.fill(1);
  const drains: number[] = [];
  const gcEntries: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => gcEntries.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  const switches0 = process.resourceUsage().involuntaryContextSwitches;
  const passStart = performance.now();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    r.step(commands[i], i);
    const t1 = performance.now();
    start[i] = t0;
    lat[i] = (t1 - t0) * 1e6;
    if (r.endBatch && i % BATCH === BATCH - 1) {
      r.endBatch();
      drains.push((performance.now() - t1) * 1e6);
    }
  }
  const passSeconds = (performance.now() - passStart) / 1000;
  const involuntaryContextSwitches = process.resourceUsage().involuntaryContextSwitches - switches0;
  // GC entries are delivered asynchronously: let them arrive, then take what is still queued.
  await new Promise((resolve) => setImmediate(resolve));
  gcEntries.push(...observer.takeRecords());
  observer.disconnect();
  const gc = { scavenges: 0, markCompacts: 0, otherPauses: 0, totalMs: 0, maxMs: 0 };
  for (const e of gcEntries) {
    // Node sets `detail.kind` on gc entries; its typings declare detail only on marks and measures.
    const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
    if (kind === constants.NODE_PERFORMANCE_GC_MINOR) gc.scavenges++;
    else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) gc.markCompacts++;
    else gc.otherPauses++;
    gc.totalMs += e.duration;
    gc.maxMs = Math.max(gc.maxMs, e.duration);
  }
  gc.totalMs = +gc.totalMs.toFixed(3);
  gc.maxMs = +gc.maxMs.toFixed(3);
  let slow = 0;
  let slowDuringGc = 0;
  for (let i = 0; i < n; i++) {
    if (lat[i] <= SLOW_US * 1000) continue;
    slow++;
    const from = start[i];
    const to = from + lat[i] / 1e6;
    if (gcEntries.some((e) => e.startTime < to && e.startTime + e.duration > from)) slowDuringGc++;
  }
  return {
    ...percentiles(lat),
    samples: n,
    slow,
    slowDuringGc,
    gc,
    involuntaryContextSwitches,
    drainUs: drains.length > 0 ? percentiles(Float64Array.from(drains)) : undefined,
    passSeconds: +passSeconds.toFixed(3),
  };
}

/**
 * The engine's production node flags: NODE_OPTIONS of the engine's Dockerfile. The latency of the full
 * Exchange is only meaningful with them, so the bench says whether it runs with them.
 */
function productionFlags(): string[] {
  const dockerfile = readFileSync(join(__dirname, '..', 'Dockerfile'), 'utf8');
  const m = /NODE_OPTIONS=(?:"([^"]*)"|(\S+))/.exec(dockerfile);
  if (!m) throw new Error('apps/engine/Dockerfile sets no NODE_OPTIONS: the bench cannot tell the production flags');
  return (m[1] ?? m[2]).split(' ').filter(Boolean);
}

const sameState = (a: EndState, b: EndState) =>
  a.trades === b.trades && a.tradedVolume === b.tradedVolume && a.orders === b.orders && a.levels === b.levels && a.bookHash === b.bookHash;

const load = () => os.loadavg().map((l) => +l.toFixed(2));

async function main(): Promise<void> {
  const loadBefore = load();
  const production = productionFlags();
  const prodFlags = production.every((f) => process.execArgv.includes(f));
  const genStart = Date.now();
  const workload = generateWorkload({ seed: SEED, commands: COMMANDS, targetOrders: 1000, users: USERS });
  const { prefill, commands, restingAfterPrefill } = workload;
  const mix = new Array<number>(KIND_NAMES.length).fill(0);
  for (const c of commands) mix[c.kind]++;
  console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), node ${process.version} ${process.execArgv.join(' ')}`);
  console.log(`load average before: ${loadBefore.join(' ')}`);
  console.log(`workload: seed ${SEED}, ${prefill.length} prefill commands (book target 1000 orders), ${commands.length} measured commands, generated in ${Date.now() - genStart} ms`);
  console.log(`mix: ${KIND_NAMES.map((n, i) => `${n} ${((100 * mix[i]) / commands.length).toFixed(2)}%`).join(', ')}`);

  let ec: ExchangeCoreProcess | undefined;
  let tmp: string | undefined;
  if (WITH_EXCHANGE_CORE) {
    const jar = buildExchangeCoreJar();
    tmp = mkdtempSync(join(os.tmpdir(), 'bench-engine-'));
    const stream = join(tmp, 'stream.bin');
    writeStreamFile(stream, workload);
    ec = new ExchangeCoreProcess(jar, stream);
    const hello = await ec.next<{ commands: number; java: string }>();
    if (hello.commands !== commands.length) throw new Error(`exchange-core read ${hello.commands} commands, expected ${commands.length}`);
    console.log(`exchange-core: OrderBookDirectImpl 0.5.3 on Java ${hello.java}`);
  }
  try {
    const a = ours();
    const b = peer();
    const x = exchange(commands);
    const xo = WITH_OBJECTS ? exchange(commands, { objects: true }) : undefined;
    const xu = WITH_UUIDS ? exchange(commands, { ids: uuidIds(SEED) }) : undefined;
    const sOurs = localSide('book', a, prefill, commands);
    const sPeer = localSide('nodejs-order-book', b, prefill, commands);
    const sEx = localSide('Exchange', x, prefill, commands);
    const sExObjects = xo ? localSide('Exchange (objects)', xo, prefill, commands) : undefined;
    const sExUuids = xu ? localSide('Exchange (UUID ids)', xu, prefill, commands) : undefined;
    const sEc = ec ? exchangeCoreSide(ec) : undefined;
    const sides = [sOurs, sPeer, sEx, ...(sExObjects ? [sExObjects] : []), ...(sExUuids ? [sExUuids] : []), ...(sEc ? [sEc] : [])];
    const warm = Math.min(WARMUP, commands.length);
    // The same warm-up for every side: one untimed pass over the first `warm` commands on a fresh book.
    console.log(`warm-up: ${warm} commands per side ...`);
    for (const side of sides) {
      await side.begin();
      await side.slice(0, warm);
    }
    console.log(`measured rounds: ${ROUNDS}, each a fresh engine per side and the ${commands.length} commands in ${SLICES} slices, the sides' slices interleaved`);
    for (let round = 0; round < ROUNDS; round++) {
      const states = await measureRound(sides, commands.length);
      const [ourState] = states;
      const secs = sides.map((side) => `${side.label} ${side.rounds[round].seconds.toFixed(3)}`);
      console.log(`round ${round + 1}/${ROUNDS}: load ${load().join(' ')}; wall s ${secs.join(', ')}; end state ours ${JSON.stringify(ourState)}`);
      sides.forEach((side, i) => {
        if (i === 0 || side === sPeer) return;
        if (!sameState(ourState!, states[i]!)) throw new Error(`${side.name} ended differently from our book (not the same work): ${JSON.stringify(states[i])}`);
      });
    }
    console.log('latency passes ...');
    const lat = {
      ours: await latency(a, prefill, commands),
      exchange: await latency(x, prefill, commands),
      exchangeObjects: xo ? await latency(xo, prefill, commands) : undefined,
      exchangeUuids: xu ? await latency(xu, prefill, commands) : undefined,
      peer: await latency(b, prefill, commands),
      exchangeCore: ec ? (await ec.request<{ latencyUs: Latency }>('latency')).latencyUs : undefined,
      machineFloor: await latency(machineFloor(1), prefill, commands),
    };
    const stalls = machineStalls(STALL_PROBE_SECONDS);
    const loadAfter = load();

    const mops = (s: number) => commands.length / s / 1e6;
    const fmt = (l: Latency | undefined) => (l ? `p50 ${l.p50} us, p99 ${l.p99} us, p99.99 ${l.p9999} us, max ${l.max} us` : 'n/a');
    const line = (side: MeasuredSide, l: Latency | undefined) => {
      const t = best(side);
      console.log(`${side.name}: ${mops(t.seconds).toFixed(3)} M commands/s (best round ${t.seconds.toFixed(3)} s wall; ${mops(t.cpuSeconds).toFixed(3)} M/s by CPU time); latency ${fmt(l)}`);
    };
    line(sOurs, lat.ours);
    line(sPeer, lat.peer);
    line(sEx, lat.exchange);
    if (sExObjects) line(sExObjects, lat.exchangeObjects);
    if (sExUuids) line(sExUuids, lat.exchangeUuids);
    const vsEc = (side: MeasuredSide, key: keyof Timing) => roundRatios(sEc!, side, key);
    const ratios = sEc
      ? { book: vsEc(sOurs, 'seconds'), exchange: vsEc(sEx, 'seconds'), bookCpu: vsEc(sOurs, 'cpuSeconds'), exchangeCpu: vsEc(sEx, 'cpuSeconds') }
      : undefined;
    const show = (r: { median: number; rounds: number[] }) => `${r.median}x (rounds ${r.rounds.join(' ')})`;
    if (sEc && ratios) {
      line(sEc, lat.exchangeCore);
      console.log(`ratio vs exchange-core, median of the rounds (wall): book ${show(ratios.book)} (goal >= 0.5), full Exchange ${show(ratios.exchange)} (goal >= 0.25)`);
      console.log(`ratio vs exchange-core, median of the rounds (CPU time): book ${show(ratios.bookCpu)}, full Exchange ${show(ratios.exchangeCpu)}`);
    }
    const vsPeer = roundRatios(sPeer, sOurs, 'seconds');
    console.log(`ratio ours/nodejs-order-book, median of the rounds (wall): ${show(vsPeer)}`);
    const cpuEx = sEx.rounds.map((t) => t.cpuSeconds);
    const cpuExObjects = sExObjects ? sExObjects.rounds.map((t) => t.cpuSeconds) : [];
    if (sExObjects) {
      const f = (v: number[]) => v.map((c) => c.toFixed(3)).join(' ');
      console.log(`full Exchange CPU s per round: compact sink ${f(cpuEx)} (median ${median(cpuEx).toFixed(3)}), event objects ${f(cpuExObjects)} (median ${median(cpuExObjects).toFixed(3)})`);
      if (sEc) console.log(`full Exchange (event objects) vs exchange-core, median of the rounds: wall ${show(vsEc(sExObjects, 'seconds'))}, CPU ${show(vsEc(sExObjects, 'cpuSeconds'))}`);
    }
    // What production's ids cost: per round, the UUID side's time over the short-id side's (1.4 = 40% slower).
    const uuidCost = sExUuids ? { wall: roundRatios(sExUuids, sEx, 'seconds'), cpu: roundRatios(sExUuids, sEx, 'cpuSeconds') } : undefined;
    if (sExUuids && uuidCost) {
      console.log(`full Exchange with UUID ids: ${show(uuidCost.wall)} the time of the short ids by wall clock, ${show(uuidCost.cpu)} by CPU time (median of the rounds)`);
      if (sEc) console.log(`full Exchange with UUID ids vs exchange-core, median of the rounds: wall ${show(vsEc(sExUuids, 'seconds'))}, CPU ${show(vsEc(sExUuids, 'cpuSeconds'))}`);
    }
    const ex = lat.exchange;
    console.log(
      `full Exchange p99.99: ${ex.p9999} us (goal <= ${SLOW_US} us) over ${ex.samples} commands, ${prodFlags ? 'with' : 'WITHOUT'} the production flags (${production.join(' ')}); ` +
        `${ex.slow} commands over ${SLOW_US} us, ${ex.slowDuringGc} of them during a GC pause ` +
        `(${ex.gc.scavenges} scavenges, ${ex.gc.markCompacts} mark-compacts, ${ex.gc.totalMs} ms total, max ${ex.gc.maxMs} ms); ` +
        `${ex.involuntaryContextSwitches} involuntary context switches during the pass`,
    );
    if (ex.drainUs) console.log(`full Exchange market data drain per ${BATCH} commands: p50 ${ex.drainUs.p50} us, max ${ex.drainUs.max} us`);
    const fl = lat.machineFloor;
    console.log(
      `machine floor (a 1 us pure-compute step, ${fl.samples} steps): p50 ${fl.p50} us, p99 ${fl.p99} us, p99.99 ${fl.p9999} us, max ${fl.max} us; ` +
        `${fl.slow} steps over ${SLOW_US} us (what the machine alone puts into any side's tail), ${fl.involuntaryContextSwitches} involuntary context switches`,
    );
    // A p99.99 at or under SLOW_US allows samples/10,000 commands over it; the machine's stalls alone put about
    // rate x (the pass's wall time) there, whatever the code.
    const allowed = Math.floor(ex.samples / 10_000);
    const maxPassSeconds = stalls.perSecond > 0 ? allowed / stalls.perSecond : undefined;
    console.log(
      `machine stalls: ${stalls.perSecond.toFixed(0)} per second longer than ${SLOW_US} us (a loop that only reads the clock, ${STALL_PROBE_SECONDS} s; longest ${stalls.longestUs.toFixed(0)} us). ` +
        `At that rate (the probe runs after the passes; the rate drifts from minute to minute) the machine alone would put about ${(stalls.perSecond * ex.passSeconds).toFixed(0)} of the full Exchange's commands over ${SLOW_US} us in its ${ex.passSeconds.toFixed(3)} s latency pass (it had ${ex.slow}); ` +
        `a p99.99 <= ${SLOW_US} us allows ${allowed}` +
        (maxPassSeconds === undefined
          ? ', and the machine stalled for none of them'
          : `, which on this machine needs the whole timed pass within ${maxPassSeconds.toFixed(3)} s (${(ex.samples / maxPassSeconds / 1e6).toFixed(1)} M commands/s with the timer) whatever the code`),
    );
    console.log(`load average after: ${loadAfter.join(' ')}`);
    const r3 = (v: number) => +v.toFixed(3);
    console.log(
      JSON.stringify({
        bench: 'engine',
        cores: os.cpus().length,
        nodeFlags: process.execArgv.filter((f) => f !== '--import' && f !== 'tsx'),
        productionFlags: prodFlags,
        loadAverage: { before: loadBefore, after: loadAfter },
        seed: SEED,
        commands: commands.length,
        rounds: ROUNDS,
        slices: SLICES,
        restingAfterPrefill,
        mix: Object.fromEntries(KIND_NAMES.map((n, i) => [n, mix[i]])),
        oursMops: r3(mops(best(sOurs).seconds)),
        peerMops: r3(mops(best(sPeer).seconds)),
        exchangeMops: r3(mops(best(sEx).seconds)),
        exchangeObjectsMops: sExObjects ? r3(mops(best(sExObjects).seconds)) : undefined,
        exchangeCpuMedianSeconds: sExObjects ? +median(cpuEx).toFixed(4) : undefined,
        exchangeObjectsCpuMedianSeconds: sExObjects ? +median(cpuExObjects).toFixed(4) : undefined,
        exchangeUuidsMops: sExUuids ? r3(mops(best(sExUuids).seconds)) : undefined,
        uuidCost: uuidCost ? { wall: uuidCost.wall.median, cpu: uuidCost.cpu.median, wallRounds: uuidCost.wall.rounds } : undefined,
        ratioVsExchangeCoreUuids: sEc && sExUuids ? { exchange: vsEc(sExUuids, 'seconds').median, exchangeCpu: vsEc(sExUuids, 'cpuSeconds').median } : undefined,
        exchangeCoreMops: sEc ? r3(mops(best(sEc).seconds)) : undefined,
        ratio: vsPeer.median,
        ratioVsExchangeCore: ratios ? { book: ratios.book.median, exchange: ratios.exchange.median } : undefined,
        ratioVsExchangeCoreCpu: ratios ? { book: ratios.bookCpu.median, exchange: ratios.exchangeCpu.median } : undefined,
        ratioVsExchangeCoreRounds: ratios ? { book: ratios.book.rounds, exchange: ratios.exchange.rounds } : undefined,
        machineStalls: { perSecond: +stalls.perSecond.toFixed(1), longestUs: Math.round(stalls.longestUs), maxPassSecondsForGoal: maxPassSeconds === undefined ? null : +maxPassSeconds.toPrecision(4) },
        latencyUs: lat,
      }),
    );
  } finally {
    ec?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

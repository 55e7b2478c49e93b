/**
 * In-process benchmark: one seeded exchange-core-style workload replayed through our FastOrderBook and
 * through nodejs-order-book@10.1.1 in the same process and run, plus our full exchange core (funds and
 * events) for reference. Prints the mix, Mcmd/s of each, the ratio and our per-command latency; the last
 * line is JSON.
 *
 * Env: BENCH_COMMANDS (default 1000000), BENCH_SEED (default 42), BENCH_ROUNDS (default 2; best of).
 */
import os from 'node:os';
import { OrderBook as PeerBook, SelfTradePreventionMode, Side, type LimitOrderOptions } from 'nodejs-order-book';
import type { Command } from '../src/contract';
import { Exchange } from '../src/core/exchange';
import { FastOrderBook } from '../src/core/fast-book';
import { BID, type FillCallback } from '../src/core/order-book';
import { KIND_NAMES, Kind, applyToBook, generateWorkload, newTaker, toCommand, type BenchCommand } from './workload';

const COMMANDS = Number(process.env.BENCH_COMMANDS ?? 1_000_000);
const SEED = Number(process.env.BENCH_SEED ?? 42);
const USERS = 1000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

/** A way to run workload commands; `prepare` builds a fresh engine and loads the prefill (not timed). */
interface Runner {
  name: string;
  prepare(prefill: BenchCommand[]): void;
  run(commands: BenchCommand[], from: number, to: number): void;
}

// Every engine feeds its fills here, so no engine's results are dead code to the JIT.
let fills = 0;
const countFill: FillCallback = () => {
  fills++;
};

function ours(): Runner & { step(c: BenchCommand): void } {
  let book = new FastOrderBook();
  const taker = newTaker();
  return {
    name: 'ours (FastOrderBook)',
    prepare(prefill) {
      book = new FastOrderBook();
      for (const c of prefill) applyToBook(book, c, taker, countFill);
    },
    run(commands, from, to) {
      for (let i = from; i < to; i++) applyToBook(book, commands[i], taker, countFill);
    },
    step(c) {
      applyToBook(book, c, taker, countFill);
    },
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
  };
}

/** The full core (validation, funds, events) on the same workload, as contract commands. */
function exchange(): Runner {
  const symbol = 'BENCH';
  const instrument = { symbol, baseAsset: 'BASE', quoteAsset: 'QUOTE', tickSize: 1, lotSize: 1 };
  let ex = new Exchange(() => new FastOrderBook(), [instrument]);
  let converted: Command[] = [];
  const convert = (c: BenchCommand) => toCommand(c, symbol, 0);
  return {
    name: 'ours (full Exchange: funds + events)',
    prepare(prefill) {
      ex = new Exchange(() => new FastOrderBook(), [instrument]);
      for (let u = 1; u <= USERS; u++) {
        for (const asset of ['BASE', 'QUOTE']) ex.process({ type: 'DEPOSIT', accountId: `u${u}`, asset, amount: 1e12, timestampMs: 0 });
      }
      for (const c of prefill) ex.process(convert(c));
    },
    run(commands, from, to) {
      if (converted.length !== commands.length) converted = commands.map(convert);
      for (let i = from; i < to; i++) fills += ex.process(converted[i]).length;
    },
  };
}

function timeRun(r: Runner, prefill: BenchCommand[], commands: BenchCommand[]): number {
  r.prepare(prefill);
  const t0 = process.hrtime.bigint();
  r.run(commands, 0, commands.length);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function main(): void {
  const genStart = Date.now();
  const { prefill, commands, restingAfterPrefill } = generateWorkload({ seed: SEED, commands: COMMANDS, targetOrders: 1000, users: USERS });
  const mix = new Array<number>(KIND_NAMES.length).fill(0);
  for (const c of commands) mix[c.kind]++;
  console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), node ${process.version}`);
  console.log(`workload: seed ${SEED}, ${prefill.length} prefill commands (book target 1000 orders), ${commands.length} measured commands, generated in ${Date.now() - genStart} ms`);
  console.log(`mix: ${KIND_NAMES.map((n, i) => `${n} ${((100 * mix[i]) / commands.length).toFixed(2)}%`).join(', ')}`);

  const a = ours();
  const b = peer();
  const x = exchange();
  // Warm-up (JIT) on a prefix, then one measured pass each on fresh books.
  const warm = commands.slice(0, Math.min(200_000, commands.length));
  for (const r of [a, b, x]) timeRun(r, prefill, warm);
  // Alternating measured passes, fastest of each: the machine is shared, and one neighbour's burst
  // should not decide the ratio.
  let secsOurs = Infinity;
  let secsPeer = Infinity;
  let secsEx = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    secsOurs = Math.min(secsOurs, timeRun(a, prefill, commands));
    secsPeer = Math.min(secsPeer, timeRun(b, prefill, commands));
    secsEx = Math.min(secsEx, timeRun(x, prefill, commands));
  }

  // Latency pass on our book: performance.now() around each command (a double: no allocation, unlike
  // hrtime.bigint, so the timer itself does not add GC pauses; adds ~50 ns of overhead per sample).
  a.prepare(prefill);
  const lat = new Float64Array(commands.length);
  for (let i = 0; i < commands.length; i++) {
    const t0 = performance.now();
    a.step(commands[i]);
    lat[i] = (performance.now() - t0) * 1e6;
  }
  lat.sort();
  const us = (p: number) => percentile(lat, p) / 1000;

  const mops = (s: number) => commands.length / s / 1e6;
  const ratio = mops(secsOurs) / mops(secsPeer);
  console.log(`${a.name}: ${mops(secsOurs).toFixed(3)} M commands/s (${secsOurs.toFixed(2)} s)`);
  console.log(`${b.name}: ${mops(secsPeer).toFixed(3)} M commands/s (${secsPeer.toFixed(2)} s)`);
  console.log(`${x.name}: ${mops(secsEx).toFixed(3)} M commands/s (${secsEx.toFixed(2)} s)`);
  console.log(`ratio ours/peer: ${ratio.toFixed(2)}x (goal >= 5, stretch 10)`);
  console.log(`our latency per command: p50 ${us(50).toFixed(2)} us, p99 ${us(99).toFixed(2)} us, p99.99 ${us(99.99).toFixed(2)} us (goal p99.99 <= 100 us)`);
  console.log(
    JSON.stringify({
      bench: 'engine',
      cores: os.cpus().length,
      seed: SEED,
      commands: commands.length,
      restingAfterPrefill,
      mix: Object.fromEntries(KIND_NAMES.map((n, i) => [n, mix[i]])),
      oursMops: +mops(secsOurs).toFixed(4),
      peerMops: +mops(secsPeer).toFixed(4),
      exchangeMops: +mops(secsEx).toFixed(4),
      ratio: +ratio.toFixed(3),
      latencyUs: { p50: +us(50).toFixed(3), p99: +us(99).toFixed(3), p9999: +us(99.99).toFixed(3) },
    }),
  );
}

main();

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Exchange } from '../src/core/exchange';
import { FastOrderBook } from '../src/core/fast-book';
import { ReferenceOrderBook } from '../src/core/reference-book';
import { checkInvariants } from './support/invariants';
import { INSTRUMENTS } from './support/fixtures';
import { commandStream } from './support/random-commands';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 150);

test('reference and fast books give identical events and state for any command stream', () => {
  fc.assert(
    fc.property(commandStream, (commands) => {
      const reference = new Exchange(() => new ReferenceOrderBook(), INSTRUMENTS);
      const fast = new Exchange(() => new FastOrderBook(), INSTRUMENTS);
      for (const c of commands) {
        assert.deepEqual(fast.process(c), reference.process(c));
        checkInvariants(reference);
        checkInvariants(fast);
      }
      assert.deepEqual(fast.snapshot(), reference.snapshot());
    }),
    { numRuns: RUNS },
  );
});

test('snapshot at any point, restore and replay gives the same events as an uninterrupted run', () => {
  fc.assert(
    fc.property(commandStream, fc.nat(), (commands, cutSeed) => {
      const cut = cutSeed % (commands.length + 1);
      const straight = new Exchange(() => new FastOrderBook(), INSTRUMENTS);
      const first = new Exchange(() => new FastOrderBook(), INSTRUMENTS);
      const expected = commands.map((c) => straight.process(c));
      commands.slice(0, cut).forEach((c) => first.process(c));
      const resumed = Exchange.restore(JSON.parse(JSON.stringify(first.snapshot())), () => new FastOrderBook());
      assert.deepEqual(commands.slice(cut).map((c) => resumed.process(c)), expected.slice(cut));
      assert.deepEqual(resumed.snapshot(), straight.snapshot());
    }),
    { numRuns: Math.ceil(RUNS / 3) },
  );
});

test('deferred market data: same results, and each drain equals the merged per-command deltas', () => {
  const fast = () => new FastOrderBook();
  fc.assert(
    fc.property(commandStream, fc.integer({ min: 1, max: 40 }), (commands, every) => {
      const perCommand = new Exchange(fast, INSTRUMENTS);
      const deferred = new Exchange(fast, INSTRUMENTS, { deferMarketData: true });
      let levels = new Map<string, number>();
      let tradedSymbols = new Set<string>();
      commands.forEach((c, i) => {
        const a = perCommand.process(c);
        assert.deepEqual(deferred.process(c), a.filter((e) => e.type !== 'BOOK_DELTA' && e.type !== 'TICKER'));
        for (const e of a) {
          if (e.type === 'BOOK_DELTA') {
            for (const [p, q] of e.bids) levels.set(`${e.symbol} bid ${p}`, q);
            for (const [p, q] of e.asks) levels.set(`${e.symbol} ask ${p}`, q);
          } else if (e.type === 'TRADE') tradedSymbols.add(e.symbol);
        }
        if ((i + 1) % every !== 0 && i !== commands.length - 1) return;
        const drained = deferred.drainMarketData();
        const got = new Map<string, number>();
        for (const e of drained) {
          if (e.type === 'BOOK_DELTA') {
            for (const [p, q] of e.bids) got.set(`${e.symbol} bid ${p}`, q);
            for (const [p, q] of e.asks) got.set(`${e.symbol} ask ${p}`, q);
          }
        }
        assert.deepEqual(new Map([...got].sort()), new Map([...levels].sort()));
        const tickers = drained.filter((e) => e.type === 'TICKER').map((e) => e.symbol);
        for (const symbol of tradedSymbols) assert.ok(tickers.includes(symbol), `ticker for ${symbol} after trades`);
        levels = new Map();
        tradedSymbols = new Set();
      });
      assert.deepEqual(deferred.snapshot(), perCommand.snapshot());
    }),
    { numRuns: Math.ceil(RUNS / 3) },
  );
});

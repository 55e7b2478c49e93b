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

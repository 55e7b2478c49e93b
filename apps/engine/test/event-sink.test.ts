import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { encodeResult, type Command, type EngineEvent } from '../src/contract';
import { CompactSink, Rec } from '../src/core/event-sink';
import { Exchange } from '../src/core/exchange';
import { FastOrderBook } from '../src/core/fast-book';
import { BTC, INSTRUMENTS, fund, order } from './support/fixtures';
import { commandStream } from './support/random-commands';

const pos = { inputPartition: 1, inputOffset: '7' };
const fast = () => new FastOrderBook();

/** Runs the same commands through `process` (event objects) and `apply` into one reused CompactSink. */
function bothWays(commands: Command[], deferMarketData: boolean): Array<{ objects: EngineEvent[]; sink: string; kinds: Rec[] }> {
  const viaObjects = new Exchange(fast, INSTRUMENTS, { deferMarketData });
  const viaSink = new Exchange(fast, INSTRUMENTS, { deferMarketData });
  const sink = new CompactSink();
  return commands.map((c) => {
    const objects = viaObjects.process(c);
    sink.reset();
    viaSink.apply(c, sink);
    const kinds = Array.from({ length: sink.count }, (_, i) => sink.kind(i));
    return { objects, sink: sink.encode(pos), kinds };
  });
}

describe('CompactSink', () => {
  test('encodes the same Kafka result message as encodeResult of the event objects, for any command stream', () => {
    fc.assert(
      fc.property(commandStream, fc.boolean(), (commands, deferMarketData) => {
        for (const { objects, sink } of bothWays(commands, deferMarketData)) assert.equal(sink, encodeResult(pos, objects));
      }),
      { numRuns: 150, seed: 20261129 },
    );
  });

  test('records one entry per event, of the event kind', () => {
    const codes: Record<EngineEvent['type'], Rec> = {
      ACCEPTED: Rec.ACCEPTED,
      TRADE: Rec.TRADE,
      CANCELLED: Rec.CANCELLED,
      REDUCED: Rec.REDUCED,
      MOVED: Rec.MOVED,
      BALANCE: Rec.BALANCE,
      REJECTED: Rec.OTHER,
      BOOK_DELTA: Rec.OTHER,
      TICKER: Rec.OTHER,
    };
    fc.assert(
      fc.property(commandStream, (commands) => {
        for (const { objects, kinds } of bothWays(commands, false)) assert.deepEqual(kinds, objects.map((e) => codes[e.type]));
      }),
      { numRuns: 30, seed: 20261129 },
    );
  });

  test('keeps every event of a command past its initial capacity (a sweep of 150 makers)', () => {
    const commands: Command[] = [...fund('maker'), ...fund('taker')];
    for (let i = 0; i < 150; i++) commands.push(order(`m${i}`, 'maker', 'SELL', 1000 + 5 * i, BTC.lotSize));
    commands.push(order('sweep', 'taker', 'BUY', undefined, 150 * BTC.lotSize, 'MARKET'));
    const results = bothWays(commands, true);
    const last = results[results.length - 1];
    assert.equal(last.kinds.filter((k) => k === Rec.TRADE).length, 150);
    assert.equal(last.sink, encodeResult(pos, last.objects));
  });

  test('reset forgets the previous command: an empty record encodes as a result without events', () => {
    const sink = new CompactSink();
    sink.balance('a', 'BTC', 1, 2, 5);
    sink.reset();
    assert.equal(sink.count, 0);
    assert.equal(sink.encode(pos), encodeResult(pos, []));
  });
});

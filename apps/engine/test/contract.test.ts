import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  CONTRACT_VERSION,
  CommandSchema,
  EVENT_CODES,
  EVENT_FIELDS,
  decodeResult,
  encodeResult,
  COMMAND_FIELDS,
  parseCommand,
  uniformCommand,
  wellFormedCommand,
  type EngineEvent,
} from '../src/contract';
import { Exchange } from '../src/core/exchange';
import { FastOrderBook } from '../src/core/fast-book';
import { INSTRUMENTS } from './support/fixtures';
import { commandStream } from './support/random-commands';

const place = {
  type: 'PLACE', orderId: 'o1', accountId: 'acc-1', symbol: 'BTC-USDT', side: 'BUY', orderType: 'LIMIT',
  price: 100, quantity: 10, timestampMs: 1,
};
/** A command's defined fields: what it is as JSON (parsed commands carry every field, see uniformCommand). */
const defined = (c: object) => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined));
const reasonOf = (raw: string) => {
  const r = parseCommand(raw);
  return r.ok ? 'ok' : r.reason;
};

describe('parseCommand', () => {
  test('accepts a PLACE with numbers and converts digit strings to numbers', () => {
    const r = parseCommand(JSON.stringify({ ...place, price: '100', quantity: '10' }));
    assert.ok(r.ok);
    assert.deepEqual(defined(r.command), place);
  });

  test('gives every command, of every type and from either path, the same fields in the same order', () => {
    const raws = [
      { ...place },
      { ...place, orderType: 'MARKET', price: undefined },
      { type: 'CANCEL', orderId: 'o1', accountId: 'a', symbol: 'BTC-USDT', timestampMs: 1 },
      { type: 'MOVE', orderId: 'o1', accountId: 'a', symbol: 'BTC-USDT', price: 5, timestampMs: 1 },
      { type: 'REDUCE', orderId: 'o1', accountId: 'a', symbol: 'BTC-USDT', quantity: 5, timestampMs: 1 },
      { type: 'DEPOSIT', accountId: 'a', asset: 'USDT', amount: 5, timestampMs: 1 },
      { type: 'WITHDRAW', accountId: 'a', asset: 'USDT', amount: 5, timestampMs: 1 },
    ];
    for (const raw of raws) {
      const r = parseCommand(JSON.stringify(raw));
      assert.ok(r.ok, JSON.stringify(raw));
      assert.deepEqual(Object.keys(r.command), [...COMMAND_FIELDS]);
      assert.deepEqual(defined(r.command), defined(raw));
      // The schema's own output, as zod yields it, reshaped the same way.
      const slow = CommandSchema.parse(raw);
      assert.deepEqual(Object.keys(uniformCommand(slow)), [...COMMAND_FIELDS]);
      assert.deepEqual(uniformCommand(slow), r.command);
    }
  });

  test('fails when the message is not JSON', () => {
    assert.equal(reasonOf('{"type":'), 'MALFORMED_JSON');
  });

  test('fails when the type is unknown, naming the reason', () => {
    assert.equal(reasonOf(JSON.stringify({ ...place, type: 'LIQUIDATE' })), 'UNKNOWN_COMMAND_TYPE');
    assert.equal(reasonOf('[1,2]'), 'UNKNOWN_COMMAND_TYPE');
  });

  test('fails when the quantity is negative, fractional or zero', () => {
    for (const quantity of [-1, 1.5, 0, '1e3', 2 ** 60]) {
      assert.equal(reasonOf(JSON.stringify({ ...place, quantity })), 'INVALID_QUANTITY', String(quantity));
    }
  });

  test('fails when the price is not a positive integer', () => {
    assert.equal(reasonOf(JSON.stringify({ ...place, price: -5 })), 'INVALID_PRICE');
  });

  test('keeps the ids of a rejected message so the rejection can be routed', () => {
    const r = parseCommand(JSON.stringify({ ...place, quantity: -1 }));
    assert.ok(!r.ok);
    assert.deepEqual([r.orderId, r.accountId, r.symbol], ['o1', 'acc-1', 'BTC-USDT']);
  });

  test('accepts DEPOSIT without a symbol', () => {
    const r = parseCommand(JSON.stringify({ type: 'DEPOSIT', accountId: 'a', asset: 'USDT', amount: '5', timestampMs: 2 }));
    assert.ok(r.ok && r.command.type === 'DEPOSIT' && r.command.amount === 5);
  });
});

describe('wellFormedCommand (the fast path before zod)', () => {
  // Field values valid and invalid by the schema's rules, mixed freely.
  const uintish = fc.oneof(
    fc.nat(), fc.integer({ min: -5, max: 5 }), fc.constant(2 ** 53), fc.constant(2 ** 53 - 1), fc.constant(1.5), fc.constant(-0),
    fc.stringMatching(/^[0-9]{1,17}$/), fc.constantFrom('1e3', '', ' 5', '0x10', '9007199254740993'), fc.constant(null), fc.constant(true),
  );
  const idish = fc.oneof(fc.string({ minLength: 0, maxLength: 66 }), fc.constant(5), fc.constant(null));
  const symbolish = fc.oneof(fc.constantFrom('BTC-USDT', 'ETH_USDT', 'A', 'btc-usdt', '-BTC', 'X'.repeat(33)), fc.string({ maxLength: 4 }));
  const assetish = fc.constantFrom('USDT', 'BTC', 'usdt', '', 'A'.repeat(17), 'US-D');
  const commandish = fc.record(
    {
      type: fc.constantFrom('PLACE', 'CANCEL', 'MOVE', 'REDUCE', 'DEPOSIT', 'WITHDRAW', 'LIQUIDATE'),
      orderId: idish,
      accountId: idish,
      symbol: symbolish,
      side: fc.constantFrom('BUY', 'SELL', 'buy'),
      orderType: fc.constantFrom('LIMIT', 'MARKET', 'IOC', 'FOK', 'POST_ONLY', 'GTC'),
      price: uintish,
      quantity: uintish,
      asset: assetish,
      amount: uintish,
      timestampMs: uintish,
      extra: fc.string(),
    },
    { requiredKeys: [] },
  );

  test('never accepts what zod rejects, and yields exactly what zod yields', () => {
    fc.assert(
      fc.property(commandish, (o) => {
        const fast = wellFormedCommand(o);
        const slow = CommandSchema.safeParse(o);
        if (fast !== undefined) {
          assert.ok(slow.success, `fast path accepted what zod rejects: ${JSON.stringify(o)}`);
          assert.deepStrictEqual(defined(fast), slow.data);
        }
      }),
      { numRuns: 3_000 },
    );
  });

  test('accepts every command zod accepts in the forms producers send (numbers and digit strings)', () => {
    fc.assert(
      fc.property(commandish, (o) => {
        const slow = CommandSchema.safeParse(o);
        if (slow.success) assert.deepStrictEqual(defined(wellFormedCommand(o) ?? {}), slow.data, JSON.stringify(o));
      }),
      { numRuns: 3_000 },
    );
  });
});

describe('compact results (encodeResult / decodeResult)', () => {
  const pos = { inputPartition: 3, inputOffset: '42' };
  // The v1 wire form: one JSON object per event, every field named.
  const verbose = (events: EngineEvent[]) => JSON.stringify({ v: 1, ...pos, events });

  test('decoding gives back every event the exchange emits for random command streams', () => {
    fc.assert(
      fc.property(commandStream, (commands) => {
        const exchange = new Exchange(() => new FastOrderBook(), INSTRUMENTS);
        for (const c of commands) {
          const events = exchange.process(c);
          assert.deepStrictEqual(decodeResult(encodeResult(pos, events)), { v: CONTRACT_VERSION, ...pos, events });
        }
      }),
      { numRuns: 100, seed: 20261129 },
    );
  });

  test('keeps null fields, drops absent optional ones, and an event time that differs from the command time', () => {
    const events: EngineEvent[] = [
      { type: 'ACCEPTED', orderId: 'o"1', accountId: 'a', symbol: 'BTC-USDT', side: 'BUY', orderType: 'MARKET', price: null, quantity: 5, timestampMs: 9 },
      { type: 'REJECTED', commandType: null, reason: 'MALFORMED_JSON', detail: 'message is not valid JSON', timestampMs: 9 },
      { type: 'REJECTED', commandType: 'DEPOSIT', reason: 'INVALID_AMOUNT', accountId: 'a', asset: 'USDT', amount: 0, timestampMs: 9 },
      { type: 'BOOK_DELTA', symbol: 'BTC-USDT', bids: [[10, 0]], asks: [], timestampMs: 9 },
      { type: 'TICKER', symbol: 'BTC-USDT', lastPrice: null, lastQuantity: null, bestBid: 10, bestAsk: null, volume: 0, tradeCount: 0, timestampMs: 11 },
    ];
    const decoded = decodeResult(encodeResult(pos, events));
    assert.deepStrictEqual(decoded.events, events);
    assert.equal(JSON.parse(encodeResult(pos, events)).e[4].at(-1), 11);
  });

  test('every event type has a distinct code and the encoder writes its fields in EVENT_FIELDS order', () => {
    assert.equal(new Set(Object.values(EVENT_CODES)).size, Object.keys(EVENT_CODES).length);
    assert.deepEqual(Object.keys(EVENT_FIELDS).sort(), Object.keys(EVENT_CODES).sort());
    const trade: EngineEvent = {
      type: 'TRADE', tradeId: 7, symbol: 'S', price: 1, quantity: 2, takerSide: 'SELL', takerOrderId: 'to', takerAccountId: 'ta',
      makerOrderId: 'mo', makerAccountId: 'ma', takerRemaining: 3, makerRemaining: 4, timestampMs: 5,
    };
    const [row] = JSON.parse(encodeResult(pos, [trade])).e;
    assert.deepEqual(row, ['T', ...EVENT_FIELDS.TRADE.map((f) => trade[f])]);
  });

  test('a result is well under half the bytes of one named object per event', () => {
    const exchange = new Exchange(() => new FastOrderBook(), INSTRUMENTS);
    let compact = 0;
    let named = 0;
    fc.assert(
      fc.property(commandStream, (commands) => {
        for (const c of commands) {
          const events = exchange.process(c);
          compact += encodeResult(pos, events).length;
          named += verbose(events).length;
        }
      }),
      { numRuns: 20, seed: 7 },
    );
    assert.ok(compact < 0.45 * named, `compact ${compact} bytes vs named ${named}`);
  });

  test('fails when the message is of another contract version, naming both', () => {
    assert.throws(() => decodeResult(verbose([])), { name: 'ResultFormatError', message: `contract version 1, expected ${CONTRACT_VERSION}` });
  });

  test('fails when an event has an unknown code or the wrong number of fields', () => {
    const wire = (e: unknown[][]) => JSON.stringify({ v: CONTRACT_VERSION, p: 0, o: '1', t: 1, e });
    assert.throws(() => decodeResult(wire([['X', 1]])), { name: 'ResultFormatError', message: /unknown event/ });
    assert.throws(() => decodeResult(wire([['B', 'a', 'USDT', 1]])), { name: 'ResultFormatError', message: 'BALANCE event with 3 fields' });
    assert.throws(() => decodeResult('{"v":2,"p":0,"o":7,"t":1,"e":[]}'), { name: 'ResultFormatError', message: 'no input position' });
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { CommandSchema, parseCommand, wellFormedCommand } from '../src/contract';

const place = {
  type: 'PLACE', orderId: 'o1', accountId: 'acc-1', symbol: 'BTC-USDT', side: 'BUY', orderType: 'LIMIT',
  price: 100, quantity: 10, timestampMs: 1,
};
const reasonOf = (raw: string) => {
  const r = parseCommand(raw);
  return r.ok ? 'ok' : r.reason;
};

describe('parseCommand', () => {
  test('accepts a PLACE with numbers and converts digit strings to numbers', () => {
    const r = parseCommand(JSON.stringify({ ...place, price: '100', quantity: '10' }));
    assert.ok(r.ok);
    assert.deepEqual(r.command, place);
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
          assert.deepStrictEqual(fast, slow.data);
        }
      }),
      { numRuns: 3_000 },
    );
  });

  test('accepts every command zod accepts in the forms producers send (numbers and digit strings)', () => {
    fc.assert(
      fc.property(commandish, (o) => {
        const slow = CommandSchema.safeParse(o);
        if (slow.success) assert.deepStrictEqual(wellFormedCommand(o), slow.data, JSON.stringify(o));
      }),
      { numRuns: 3_000 },
    );
  });
});

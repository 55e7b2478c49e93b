import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCommand } from '../src/contract';

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

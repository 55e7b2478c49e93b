import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Exchange } from '../src/core/exchange';
import { FastOrderBook } from '../src/core/fast-book';
import { ReferenceOrderBook } from '../src/core/reference-book';
import { checkInvariants } from './support/invariants';
import { BTC, INSTRUMENTS, cmd, fund, ofType, order } from './support/fixtures';

// The Exchange keeps funds in arrays sized for 1,024 accounts at first and doubles them as accounts come.
const ACCOUNTS = 2500;

test('funds stay exact while the accounts outgrow the funds arrays, and survive snapshot/restore', () => {
  const fast = new Exchange(() => new FastOrderBook(), INSTRUMENTS);
  const reference = new Exchange(() => new ReferenceOrderBook(), INSTRUMENTS);
  const run = (c: Parameters<Exchange['process']>[0]) => {
    const events = fast.process(c);
    assert.deepEqual(events, reference.process(c));
    return events;
  };
  for (let a = 0; a < ACCOUNTS; a++) for (const c of fund(`acct${a}`, 1_000 + a)) run(c);
  // The last account rests a buy; the first sells into it: both ends of the arrays settle a trade.
  run(order('b1', `acct${ACCOUNTS - 1}`, 'BUY', 5, 10));
  const fill = run(order('s1', 'acct0', 'SELL', 5, 10));
  assert.equal(ofType(fill, 'TRADE').length, 1);
  assert.deepEqual(fast.getBalance(`acct${ACCOUNTS - 1}`, 'USDT'), { available: 1_000 + ACCOUNTS - 1 - 5, reserved: 0 });
  assert.deepEqual(fast.getBalance(`acct${ACCOUNTS - 1}`, 'BTC'), { available: 1_000 + ACCOUNTS - 1 + 10, reserved: 0 });
  assert.deepEqual(fast.getBalance('acct0', 'USDT'), { available: 1_000 + 5, reserved: 0 });
  assert.deepEqual(fast.getBalance(`acct${ACCOUNTS / 2}`, 'ETH'), { available: 1_000 + ACCOUNTS / 2, reserved: 0 });
  checkInvariants(fast);
  const restored = Exchange.restore(fast.snapshot(), () => new FastOrderBook());
  assert.deepEqual(restored.snapshot(), fast.snapshot());
  const next = cmd({ type: 'WITHDRAW', accountId: `acct${ACCOUNTS - 2}`, asset: 'BTC', amount: 7 });
  assert.deepEqual(restored.process(next), fast.process(next));
  assert.equal(fast.getBalance(`acct${ACCOUNTS - 2}`, BTC.baseAsset)!.available, 1_000 + ACCOUNTS - 2 - 7);
});

test('an account has no balance in an asset it never touched', () => {
  const ex = new Exchange(() => new FastOrderBook(), INSTRUMENTS);
  ex.process(cmd({ type: 'DEPOSIT', accountId: 'alice', asset: 'USDT', amount: 100 }));
  assert.deepEqual(ex.getBalance('alice', 'USDT'), { available: 100, reserved: 0 });
  assert.equal(ex.getBalance('alice', 'BTC'), undefined);
  assert.equal(ex.getBalance('alice', 'DOGE'), undefined);
  assert.equal(ex.getBalance('bob', 'USDT'), undefined);
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Command, EngineEvent } from '../../src/contract';
import { Exchange } from '../../src/core/exchange';
import { ASK, BID, type OrderBookFactory } from '../../src/core/order-book';
import { checkInvariants } from './invariants';
import { BTC, INSTRUMENTS, cmd, fund, ofType, order } from './fixtures';

/** An exchange whose every command is followed by a full invariant check. */
class Harness {
  readonly ex: Exchange;
  constructor(factory: OrderBookFactory, accounts = ['alice', 'bob', 'carol']) {
    this.ex = new Exchange(factory, INSTRUMENTS);
    for (const a of accounts) for (const c of fund(a)) this.run(c);
  }
  run(c: Command): EngineEvent[] {
    const events = this.ex.process(c);
    checkInvariants(this.ex);
    return events;
  }
  rejection(c: Command): string | undefined {
    return ofType(this.run(c), 'REJECTED')[0]?.reason;
  }
  usdt(account: string) {
    return this.ex.getBalance(account, 'USDT')!;
  }
}

/**
 * The behaviour every {@link OrderBook} implementation must have, run through the shared exchange core
 * with invariants checked after every step (exchange-core's OrderBookBaseTest, adapted).
 */
export function orderBookSuite(name: string, factory: OrderBookFactory): void {
  describe(`${name}: order book behaviour`, () => {
    test('fills the better price first, then the earlier order at a price', () => {
      const h = new Harness(factory);
      h.run(order('a1', 'alice', 'SELL', 105, 10));
      h.run(order('a2', 'bob', 'SELL', 100, 10));
      h.run(order('a3', 'alice', 'SELL', 100, 10));
      const trades = ofType(h.run(order('b1', 'carol', 'BUY', 105, 30)), 'TRADE');
      assert.deepEqual(
        trades.map((t) => [t.makerOrderId, t.price, t.quantity]),
        [
          ['a2', 100, 10],
          ['a3', 100, 10],
          ['a1', 105, 10],
        ],
      );
    });

    test('rests the unfilled part of a LIMIT order at its price', () => {
      const h = new Harness(factory);
      h.run(order('s1', 'alice', 'SELL', 100, 10));
      const events = h.run(order('b1', 'bob', 'BUY', 100, 30));
      assert.equal(ofType(events, 'TRADE')[0].takerRemaining, 20);
      assert.equal(h.ex.book(BTC.symbol)!.get('b1')!.remaining, 20);
      assert.deepEqual(ofType(events, 'BOOK_DELTA')[0], {
        type: 'BOOK_DELTA', symbol: BTC.symbol, bids: [[100, 20]], asks: [[100, 0]], timestampMs: events[0].timestampMs,
      });
    });

    test('settles a fill at the maker price and refunds the taker price improvement', () => {
      const h = new Harness(factory);
      const before = h.usdt('bob').available;
      h.run(order('s1', 'alice', 'SELL', 100, 10));
      h.run(order('b1', 'bob', 'BUY', 120, 10));
      // 10 base units = 1 lot at 100 per lot.
      assert.deepEqual(h.usdt('bob'), { available: before - 100, reserved: 0 });
      assert.equal(h.ex.getBalance('bob', 'BTC')!.available, 1_000_000_000 + 10);
      assert.equal(h.usdt('alice').available, 1_000_000_000 + 100);
    });

    test('MARKET buy sweeps levels and cancels what the book cannot fill', () => {
      const h = new Harness(factory);
      h.run(order('s1', 'alice', 'SELL', 100, 10));
      h.run(order('s2', 'alice', 'SELL', 110, 10));
      const events = h.run(order('m1', 'bob', 'BUY', undefined, 50, 'MARKET'));
      assert.deepEqual(ofType(events, 'TRADE').map((t) => t.price), [100, 110]);
      assert.deepEqual(ofType(events, 'CANCELLED').map((c) => [c.reason, c.cancelledQuantity]), [['UNFILLED_REMAINDER', 30]]);
      assert.equal(h.ex.book(BTC.symbol)!.size, 0);
    });

    test('MARKET buy stops when the quote balance runs out', () => {
      const h = new Harness(factory);
      h.run(cmd({ type: 'DEPOSIT', accountId: 'dave', asset: 'USDT', amount: 250 }));
      h.run(order('s1', 'alice', 'SELL', 100, 50));
      const events = h.run(order('m1', 'dave', 'BUY', undefined, 50, 'MARKET'));
      assert.deepEqual(ofType(events, 'TRADE').map((t) => t.quantity), [20]);
      assert.deepEqual(ofType(events, 'CANCELLED').map((c) => [c.reason, c.cancelledQuantity]), [['INSUFFICIENT_FUNDS', 30]]);
      assert.deepEqual(h.usdt('dave'), { available: 50, reserved: 0 });
    });

    test('MARKET buy whose budget runs out on a maker stops for funds even when its own order is next', () => {
      const h = new Harness(factory);
      h.run(cmd({ type: 'DEPOSIT', accountId: 'dave', asset: 'USDT', amount: 250 }));
      h.run(cmd({ type: 'DEPOSIT', accountId: 'dave', asset: 'BTC', amount: 10 }));
      h.run(order('s1', 'alice', 'SELL', 100, 50));
      h.run(order('s2', 'dave', 'SELL', 100, 10));
      const events = h.run(order('m1', 'dave', 'BUY', undefined, 50, 'MARKET'));
      assert.deepEqual(ofType(events, 'TRADE').map((t) => [t.makerOrderId, t.quantity]), [['s1', 20]]);
      assert.deepEqual(ofType(events, 'CANCELLED').map((c) => [c.reason, c.cancelledQuantity]), [['INSUFFICIENT_FUNDS', 30]]);
      assert.equal(h.ex.book(BTC.symbol)!.get('s2')!.remaining, 10);
    });

    test('MARKET sell takes bids down to any price', () => {
      const h = new Harness(factory);
      h.run(order('b1', 'alice', 'BUY', 100, 10));
      h.run(order('b2', 'alice', 'BUY', 5, 10));
      const trades = ofType(h.run(order('m1', 'bob', 'SELL', undefined, 20, 'MARKET')), 'TRADE');
      assert.deepEqual(trades.map((t) => t.price), [100, 5]);
    });

    test('IOC fills what it can and cancels the rest', () => {
      const h = new Harness(factory);
      h.run(order('s1', 'alice', 'SELL', 100, 10));
      const events = h.run(order('i1', 'bob', 'BUY', 100, 30, 'IOC'));
      assert.equal(ofType(events, 'TRADE').length, 1);
      assert.deepEqual(ofType(events, 'CANCELLED').map((c) => c.cancelledQuantity), [20]);
      assert.equal(h.ex.book(BTC.symbol)!.get('i1'), undefined);
      assert.equal(h.usdt('bob').reserved, 0);
    });

    test('FOK is rejected when it cannot fill completely and changes nothing', () => {
      const h = new Harness(factory);
      h.run(order('s1', 'alice', 'SELL', 100, 10));
      const events = h.run(order('f1', 'bob', 'BUY', 100, 20, 'FOK'));
      assert.deepEqual(events.map((e) => e.type), ['REJECTED']);
      assert.equal(ofType(events, 'REJECTED')[0].reason, 'FOK_NOT_FILLABLE');
      assert.equal(h.ex.book(BTC.symbol)!.get('s1')!.remaining, 10);
    });

    test('FOK fills completely across levels when it can', () => {
      const h = new Harness(factory);
      h.run(order('s1', 'alice', 'SELL', 100, 10));
      h.run(order('s2', 'carol', 'SELL', 105, 10));
      const trades = ofType(h.run(order('f1', 'bob', 'BUY', 105, 20, 'FOK')), 'TRADE');
      assert.deepEqual(trades.map((t) => t.quantity), [10, 10]);
    });

    test('POST_ONLY is rejected when it would take liquidity', () => {
      const h = new Harness(factory);
      h.run(order('s1', 'alice', 'SELL', 100, 10));
      assert.equal(h.rejection(order('p1', 'bob', 'BUY', 100, 10, 'POST_ONLY')), 'POST_ONLY_WOULD_TAKE');
      h.run(order('p2', 'bob', 'BUY', 95, 10, 'POST_ONLY'));
      assert.equal(h.ex.book(BTC.symbol)!.best(BID), 95);
    });

    test('cancel removes the order and releases its reservation', () => {
      const h = new Harness(factory);
      const before = h.usdt('bob');
      h.run(order('b1', 'bob', 'BUY', 100, 20));
      assert.equal(h.usdt('bob').reserved, 200);
      const events = h.run(cmd({ type: 'CANCEL', orderId: 'b1', accountId: 'bob', symbol: BTC.symbol }));
      assert.deepEqual(ofType(events, 'CANCELLED').map((c) => [c.reason, c.cancelledQuantity]), [['USER_CANCELLED', 20]]);
      assert.deepEqual(h.usdt('bob'), before);
    });

    test("cancel of another account's order is rejected as not found", () => {
      const h = new Harness(factory);
      h.run(order('b1', 'bob', 'BUY', 100, 20));
      const reason = h.rejection(cmd({ type: 'CANCEL', orderId: 'b1', accountId: 'alice', symbol: BTC.symbol }));
      assert.equal(reason, 'ORDER_NOT_FOUND');
      assert.ok(h.ex.book(BTC.symbol)!.get('b1'));
    });

    test('move loses time priority at the new price', () => {
      const h = new Harness(factory);
      h.run(order('s1', 'alice', 'SELL', 100, 10));
      h.run(order('s2', 'bob', 'SELL', 105, 10));
      h.run(cmd({ type: 'MOVE', orderId: 's1', accountId: 'alice', symbol: BTC.symbol, price: 105 }));
      const trades = ofType(h.run(order('b1', 'carol', 'BUY', 105, 10)), 'TRADE');
      assert.deepEqual(trades.map((t) => t.makerOrderId), ['s2']);
    });

    test('move across the spread trades at once', () => {
      const h = new Harness(factory);
      h.run(order('s1', 'alice', 'SELL', 100, 10));
      h.run(order('b1', 'bob', 'BUY', 90, 10));
      const events = h.run(cmd({ type: 'MOVE', orderId: 'b1', accountId: 'bob', symbol: BTC.symbol, price: 100 }));
      assert.deepEqual(events.slice(0, 2).map((e) => e.type), ['MOVED', 'TRADE']);
      assert.equal(h.ex.book(BTC.symbol)!.size, 0);
    });

    test('move is rejected when the account cannot pay the higher price', () => {
      const h = new Harness(factory);
      h.run(cmd({ type: 'DEPOSIT', accountId: 'dave', asset: 'USDT', amount: 100 }));
      h.run(order('b1', 'dave', 'BUY', 100, 10));
      assert.equal(h.rejection(cmd({ type: 'MOVE', orderId: 'b1', accountId: 'dave', symbol: BTC.symbol, price: 105 })), 'INSUFFICIENT_FUNDS');
      assert.equal(h.ex.book(BTC.symbol)!.get('b1')!.price, 100);
    });

    test('reduce keeps time priority and releases the difference', () => {
      const h = new Harness(factory);
      h.run(order('b1', 'alice', 'BUY', 100, 30));
      h.run(order('b2', 'bob', 'BUY', 100, 10));
      h.run(cmd({ type: 'REDUCE', orderId: 'b1', accountId: 'alice', symbol: BTC.symbol, quantity: 10 }));
      assert.equal(h.usdt('alice').reserved, 100);
      const trades = ofType(h.run(order('s1', 'carol', 'SELL', 100, 10)), 'TRADE');
      assert.deepEqual(trades.map((t) => t.makerOrderId), ['b1']);
    });

    test('reduce to the same or a larger size is rejected', () => {
      const h = new Harness(factory);
      h.run(order('b1', 'alice', 'BUY', 100, 30));
      const reason = h.rejection(cmd({ type: 'REDUCE', orderId: 'b1', accountId: 'alice', symbol: BTC.symbol, quantity: 30 }));
      assert.equal(reason, 'REDUCE_NOT_SMALLER');
    });

    test('self-trade prevention cancels the taker and leaves the own resting order', () => {
      const h = new Harness(factory);
      h.run(order('s1', 'bob', 'SELL', 100, 10));
      h.run(order('s2', 'alice', 'SELL', 100, 10));
      const events = h.run(order('b1', 'alice', 'BUY', 100, 30));
      assert.deepEqual(ofType(events, 'TRADE').map((t) => t.makerOrderId), ['s1']);
      assert.deepEqual(ofType(events, 'CANCELLED').map((c) => [c.reason, c.cancelledQuantity]), [['SELF_TRADE_PREVENTED', 20]]);
      assert.equal(h.ex.book(BTC.symbol)!.get('s2')!.remaining, 10);
      assert.equal(h.ex.book(BTC.symbol)!.get('b1'), undefined);
    });

    test('rejects prices off tick and quantities off lot', () => {
      const h = new Harness(factory);
      assert.equal(h.rejection(order('x1', 'alice', 'BUY', 101, 10)), 'PRICE_OFF_TICK');
      assert.equal(h.rejection(order('x2', 'alice', 'BUY', 100, 15)), 'QUANTITY_OFF_LOT');
    });

    test('rejects unknown symbols, unknown accounts, missing prices and duplicate ids', () => {
      const h = new Harness(factory);
      assert.equal(h.rejection(order('x1', 'alice', 'BUY', 100, 10, 'LIMIT', 'DOGE-USDT')), 'UNKNOWN_SYMBOL');
      assert.equal(h.rejection(order('x2', 'nobody', 'BUY', 100, 10)), 'UNKNOWN_ACCOUNT');
      assert.equal(h.rejection(order('x3', 'alice', 'BUY', undefined, 10)), 'PRICE_REQUIRED');
      h.run(order('x4', 'alice', 'BUY', 100, 10));
      assert.equal(h.rejection(order('x4', 'bob', 'SELL', 200, 10)), 'DUPLICATE_ORDER_ID');
    });

    test('a rejected command echoes what it asked for (side, type, price, quantity; asset, amount)', () => {
      const h = new Harness(factory);
      h.run(cmd({ type: 'DEPOSIT', accountId: 'dave', asset: 'USDT', amount: 99 }));
      const [place] = ofType(h.run(order('b1', 'dave', 'BUY', 100, 10, 'FOK')), 'REJECTED');
      assert.deepEqual(
        { ...place, timestampMs: 0 },
        { type: 'REJECTED', commandType: 'PLACE', reason: 'INSUFFICIENT_FUNDS', orderId: 'b1', accountId: 'dave', symbol: BTC.symbol, side: 'BUY', orderType: 'FOK', price: 100, quantity: 10, timestampMs: 0 },
      );
      const [move] = ofType(h.run(cmd({ type: 'MOVE', orderId: 'zz', accountId: 'dave', symbol: BTC.symbol, price: 105 })), 'REJECTED');
      assert.equal(move.price, 105);
      const [reduce] = ofType(h.run(cmd({ type: 'REDUCE', orderId: 'zz', accountId: 'dave', symbol: BTC.symbol, quantity: 20 })), 'REJECTED');
      assert.equal(reduce.quantity, 20);
      const [withdraw] = ofType(h.run(cmd({ type: 'WITHDRAW', accountId: 'dave', asset: 'USDT', amount: 500 })), 'REJECTED');
      assert.deepEqual([withdraw.asset, withdraw.amount], ['USDT', 500]);
    });

    test('cancel, move and reduce from an unknown account are rejected as UNKNOWN_ACCOUNT', () => {
      const h = new Harness(factory);
      h.run(order('b1', 'alice', 'BUY', 100, 10));
      const base = { orderId: 'b1', accountId: 'nobody', symbol: BTC.symbol } as const;
      assert.equal(h.rejection(cmd({ type: 'CANCEL', ...base })), 'UNKNOWN_ACCOUNT');
      assert.equal(h.rejection(cmd({ type: 'MOVE', ...base, price: 105 })), 'UNKNOWN_ACCOUNT');
      assert.equal(h.rejection(cmd({ type: 'REDUCE', ...base, quantity: 10 })), 'UNKNOWN_ACCOUNT');
    });

    test('move of a sell is rejected when its notional would pass 2^53, as place is', () => {
      const h = new Harness(factory);
      // 10^15 base units = 10^14 lots: fine at price 5 (5 * 10^14), too large at 100 (10^16 > 2^53).
      h.run(cmd({ type: 'DEPOSIT', accountId: 'dave', asset: 'BTC', amount: 1e15 }));
      h.run(order('s1', 'dave', 'SELL', 5, 1e15));
      assert.equal(h.rejection(order('s2', 'alice', 'SELL', 100, 1e15)), 'NOTIONAL_TOO_LARGE');
      assert.equal(h.rejection(cmd({ type: 'MOVE', orderId: 's1', accountId: 'dave', symbol: BTC.symbol, price: 100 })), 'NOTIONAL_TOO_LARGE');
      assert.equal(h.ex.book(BTC.symbol)!.get('s1')!.price, 5);
    });

    test('rejects an order the account cannot pay for', () => {
      const h = new Harness(factory);
      h.run(cmd({ type: 'DEPOSIT', accountId: 'dave', asset: 'USDT', amount: 99 }));
      assert.equal(h.rejection(order('b1', 'dave', 'BUY', 100, 10)), 'INSUFFICIENT_FUNDS');
      assert.equal(h.rejection(order('s1', 'dave', 'SELL', 100, 10)), 'INSUFFICIENT_FUNDS');
    });

    test('withdraw cannot take reserved funds', () => {
      const h = new Harness(factory);
      h.run(cmd({ type: 'DEPOSIT', accountId: 'dave', asset: 'USDT', amount: 100 }));
      h.run(order('b1', 'dave', 'BUY', 100, 10));
      assert.equal(h.rejection(cmd({ type: 'WITHDRAW', accountId: 'dave', asset: 'USDT', amount: 1 })), 'INSUFFICIENT_FUNDS');
    });

    test('ticker follows trades and the top of book', () => {
      const h = new Harness(factory);
      h.run(order('s1', 'alice', 'SELL', 100, 20));
      const events = h.run(order('b1', 'bob', 'BUY', 100, 10));
      const [ticker] = ofType(events, 'TICKER');
      assert.deepEqual([ticker.lastPrice, ticker.volume, ticker.tradeCount, ticker.bestBid, ticker.bestAsk], [100, 10, 1, null, 100]);
    });

    test('a restored snapshot behaves exactly like the original', () => {
      const h = new Harness(factory);
      h.run(order('s1', 'alice', 'SELL', 100, 20));
      h.run(order('s2', 'bob', 'SELL', 100, 20));
      h.run(order('b1', 'carol', 'BUY', 90, 20));
      const copy = Exchange.restore(JSON.parse(JSON.stringify(h.ex.snapshot())), factory);
      checkInvariants(copy);
      const next = order('b2', 'carol', 'BUY', 100, 30);
      assert.deepEqual(copy.process(next), h.run(next));
      assert.deepEqual(copy.snapshot(), h.ex.snapshot());
      assert.deepEqual(h.ex.book(BTC.symbol)!.depth(ASK, 5), [[100, 10]]);
    });
  });
}

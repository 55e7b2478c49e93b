import assert from 'node:assert/strict';
import { ASK, BID, notional, type BookSide } from '../../src/core/order-book';
import type { Exchange } from '../../src/core/exchange';

/**
 * Checks every internal invariant of an exchange; the shared suite calls it after every command.
 * - books: never crossed, price priority across levels, FIFO (arrival seq) within a level, level totals
 *   equal the sum of their orders, depth agrees with the orders, no empty orders;
 * - funds: per asset, available + reserved over all accounts equals deposits - withdrawals; no negative
 *   balance; each account's reservation equals what its resting orders hold.
 */
export function checkInvariants(ex: Exchange): void {
  const reservedByOrders = new Map<string, number>();
  const add = (accountId: string, asset: string, amount: number) => {
    const key = `${accountId}/${asset}`;
    reservedByOrders.set(key, (reservedByOrders.get(key) ?? 0) + amount);
  };
  for (const instrument of ex.instruments()) {
    const book = ex.book(instrument.symbol)!;
    const bestBid = book.best(BID);
    const bestAsk = book.best(ASK);
    if (bestBid !== null && bestAsk !== null) assert.ok(bestBid < bestAsk, `${instrument.symbol} crossed: ${bestBid} >= ${bestAsk}`);
    let count = 0;
    for (const side of [BID, ASK] as BookSide[]) {
      const orders = book.orders(side);
      count += orders.length;
      const levels = new Map<number, number>();
      for (let i = 0; i < orders.length; i++) {
        const o = orders[i];
        assert.equal(o.side, side);
        assert.ok(o.remaining > 0 && o.remaining % instrument.lotSize === 0, `bad remaining ${o.remaining}`);
        if (i > 0) {
          const prev = orders[i - 1];
          if (prev.price === o.price) assert.ok(prev.seq < o.seq, `FIFO broken at ${o.price}`);
          else assert.ok(side === BID ? prev.price > o.price : prev.price < o.price, 'price priority broken');
        }
        levels.set(o.price, (levels.get(o.price) ?? 0) + o.remaining);
        if (side === BID) add(o.accountId, instrument.quoteAsset, notional(o.price, o.remaining, instrument.lotSize));
        else add(o.accountId, instrument.baseAsset, o.remaining);
      }
      for (const [price, total] of levels) assert.equal(book.levelQuantity(side, price), total, `level ${price} total`);
      assert.deepEqual(book.depth(side, Number.MAX_SAFE_INTEGER), [...levels]);
    }
    assert.equal(book.size, count);
  }
  const totals = new Map<string, number>();
  for (const accountId of ex.accountIds()) {
    for (const asset of assetsOf(ex)) {
      const b = ex.getBalance(accountId, asset);
      if (b === undefined) continue;
      assert.ok(b.available >= 0 && b.reserved >= 0, `negative balance ${accountId}/${asset}`);
      assert.equal(b.reserved, reservedByOrders.get(`${accountId}/${asset}`) ?? 0, `reservation of ${accountId}/${asset}`);
      totals.set(asset, (totals.get(asset) ?? 0) + b.available + b.reserved);
    }
  }
  for (const [asset, total] of totals) assert.equal(total, ex.getSupply(asset), `${asset} not conserved`);
}

function assetsOf(ex: Exchange): Set<string> {
  const assets = new Set<string>();
  for (const i of ex.instruments()) {
    assets.add(i.baseAsset);
    assets.add(i.quoteAsset);
  }
  return assets;
}

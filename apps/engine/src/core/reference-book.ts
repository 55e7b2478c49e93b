import {
  ASK,
  BID,
  StopReason,
  affordable,
  notional,
  type BookSide,
  type FillCallback,
  type LevelLog,
  type MatchOutcome,
  type OrderBook,
  type RestingOrder,
  type TakerSpec,
} from './order-book';

/**
 * The reference book: each side is one array in priority order, searched linearly. Slow on purpose so it
 * is easy to convince yourself it is right; the fast book is tested against it.
 */
export class ReferenceOrderBook implements OrderBook {
  private readonly sides: [RestingOrder[], RestingOrder[]] = [[], []];
  private log: LevelLog | null = null;

  logLevelChanges(log: LevelLog): void {
    this.log = log;
  }

  /** Notes every change of a level (the log's readers dedupe). */
  private changed(side: BookSide, price: number): void {
    this.log?.note(side, price);
  }

  get size(): number {
    return this.sides[BID].length + this.sides[ASK].length;
  }

  private static better(side: BookSide, a: number, b: number): boolean {
    return side === BID ? a > b : a < b;
  }

  private static crosses(takerSide: BookSide, limit: number, makerPrice: number): boolean {
    return takerSide === BID ? makerPrice <= limit : makerPrice >= limit;
  }

  match(taker: TakerSpec, onFill: FillCallback): MatchOutcome {
    const book = this.sides[taker.side === BID ? ASK : BID];
    let left = taker.quantity;
    let budget = taker.quoteBudget;
    while (left > 0 && book.length > 0) {
      const maker = book[0];
      if (!ReferenceOrderBook.crosses(taker.side, taker.limitPrice, maker.price)) break;
      if (maker.owner === taker.owner) return { filled: taker.quantity - left, stop: StopReason.SELF_TRADE };
      const q = affordable(maker.price, budget, taker.lotSize, Math.min(left, maker.remaining));
      if (q === 0) return { filled: taker.quantity - left, stop: StopReason.BUDGET };
      budget -= notional(maker.price, q, taker.lotSize);
      maker.remaining -= q;
      this.changed(maker.side, maker.price);
      left -= q;
      if (maker.remaining === 0) book.shift();
      onFill(maker, maker.price, q);
    }
    return { filled: taker.quantity - left, stop: StopReason.DONE };
  }

  fillableQuantity(taker: TakerSpec): number {
    let total = 0;
    for (const maker of this.sides[taker.side === BID ? ASK : BID]) {
      if (total >= taker.quantity) break;
      if (!ReferenceOrderBook.crosses(taker.side, taker.limitPrice, maker.price)) break;
      if (maker.owner === taker.owner) break;
      total += maker.remaining;
    }
    return Math.min(total, taker.quantity);
  }

  wouldCross(side: BookSide, price: number): boolean {
    const opposite = this.sides[side === BID ? ASK : BID];
    return opposite.length > 0 && ReferenceOrderBook.crosses(side, price, opposite[0].price);
  }

  add(orderId: string, accountId: string, owner: number, side: BookSide, price: number, remaining: number, seq: number, timestampMs: number): void {
    this.insert({ orderId, accountId, owner, side, price, remaining, seq, timestampMs });
  }

  lift(order: RestingOrder): void {
    const book = this.sides[order.side];
    book.splice(book.indexOf(order), 1);
    this.changed(order.side, order.price);
  }

  restLifted(order: RestingOrder, price: number, remaining: number, seq: number, timestampMs: number): void {
    Object.assign(order, { price, remaining, seq, timestampMs });
    this.insert(order);
  }

  dropLifted(): void {
    // A lifted order is in no list here: nothing to forget.
  }

  private insert(order: RestingOrder): void {
    const book = this.sides[order.side];
    let i = 0;
    // Behind every order at an equal or better price: that is price-time priority.
    while (i < book.length && !ReferenceOrderBook.better(order.side, order.price, book[i].price)) i++;
    book.splice(i, 0, order);
    this.changed(order.side, order.price);
  }

  remove(orderId: string): RestingOrder | undefined {
    for (const book of this.sides) {
      const i = book.findIndex((o) => o.orderId === orderId);
      if (i >= 0) {
        const order = book[i];
        book.splice(i, 1);
        this.changed(order.side, order.price);
        return order;
      }
    }
    return undefined;
  }

  removeOrder(order: RestingOrder): void {
    this.remove(order.orderId);
  }

  reduce(order: RestingOrder, quantity: number): void {
    order.remaining = quantity;
    this.changed(order.side, order.price);
  }

  get(orderId: string): RestingOrder | undefined {
    return this.sides[BID].find((o) => o.orderId === orderId) ?? this.sides[ASK].find((o) => o.orderId === orderId);
  }

  levelQuantity(side: BookSide, price: number): number {
    return this.sides[side].filter((o) => o.price === price).reduce((sum, o) => sum + o.remaining, 0);
  }

  best(side: BookSide): number | null {
    const book = this.sides[side];
    return book.length > 0 ? book[0].price : null;
  }

  depth(side: BookSide, levels: number): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    for (const o of this.sides[side]) {
      const last = out[out.length - 1];
      if (last && last[0] === o.price) last[1] += o.remaining;
      else if (out.length === levels) break;
      else out.push([o.price, o.remaining]);
    }
    return out;
  }

  orders(side: BookSide): RestingOrder[] {
    return [...this.sides[side]];
  }
}

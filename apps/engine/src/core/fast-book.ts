import {
  ASK,
  BID,
  StopReason,
  affordable,
  notional,
  type BookSide,
  type FillCallback,
  type MatchOutcome,
  type OrderBook,
  type RestingOrder,
  type TakerSpec,
} from './order-book';

/**
 * An order inside an intrusive FIFO list, so cancel/reduce by id are O(1). A class, so every order has one
 * hidden class from birth and property access in the matching loop stays monomorphic.
 */
class Node implements RestingOrder {
  prev: Node | null = null;
  next: Node | null = null;
  constructor(
    readonly orderId: string,
    readonly accountId: string,
    readonly side: BookSide,
    public price: number,
    public remaining: number,
    public seq: number,
    public timestampMs: number,
    public level: Level,
  ) {}
}

class Level {
  total = 0;
  head: Node | null = null;
  tail: Node | null = null;
  constructor(readonly price: number) {}
}

/**
 * The fast book. Each side keeps its price levels in an array sorted so that the best level is the LAST
 * element (bids ascending, asks descending): taking or emptying the top of book is a pop, and new levels
 * near the spread, where almost all activity is, are spliced in close to the end. Levels are also indexed
 * by price, and orders by id.
 */
export class FastOrderBook implements OrderBook {
  private readonly levels: [Level[], Level[]] = [[], []];
  private readonly byPrice: [Map<number, Level>, Map<number, Level>] = [new Map(), new Map()];
  private readonly byId = new Map<string, Node>();

  get size(): number {
    return this.byId.size;
  }

  match(taker: TakerSpec, onFill: FillCallback): MatchOutcome {
    const makerSide: BookSide = taker.side === BID ? ASK : BID;
    const levels = this.levels[makerSide];
    const isBuy = taker.side === BID;
    const limit = taker.limitPrice;
    const lotSize = taker.lotSize;
    let left = taker.quantity;
    let budget = taker.quoteBudget;
    while (left > 0 && levels.length > 0) {
      const level = levels[levels.length - 1];
      const price = level.price;
      if (isBuy ? price > limit : price < limit) break;
      let maker = level.head;
      while (maker !== null && left > 0) {
        if (maker.accountId === taker.accountId) {
          return { filled: taker.quantity - left, stop: StopReason.SELF_TRADE };
        }
        const want = left < maker.remaining ? left : maker.remaining;
        const q = budget === Infinity ? want : affordable(price, budget, lotSize, want);
        if (q === 0) return { filled: taker.quantity - left, stop: StopReason.BUDGET };
        if (budget !== Infinity) budget -= notional(price, q, lotSize);
        maker.remaining -= q;
        level.total -= q;
        left -= q;
        const next: Node | null = maker.next;
        if (maker.remaining === 0) {
          this.byId.delete(maker.orderId);
          level.head = next;
          if (next === null) level.tail = null;
          else next.prev = null;
        }
        onFill(maker, price, q);
        maker = next;
      }
      if (level.head === null) {
        levels.pop();
        this.byPrice[makerSide].delete(price);
      }
    }
    return { filled: taker.quantity - left, stop: StopReason.DONE };
  }

  fillableQuantity(taker: TakerSpec): number {
    const levels = this.levels[taker.side === BID ? ASK : BID];
    const isBuy = taker.side === BID;
    let total = 0;
    for (let i = levels.length - 1; i >= 0 && total < taker.quantity; i--) {
      const level = levels[i];
      if (isBuy ? level.price > taker.limitPrice : level.price < taker.limitPrice) break;
      for (let o = level.head; o !== null; o = o.next) {
        if (o.accountId === taker.accountId) return Math.min(total, taker.quantity);
        total += o.remaining;
        if (total >= taker.quantity) break;
      }
    }
    return Math.min(total, taker.quantity);
  }

  wouldCross(side: BookSide, price: number): boolean {
    const best = this.best(side === BID ? ASK : BID);
    return best !== null && (side === BID ? best <= price : best >= price);
  }

  add(order: RestingOrder): void {
    const side = order.side;
    let level = this.byPrice[side].get(order.price);
    if (level === undefined) {
      level = new Level(order.price);
      this.insertLevel(side, level);
    }
    const node = new Node(order.orderId, order.accountId, side, order.price, order.remaining, order.seq, order.timestampMs, level);
    node.prev = level.tail;
    if (level.tail === null) level.head = node;
    else level.tail.next = node;
    level.tail = node;
    level.total += order.remaining;
    this.byId.set(order.orderId, node);
  }

  private insertLevel(side: BookSide, level: Level): void {
    const levels = this.levels[side];
    const price = level.price;
    // Index of the first level that is better than `price`: levels run worst → best.
    let lo = 0;
    let hi = levels.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const better = side === BID ? levels[mid].price > price : levels[mid].price < price;
      if (better) hi = mid;
      else lo = mid + 1;
    }
    if (lo === levels.length) levels.push(level);
    else levels.splice(lo, 0, level);
    this.byPrice[side].set(price, level);
  }

  private removeLevel(side: BookSide, level: Level): void {
    const levels = this.levels[side];
    this.byPrice[side].delete(level.price);
    if (levels[levels.length - 1] === level) {
      levels.pop();
      return;
    }
    let lo = 0;
    let hi = levels.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (levels[mid] === level) {
        levels.splice(mid, 1);
        return;
      }
      const better = side === BID ? levels[mid].price > level.price : levels[mid].price < level.price;
      if (better) hi = mid - 1;
      else lo = mid + 1;
    }
  }

  remove(orderId: string): RestingOrder | undefined {
    const node = this.byId.get(orderId);
    if (node === undefined) return undefined;
    this.byId.delete(orderId);
    const level = node.level;
    if (node.prev === null) level.head = node.next;
    else node.prev.next = node.next;
    if (node.next === null) level.tail = node.prev;
    else node.next.prev = node.prev;
    level.total -= node.remaining;
    if (level.head === null) this.removeLevel(node.side, level);
    node.prev = null;
    node.next = null;
    return node;
  }

  reduce(orderId: string, quantity: number): void {
    const node = this.byId.get(orderId);
    if (node === undefined) return;
    node.level.total -= node.remaining - quantity;
    node.remaining = quantity;
  }

  get(orderId: string): RestingOrder | undefined {
    return this.byId.get(orderId);
  }

  levelQuantity(side: BookSide, price: number): number {
    return this.byPrice[side].get(price)?.total ?? 0;
  }

  best(side: BookSide): number | null {
    const levels = this.levels[side];
    return levels.length > 0 ? levels[levels.length - 1].price : null;
  }

  depth(side: BookSide, count: number): Array<[number, number]> {
    const levels = this.levels[side];
    const out: Array<[number, number]> = [];
    for (let i = levels.length - 1; i >= 0 && out.length < count; i--) out.push([levels[i].price, levels[i].total]);
    return out;
  }

  orders(side: BookSide): RestingOrder[] {
    const out: RestingOrder[] = [];
    const levels = this.levels[side];
    for (let i = levels.length - 1; i >= 0; i--) {
      for (let o = levels[i].head; o !== null; o = o.next) out.push(o);
    }
    return out;
  }
}

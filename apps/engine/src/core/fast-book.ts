import {
  affordable as affordableOf,
  notional as notionalOf,
  type BookSide,
  type FillCallback,
  type LevelLog,
  type MatchOutcome,
  type OrderBook,
  type RestingOrder,
  type TakerSpec,
} from './order-book';
import { IdIndex } from './id-index';

// Local copies of BID/ASK and StopReason: hot loops read plain constants, not another module's exports
// (which some module loaders turn into getter calls).
const BIDS = 0;
const ASKS = 1;
const DONE = 0;
const SELF_TRADE = 1;
const BUDGET = 2;
const affordable = affordableOf;
const notional = notionalOf;

/**
 * An order inside an intrusive FIFO list, so cancel/reduce by id are O(1). A class, so every order has one
 * hidden class from birth and property access in the matching loop stays monomorphic. Nodes are pooled:
 * a removed or filled order's node is reused by the next add, so a resting order costs no allocation and
 * old-generation garbage is not made per command.
 */
class Node implements RestingOrder {
  prev: Node | null = null;
  next: Node | null = null;
  orderId = '';
  accountId = '';
  owner = 0;
  side: BookSide = BIDS;
  price = 0;
  remaining = 0;
  seq = 0;
  timestampMs = 0;
  level: Level | null = null;
  /** Kept by the id index (see IndexedById). */
  idHash = 0;
}

/** A price level: its FIFO of orders and their total. Pooled like nodes. */
class Level {
  total = 0;
  head: Node | null = null;
  tail: Node | null = null;
  price = 0;
  /** The {@link LevelLog.epoch} in which the level was last noted as changed; 0 for none (reset when pooled). */
  noted = 0;
}

/**
 * The fast book. Each side keeps its price levels in an array sorted so that the best level is the LAST
 * element (bids ascending, asks descending): taking or emptying the top of book is a pop, and new levels
 * near the spread, where almost all activity is, are spliced in close to the end. A level is found by
 * binary search over that array (no price index to keep in step), orders by id in an {@link IdIndex}. Nodes,
 * levels and the match outcome are reused and the id index allocates only when the book outgrows it, so the
 * steady state allocates nothing.
 */
export class FastOrderBook implements OrderBook {
  private readonly levels: [Level[], Level[]] = [[], []];
  /** Orders by id (an open-addressing table: no Map rebuild stalls, see {@link IdIndex}). */
  private readonly byId = new IdIndex<Node>();
  private readonly freeNodes: Node[] = [];
  private readonly freeLevels: Level[] = [];
  private readonly outcome: MatchOutcome = { filled: 0, stop: DONE };
  private log: LevelLog | null = null;

  logLevelChanges(log: LevelLog): void {
    this.log = log;
  }

  /** Notes a level whose total is changing, once per log epoch (a stamp on the level, no lookup). */
  private changed(level: Level, side: BookSide): void {
    const log = this.log;
    if (log === null || level.noted === log.epoch) return;
    level.noted = log.epoch;
    log.note(side, level.price);
  }

  get size(): number {
    return this.byId.size;
  }

  match(taker: TakerSpec, onFill: FillCallback): MatchOutcome {
    const makerSide: BookSide = taker.side === BIDS ? ASKS : BIDS;
    const levels = this.levels[makerSide];
    const isBuy = taker.side === BIDS;
    const limit = taker.limitPrice;
    const lotSize = taker.lotSize;
    const takerOwner = taker.owner;
    const outcome = this.outcome;
    let left = taker.quantity;
    let budget = taker.quoteBudget;
    outcome.stop = DONE;
    while (left > 0 && levels.length > 0) {
      const level = levels[levels.length - 1];
      const price = level.price;
      if (isBuy ? price > limit : price < limit) break;
      let maker = level.head;
      while (maker !== null && left > 0) {
        if (maker.owner === takerOwner) {
          outcome.stop = SELF_TRADE;
          break;
        }
        const want = left < maker.remaining ? left : maker.remaining;
        const q = budget === Infinity ? want : affordable(price, budget, lotSize, want);
        if (q === 0) {
          outcome.stop = BUDGET;
          break;
        }
        if (budget !== Infinity) budget -= notional(price, q, lotSize);
        this.changed(level, makerSide);
        maker.remaining -= q;
        level.total -= q;
        left -= q;
        const next: Node | null = maker.next;
        if (maker.remaining === 0) {
          this.byId.remove(maker);
          level.head = next;
          if (next === null) level.tail = null;
          else next.prev = null;
          onFill(maker, price, q);
          this.freeNode(maker);
          maker = next;
        } else {
          // A maker left partly filled means the taker's budget ran out: look at the same maker again, so
          // the stop is BUDGET, as in the reference book, not whatever the next maker would cause.
          onFill(maker, price, q);
        }
      }
      if (level.head === null) {
        levels.pop();
        this.freeLevel(level);
      }
      if (outcome.stop !== DONE) break;
    }
    outcome.filled = taker.quantity - left;
    return outcome;
  }

  fillableQuantity(taker: TakerSpec): number {
    const levels = this.levels[taker.side === BIDS ? ASKS : BIDS];
    const isBuy = taker.side === BIDS;
    const owner = taker.owner;
    let total = 0;
    for (let i = levels.length - 1; i >= 0 && total < taker.quantity; i--) {
      const level = levels[i];
      if (isBuy ? level.price > taker.limitPrice : level.price < taker.limitPrice) break;
      for (let o = level.head; o !== null; o = o.next) {
        if (o.owner === owner) return total < taker.quantity ? total : taker.quantity;
        total += o.remaining;
        if (total >= taker.quantity) break;
      }
    }
    return total < taker.quantity ? total : taker.quantity;
  }

  wouldCross(side: BookSide, price: number): boolean {
    const opposite = this.levels[side === BIDS ? ASKS : BIDS];
    if (opposite.length === 0) return false;
    const best = opposite[opposite.length - 1].price;
    return side === BIDS ? best <= price : best >= price;
  }

  add(orderId: string, accountId: string, owner: number, side: BookSide, price: number, remaining: number, seq: number, timestampMs: number): void {
    const node = this.freeNodes.pop() ?? new Node();
    node.orderId = orderId;
    node.accountId = accountId;
    node.owner = owner;
    node.side = side;
    this.link(node, price, remaining, seq, timestampMs);
    this.byId.add(node);
  }

  lift(order: RestingOrder): void {
    this.detach(order as Node);
  }

  restLifted(order: RestingOrder, price: number, remaining: number, seq: number, timestampMs: number): void {
    this.link(order as Node, price, remaining, seq, timestampMs);
  }

  dropLifted(order: RestingOrder): void {
    const node = order as Node;
    this.byId.remove(node);
    this.freeNode(node);
  }

  /** Appends a node (its id, owner and side set) to the level at `price`, creating the level if needed. */
  private link(node: Node, price: number, remaining: number, seq: number, timestampMs: number): void {
    const side = node.side;
    const levels = this.levels[side];
    const at = this.search(side, price);
    let level: Level;
    if (at < levels.length && levels[at].price === price) {
      level = levels[at];
    } else {
      level = this.freeLevels.pop() ?? new Level();
      level.price = price;
      level.total = 0;
      level.head = null;
      level.tail = null;
      // Shifted by hand: splice would allocate the array of removed elements on every new level.
      let i = levels.length;
      levels.push(level);
      for (; i > at; i--) levels[i] = levels[i - 1];
      levels[at] = level;
    }
    this.changed(level, side);
    node.price = price;
    node.remaining = remaining;
    node.seq = seq;
    node.timestampMs = timestampMs;
    node.level = level;
    node.next = null;
    node.prev = level.tail;
    if (level.tail === null) level.head = node;
    else level.tail.next = node;
    level.tail = node;
    level.total += remaining;
  }

  /** Pools an emptied level; a later level at another price may reuse it within the same log epoch. */
  private freeLevel(level: Level): void {
    level.noted = 0;
    this.freeLevels.push(level);
  }

  private freeNode(node: Node): void {
    node.prev = null;
    node.next = null;
    node.level = null;
    this.freeNodes.push(node);
  }

  /**
   * Index of the level at `price` if there is one, else where it would be inserted: the first level that is
   * better than `price` (levels run worst → best).
   */
  private search(side: BookSide, price: number): number {
    const levels = this.levels[side];
    let lo = 0;
    let hi = levels.length;
    if (side === BIDS) {
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (levels[mid].price >= price) hi = mid;
        else lo = mid + 1;
      }
    } else {
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (levels[mid].price <= price) hi = mid;
        else lo = mid + 1;
      }
    }
    return lo;
  }

  private removeLevel(side: BookSide, level: Level): void {
    const levels = this.levels[side];
    this.freeLevel(level);
    const last = levels.length - 1;
    if (levels[last] !== level) {
      // Shifted by hand, as in link: no array of removed elements per removal.
      for (let i = this.search(side, level.price); i < last; i++) levels[i] = levels[i + 1];
    }
    levels.pop();
  }

  remove(orderId: string): RestingOrder | undefined {
    const node = this.byId.get(orderId);
    if (node === undefined) return undefined;
    this.unlink(node);
    return node;
  }

  removeOrder(order: RestingOrder): void {
    this.unlink(order as Node);
  }

  private unlink(node: Node): void {
    this.byId.remove(node);
    this.detach(node);
    // Its fields stay readable until the next add takes it from the pool (see OrderBook.remove).
    this.freeNode(node);
  }

  /** Takes a node out of its level (removing the level if it empties); the id index is left alone. */
  private detach(node: Node): void {
    const level = node.level!;
    if (node.prev === null) level.head = node.next;
    else node.prev.next = node.next;
    if (node.next === null) level.tail = node.prev;
    else node.next.prev = node.prev;
    level.total -= node.remaining;
    this.changed(level, node.side);
    if (level.head === null) this.removeLevel(node.side, level);
    node.level = null;
    node.prev = null;
    node.next = null;
  }

  reduce(order: RestingOrder, quantity: number): void {
    const node = order as Node;
    this.changed(node.level!, node.side);
    node.level!.total -= node.remaining - quantity;
    node.remaining = quantity;
  }

  get(orderId: string): RestingOrder | undefined {
    return this.byId.get(orderId);
  }

  levelQuantity(side: BookSide, price: number): number {
    const levels = this.levels[side];
    const at = this.search(side, price);
    return at < levels.length && levels[at].price === price ? levels[at].total : 0;
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

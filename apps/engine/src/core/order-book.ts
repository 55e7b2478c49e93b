/**
 * The order book abstraction (after exchange-core's IOrderBook): price-time priority storage and matching
 * for one symbol. Funds, validation and events live in {@link ../exchange}; a book only knows orders.
 *
 * Two implementations exist: {@link ReferenceOrderBook} (obviously correct, slow) and {@link FastOrderBook}.
 * Both must behave identically for every call sequence; the shared suite and property tests check that.
 */

/** 0 = buy (bid), 1 = sell (ask): numeric so hot paths avoid string compares. */
export type BookSide = 0 | 1;
export const BID: BookSide = 0;
export const ASK: BookSide = 1;

/** A resting order as the book stores it. Callers must not mutate it. */
export interface RestingOrder {
  readonly orderId: string;
  readonly accountId: string;
  /**
   * The caller's numeric handle of the account (the Exchange's account index): one handle per accountId.
   * Self-trade prevention compares handles, and the caller finds the maker's account by it without a
   * string lookup.
   */
  readonly owner: number;
  readonly side: BookSide;
  price: number;
  remaining: number;
  /** Arrival sequence: strictly increasing in placement order, so FIFO within a level is checkable. */
  seq: number;
  /** Timestamp of the command that placed (or last moved) the order. */
  timestampMs: number;
}

/** Why {@link OrderBook.match} stopped before filling everything. */
export const StopReason = {
  /** Filled completely, or no more liquidity within the limit price. */
  DONE: 0,
  /** The next maker in priority belongs to the taker's account (self-trade prevention: expire taker). */
  SELF_TRADE: 1,
  /** The quote budget of a market buy ran out. */
  BUDGET: 2,
} as const;
export type StopReason = (typeof StopReason)[keyof typeof StopReason];

/**
 * Called for each fill, after the maker's remaining quantity is updated (and removed if zero). A removed
 * maker may be recycled by the book once the callback returns.
 */
export type FillCallback = (maker: RestingOrder, price: number, quantity: number) => void;

/** Result of one match call. */
export interface MatchOutcome {
  filled: number;
  stop: StopReason;
}

/** Parameters of an incoming (taker) order for {@link OrderBook.match}. */
export interface TakerSpec {
  /** The taker's account handle (see {@link RestingOrder.owner}). */
  owner: number;
  side: BookSide;
  /** Worst acceptable price; `Infinity` for a market buy and 0 for a market sell. */
  limitPrice: number;
  quantity: number;
  /** Base units per lot: fills and budget arithmetic work in whole lots. */
  lotSize: number;
  /** Quote units the taker may spend (market buy); `Infinity` when funds were reserved up front. */
  quoteBudget: number;
}

/** One symbol's order book. */
export interface OrderBook {
  /** Number of resting orders. */
  readonly size: number;
  /**
   * Matches a taker against the opposite side in price-time priority; fills happen at makers' prices.
   * The outcome object may be reused by the book: read it before the next call.
   */
  match(taker: TakerSpec, onFill: FillCallback): MatchOutcome;
  /**
   * Quantity a taker could fill right now (stopping at a self-trade, as match would), capped at
   * `taker.quantity`; used by FOK. Ignores the budget (FOK always has a reserved limit price).
   */
  fillableQuantity(taker: TakerSpec): number;
  /** Whether an order at this price would take liquidity (POST_ONLY check). */
  wouldCross(side: BookSide, price: number): boolean;
  /**
   * Adds an order at the back of its price level. The caller guarantees it does not cross and that the id
   * is not resting. Positional, so placing an order allocates nothing on the caller's side; read the order
   * back with {@link get}.
   */
  add(orderId: string, accountId: string, owner: number, side: BookSide, price: number, remaining: number, seq: number, timestampMs: number): void;
  /**
   * Takes a resting order (just returned by {@link get}) out of its price level for a move, keeping it
   * registered under its id so that putting it back needs no id lookup. Until {@link restLifted} or
   * {@link dropLifted}, the order is not matchable and only match, fillableQuantity and wouldCross may be
   * called.
   */
  lift(order: RestingOrder): void;
  /** Puts a lifted order back at the back of the level at `price` with new fields (a move's re-placement). */
  restLifted(order: RestingOrder, price: number, remaining: number, seq: number, timestampMs: number): void;
  /** Forgets a lifted order (a move that filled completely or was cancelled); recycling rules as remove. */
  dropLifted(order: RestingOrder): void;
  /**
   * Removes and returns an order, or undefined if it is not resting. The returned object may be recycled
   * by the book: read what you need from it before the next {@link add}.
   */
  remove(orderId: string): RestingOrder | undefined;
  /**
   * Removes an order just returned by {@link get} (still resting), without looking it up again. The same
   * recycling rule as {@link remove} applies to the object.
   */
  removeOrder(order: RestingOrder): void;
  /**
   * Lowers the remaining quantity of an order just returned by {@link get} (still resting) in place, so it
   * keeps its priority, without looking it up again. Caller checks 0 < quantity < remaining.
   */
  reduce(order: RestingOrder, quantity: number): void;
  get(orderId: string): RestingOrder | undefined;
  /** Total remaining quantity at a price level (0 if there is no such level). */
  levelQuantity(side: BookSide, price: number): number;
  /** Best bid/ask price, or null if that side is empty. */
  best(side: BookSide): number | null;
  /** Up to `levels` aggregated levels, best first. */
  depth(side: BookSide, levels: number): Array<[number, number]>;
  /** All orders of one side in priority order (best price first, FIFO within a price). */
  orders(side: BookSide): RestingOrder[];
  /**
   * From now on, notes in `log` every price level whose total quantity changes (an order rests, is filled,
   * cancelled, reduced, or lifted for a move), at the time of the change. Market data reads the log
   * instead of having the caller mark each level it may have changed.
   */
  logLevelChanges(log: LevelLog): void;
}

/**
 * The price levels whose total changed since the last {@link clear}, as (side, price) pairs in order of first
 * change, in parallel arrays whose first `count` entries count (they keep their size, so noting a level
 * allocates nothing once they have grown to a batch's worth). A level may be noted more than once: the fast
 * book notes a level once per {@link epoch} unless it empties and comes back, the reference book notes every
 * change. Readers dedupe.
 */
export class LevelLog {
  readonly sides: BookSide[] = [];
  readonly prices: number[] = [];
  count = 0;
  /** Changes since this number's start; a book may stamp its levels with it to note each level once. Never 0. */
  epoch = 1;

  note(side: BookSide, price: number): void {
    const n = this.count;
    if (n < this.prices.length) {
      this.sides[n] = side;
      this.prices[n] = price;
    } else {
      this.sides.push(side);
      this.prices.push(price);
    }
    this.count = n + 1;
  }

  /** Forgets the noted levels and starts a new epoch. */
  clear(): void {
    this.count = 0;
    this.epoch++;
  }
}

/** Creates an empty book; the exchange uses one factory so a whole engine runs on one implementation. */
export type OrderBookFactory = () => OrderBook;

/** Base units → whole lots, and the quote cost of `quantity` at `price` (exact: quantity is a lot multiple). */
export function notional(price: number, quantity: number, lotSize: number): number {
  return price * (quantity / lotSize);
}

/** The most a market buy can fill at `price` with `budget` quote units, capped at `want`. */
export function affordable(price: number, budget: number, lotSize: number, want: number): number {
  if (budget === Infinity) return want;
  const lots = Math.floor(budget / price);
  const q = lots * lotSize;
  return q < want ? q : want;
}

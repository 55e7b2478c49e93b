import {
  CONTRACT_VERSION,
  compactEvent,
  type EngineEvent,
  type InputPosition,
  type OrderType,
  type ReasonCode,
  type Side,
} from '../contract';

/**
 * Where the {@link Exchange} writes the events of a command: one call per event, with the event's fields as
 * arguments (no event object on the way). The frequent events (ACCEPTED, TRADE, CANCELLED, REDUCED, MOVED,
 * BALANCE) have their own method; the rest (REJECTED, BOOK_DELTA, TICKER: rare, or once per batch) come as
 * objects through {@link EventSink.event}.
 *
 * Two sinks exist: {@link ObjectSink} builds the contract's event objects (what `Exchange.process`
 * returns), and {@link CompactSink} records the fields into reusable typed arrays, from which it encodes the
 * same `matching_engine_output` message as `encodeResult` of the objects, byte for byte.
 */
export interface EventSink {
  accepted(orderId: string, accountId: string, symbol: string, side: Side, orderType: OrderType, price: number | null, quantity: number, timestampMs: number): void;
  trade(
    tradeId: number,
    symbol: string,
    price: number,
    quantity: number,
    takerSide: Side,
    takerOrderId: string,
    takerAccountId: string,
    makerOrderId: string,
    makerAccountId: string,
    takerRemaining: number,
    makerRemaining: number,
    timestampMs: number,
  ): void;
  cancelled(orderId: string, accountId: string, symbol: string, reason: ReasonCode, cancelledQuantity: number, timestampMs: number): void;
  reduced(orderId: string, accountId: string, symbol: string, remaining: number, timestampMs: number): void;
  moved(orderId: string, accountId: string, symbol: string, price: number, remaining: number, timestampMs: number): void;
  balance(accountId: string, asset: string, available: number, reserved: number, timestampMs: number): void;
  /** Any other event, as its object. */
  event(e: EngineEvent): void;
}

/** The sink behind `Exchange.process`: the contract's event objects, appended to {@link events}. */
export class ObjectSink implements EventSink {
  events: EngineEvent[] = [];

  accepted(orderId: string, accountId: string, symbol: string, side: Side, orderType: OrderType, price: number | null, quantity: number, timestampMs: number): void {
    this.events.push({ type: 'ACCEPTED', orderId, accountId, symbol, side, orderType, price, quantity, timestampMs });
  }

  trade(
    tradeId: number,
    symbol: string,
    price: number,
    quantity: number,
    takerSide: Side,
    takerOrderId: string,
    takerAccountId: string,
    makerOrderId: string,
    makerAccountId: string,
    takerRemaining: number,
    makerRemaining: number,
    timestampMs: number,
  ): void {
    this.events.push({
      type: 'TRADE',
      tradeId,
      symbol,
      price,
      quantity,
      takerSide,
      takerOrderId,
      takerAccountId,
      makerOrderId,
      makerAccountId,
      takerRemaining,
      makerRemaining,
      timestampMs,
    });
  }

  cancelled(orderId: string, accountId: string, symbol: string, reason: ReasonCode, cancelledQuantity: number, timestampMs: number): void {
    this.events.push({ type: 'CANCELLED', orderId, accountId, symbol, reason, cancelledQuantity, timestampMs });
  }

  reduced(orderId: string, accountId: string, symbol: string, remaining: number, timestampMs: number): void {
    this.events.push({ type: 'REDUCED', orderId, accountId, symbol, remaining, timestampMs });
  }

  moved(orderId: string, accountId: string, symbol: string, price: number, remaining: number, timestampMs: number): void {
    this.events.push({ type: 'MOVED', orderId, accountId, symbol, price, remaining, timestampMs });
  }

  balance(accountId: string, asset: string, available: number, reserved: number, timestampMs: number): void {
    this.events.push({ type: 'BALANCE', accountId, asset, available, reserved, timestampMs });
  }

  event(e: EngineEvent): void {
    this.events.push(e);
  }
}

/** Record kinds of a {@link CompactSink}. */
export const Rec = { ACCEPTED: 0, TRADE: 1, CANCELLED: 2, REDUCED: 3, MOVED: 4, BALANCE: 5, OTHER: 6 } as const;
export type Rec = (typeof Rec)[keyof typeof Rec];

/**
 * A sink that allocates nothing per event once its arrays have grown to a command's worth: each event is a
 * record (its kind, its timestamp, where its strings and numbers start), its strings go to a reused array of
 * references and its numbers to a Float64Array (a null price is NaN there). {@link reset} starts a new
 * command; {@link encode} gives the command's result message.
 */
export class CompactSink implements EventSink {
  /** Records of the current command. */
  count = 0;
  private kinds = new Uint8Array(64);
  private times = new Float64Array(64);
  private strAt = new Int32Array(64);
  private numAt = new Int32Array(64);
  private strs: string[] = [];
  private nums = new Float64Array(256);
  private strCount = 0;
  private numCount = 0;
  /** Events of kind OTHER, by their strAt index. */
  private readonly others: EngineEvent[] = [];
  private otherCount = 0;

  /** Forgets the recorded events (the arrays keep their size). */
  reset(): void {
    this.count = 0;
    this.strCount = 0;
    this.numCount = 0;
    this.otherCount = 0;
  }

  /** The kind of record `i` ({@link Rec}). */
  kind(i: number): Rec {
    return this.kinds[i] as Rec;
  }

  /** Number `k` of record `i`, in the order its method takes numbers (a TRADE's quantity is number 2). */
  number(i: number, k: number): number {
    return this.nums[this.numAt[i] + k];
  }

  /** The event object of record `i`, whose kind is OTHER. */
  other(i: number): EngineEvent {
    return this.others[this.strAt[i]];
  }

  private begin(kind: Rec, timestampMs: number, strings: number, numbers: number): void {
    const i = this.count;
    if (i === this.kinds.length) this.growRecords();
    if (this.numCount + numbers > this.nums.length) {
      const nums = new Float64Array(this.nums.length * 2);
      nums.set(this.nums);
      this.nums = nums;
    }
    this.kinds[i] = kind;
    this.times[i] = timestampMs;
    this.strAt[i] = this.strCount;
    this.numAt[i] = this.numCount;
    this.count = i + 1;
    this.strCount += strings;
    this.numCount += numbers;
  }

  private growRecords(): void {
    const n = this.kinds.length * 2;
    const grow = <T extends Uint8Array | Float64Array | Int32Array>(a: T, next: T): T => (next.set(a), next);
    this.kinds = grow(this.kinds, new Uint8Array(n));
    this.times = grow(this.times, new Float64Array(n));
    this.strAt = grow(this.strAt, new Int32Array(n));
    this.numAt = grow(this.numAt, new Int32Array(n));
  }

  // Strings are written by index into a plain array: past its length the array grows (once), within it
  // the write replaces a reference.
  private str(at: number, s: string): void {
    this.strs[at] = s;
  }

  accepted(orderId: string, accountId: string, symbol: string, side: Side, orderType: OrderType, price: number | null, quantity: number, timestampMs: number): void {
    const s = this.strCount;
    const n = this.numCount;
    this.begin(Rec.ACCEPTED, timestampMs, 5, 2);
    this.str(s, orderId);
    this.str(s + 1, accountId);
    this.str(s + 2, symbol);
    this.str(s + 3, side);
    this.str(s + 4, orderType);
    this.nums[n] = price === null ? NaN : price;
    this.nums[n + 1] = quantity;
  }

  trade(
    tradeId: number,
    symbol: string,
    price: number,
    quantity: number,
    takerSide: Side,
    takerOrderId: string,
    takerAccountId: string,
    makerOrderId: string,
    makerAccountId: string,
    takerRemaining: number,
    makerRemaining: number,
    timestampMs: number,
  ): void {
    const s = this.strCount;
    const n = this.numCount;
    this.begin(Rec.TRADE, timestampMs, 6, 5);
    this.str(s, symbol);
    this.str(s + 1, takerSide);
    this.str(s + 2, takerOrderId);
    this.str(s + 3, takerAccountId);
    this.str(s + 4, makerOrderId);
    this.str(s + 5, makerAccountId);
    const nums = this.nums;
    nums[n] = tradeId;
    nums[n + 1] = price;
    nums[n + 2] = quantity;
    nums[n + 3] = takerRemaining;
    nums[n + 4] = makerRemaining;
  }

  cancelled(orderId: string, accountId: string, symbol: string, reason: ReasonCode, cancelledQuantity: number, timestampMs: number): void {
    const s = this.strCount;
    const n = this.numCount;
    this.begin(Rec.CANCELLED, timestampMs, 4, 1);
    this.str(s, orderId);
    this.str(s + 1, accountId);
    this.str(s + 2, symbol);
    this.str(s + 3, reason);
    this.nums[n] = cancelledQuantity;
  }

  reduced(orderId: string, accountId: string, symbol: string, remaining: number, timestampMs: number): void {
    const s = this.strCount;
    const n = this.numCount;
    this.begin(Rec.REDUCED, timestampMs, 3, 1);
    this.str(s, orderId);
    this.str(s + 1, accountId);
    this.str(s + 2, symbol);
    this.nums[n] = remaining;
  }

  moved(orderId: string, accountId: string, symbol: string, price: number, remaining: number, timestampMs: number): void {
    const s = this.strCount;
    const n = this.numCount;
    this.begin(Rec.MOVED, timestampMs, 3, 2);
    this.str(s, orderId);
    this.str(s + 1, accountId);
    this.str(s + 2, symbol);
    this.nums[n] = price;
    this.nums[n + 1] = remaining;
  }

  balance(accountId: string, asset: string, available: number, reserved: number, timestampMs: number): void {
    const s = this.strCount;
    const n = this.numCount;
    this.begin(Rec.BALANCE, timestampMs, 2, 2);
    this.str(s, accountId);
    this.str(s + 1, asset);
    this.nums[n] = available;
    this.nums[n + 1] = reserved;
  }

  event(e: EngineEvent): void {
    const i = this.count;
    this.begin(Rec.OTHER, e.timestampMs, 0, 0);
    this.strAt[i] = this.otherCount;
    this.others[this.otherCount++] = e;
  }

  /** The compact row of record `i`: what `compactEvent` gives for the event it stands for. */
  private row(i: number): unknown[] {
    const s = this.strAt[i];
    const n = this.numAt[i];
    const strs = this.strs;
    const nums = this.nums;
    switch (this.kinds[i] as Rec) {
      case Rec.ACCEPTED: {
        const price = nums[n];
        return ['A', strs[s], strs[s + 1], strs[s + 2], strs[s + 3], strs[s + 4], price !== price ? null : price, nums[n + 1]];
      }
      case Rec.TRADE:
        return ['T', nums[n], strs[s], nums[n + 1], nums[n + 2], strs[s + 1], strs[s + 2], strs[s + 3], strs[s + 4], strs[s + 5], nums[n + 3], nums[n + 4]];
      case Rec.CANCELLED:
        return ['C', strs[s], strs[s + 1], strs[s + 2], strs[s + 3], nums[n]];
      case Rec.REDUCED:
        return ['R', strs[s], strs[s + 1], strs[s + 2], nums[n]];
      case Rec.MOVED:
        return ['M', strs[s], strs[s + 1], strs[s + 2], nums[n], nums[n + 1]];
      case Rec.BALANCE:
        return ['B', strs[s], strs[s + 1], nums[n], nums[n + 1]];
      case Rec.OTHER:
        return compactEvent(this.others[s]);
    }
  }

  /** The `matching_engine_output` message of the recorded events: `encodeResult(pos, <their objects>)`. */
  encode(pos: InputPosition): string {
    const count = this.count;
    const t = count > 0 ? this.times[0] : 0;
    const e: unknown[][] = new Array(count);
    for (let i = 0; i < count; i++) {
      const row = this.row(i);
      if (this.times[i] !== t) row.push(this.times[i]);
      e[i] = row;
    }
    return JSON.stringify({ v: CONTRACT_VERSION, p: pos.inputPartition, o: pos.inputOffset, t, e });
  }
}

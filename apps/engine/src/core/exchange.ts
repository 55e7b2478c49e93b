import {
  ReasonCodes as Reasons,
  type CancelCommand,
  type Command,
  type DepositCommand,
  type EngineEvent,
  type MoveCommand,
  type PlaceCommand,
  type ReasonCode,
  type ReduceCommand,
  type RejectedEvent,
  type Side,
  type WithdrawCommand,
} from '../contract';
import {
  ASK as ASK_SIDE,
  BID as BID_SIDE,
  StopReason as Stop,
  LevelLog,
  notional as notionalOf,
  type BookSide,
  type OrderBook,
  type FillCallback,
  type OrderBookFactory,
  type RestingOrder,
  type TakerSpec,
} from './order-book';
import { ObjectSink, type EventSink } from './event-sink';

/** Trading rules of one symbol. */
export interface Instrument {
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
  /** Prices must be multiples of this (quote minimal units per lot). */
  tickSize: number;
  /** Quantities must be multiples of this (base minimal units); prices are per lot. */
  lotSize: number;
}

/** One account's holdings of one asset. */
export interface Balance {
  available: number;
  reserved: number;
}

/**
 * Every account's holdings of one asset, in typed arrays indexed by account handle ({@link Account.index}):
 * a fill reads and writes numbers in a few contiguous arrays (a thousand accounts' funds of an asset fit in
 * some kilobytes of cache) instead of chasing account → balance objects across the heap. An account that
 * never held the asset reads 0 and has `exists` 0.
 */
class AssetFunds {
  available: Float64Array;
  reserved: Float64Array;
  /** Number of the last command that changed the balance: marks it for one BALANCE event without a lookup set. */
  touchedBy: Float64Array;
  /** 1 once the balance exists (it is reported and snapshotted from then on, even at zero). */
  exists: Uint8Array;

  constructor(
    readonly asset: string,
    capacity: number,
  ) {
    this.available = new Float64Array(capacity);
    this.reserved = new Float64Array(capacity);
    this.touchedBy = new Float64Array(capacity);
    this.exists = new Uint8Array(capacity);
  }

  /** Reallocates the arrays for `capacity` accounts, keeping their contents. */
  grow(capacity: number): void {
    const grown = <T extends Float64Array | Uint8Array>(a: T, next: T): T => (next.set(a), next);
    this.available = grown(this.available, new Float64Array(capacity));
    this.reserved = grown(this.reserved, new Float64Array(capacity));
    this.touchedBy = grown(this.touchedBy, new Float64Array(capacity));
    this.exists = grown(this.exists, new Uint8Array(capacity));
  }
}

/**
 * An account: its numeric handle and the assets it has balances in (asset indexes in creation order, for
 * snapshots); the amounts themselves live in {@link AssetFunds}.
 */
class Account {
  readonly assets: number[] = [];
  /**
   * @param index the account's numeric handle: its position in creation order, stored on its resting
   *   orders (RestingOrder.owner) so fills and cancels find the account without a string lookup
   */
  constructor(
    readonly id: string,
    readonly index: number,
  ) {}
}

interface TickerState {
  lastPrice: number | null;
  lastQuantity: number | null;
  volume: number;
  tradeCount: number;
  bestBid: number | null;
  bestAsk: number | null;
}

/** Serializable state of an {@link Exchange}; restoring it reproduces identical future behaviour. */
export interface ExchangeSnapshot {
  v: 1;
  seq: number;
  tradeSeq: number;
  instruments: Instrument[];
  supply: Array<[asset: string, total: number]>;
  accounts: Array<[accountId: string, balances: Array<[asset: string, available: number, reserved: number]>]>;
  books: Array<{
    symbol: string;
    ticker: TickerState;
    orders: Array<Pick<RestingOrder, 'orderId' | 'accountId' | 'side' | 'price' | 'remaining' | 'seq' | 'timestampMs'>>;
  }>;
}

interface Market {
  readonly instrument: Instrument;
  /** Asset indexes of the instrument's base and quote assets. */
  readonly base: number;
  readonly quote: number;
  readonly book: OrderBook;
  readonly ticker: TickerState;
  /** Levels changed since market data was last published: noted by the book as it changes them. */
  readonly changed: LevelLog;
  /** Whether a trade was made since market data was last published. */
  traded: boolean;
  lastTimestampMs: number;
}

/** Options of an {@link Exchange}. */
export interface ExchangeOptions {
  /**
   * When true, `process` leaves BOOK_DELTA and TICKER out of its events and `drainMarketData` returns
   * them merged over every command since the last drain (what a batching publisher needs).
   * @default false - one BOOK_DELTA/TICKER per command, in its events
   */
  deferMarketData?: boolean;
}

const MAX = Number.MAX_SAFE_INTEGER;
/** Width of the price band (in price units, per side) that market data dedupes with stamps; wider uses a Set. */
const STAMP_SPAN = 1 << 16;
// Module-local copies: the hot paths read plain constants, never another module's live exports (which
// some module loaders compile to getter calls).
const BID: BookSide = BID_SIDE;
const ASK: BookSide = ASK_SIDE;
const StopReason = { ...Stop };
const notional = notionalOf;
const ReasonCodes = { ...Reasons };
const sideOf = (side: Side): BookSide => (side === 'BUY' ? BID : ASK);

/**
 * The deterministic core: instruments, accounts and one order book per symbol. `process` applies one
 * command and appends its events; it reads no clock and does no I/O, so replaying the same commands on a
 * restored snapshot reproduces the same events, byte for byte.
 *
 * Funds: a BUY limit order reserves `price * lots` of the quote asset and a SELL reserves its base quantity;
 * a fill settles both sides at the maker's price and releases any price improvement; a cancel releases what
 * is left. A MARKET buy reserves nothing and spends its available quote balance as it fills.
 * Self-trade prevention expires the taker: matching stops before an order of the same account and the
 * taker's remainder is cancelled with SELF_TRADE_PREVENTED.
 */
export class Exchange {
  private readonly markets = new Map<string, Market>();
  /** The same markets as an array, for loops on the hot path (no iterator per command). */
  private readonly marketList: Market[] = [];
  private readonly accounts = new Map<string, Account>();
  /** The same accounts by handle ({@link Account.index}). */
  private readonly accountList: Account[] = [];
  private readonly supply = new Map<string, number>();
  private readonly assetIndex = new Map<string, number>();
  /** Funds per asset index (see {@link assetId}); every entry has room for {@link fundsCapacity} accounts. */
  private readonly funds: AssetFunds[] = [];
  private fundsCapacity = 1024;
  private seq = 0;
  private tradeSeq = 0;

  /** The sink of `process`: the contract's event objects. */
  private readonly objects = new ObjectSink();
  // Per-command scratch state; reset at the start of each command.
  /** Where the current command's events go. */
  private out: EventSink = this.objects;
  private ts = 0;
  private commandNo = 0;
  /** The market of the current command, once looked up (undefined for an unknown symbol). */
  private cmdMarket: Market | undefined = undefined;
  // Balances changed by the current command, in order of first change (asset and account handle pairs).
  private readonly touchedAssets: number[] = [];
  private readonly touchedAccounts: number[] = [];
  private touchedCount = 0;
  /** One taker spec, reused by every PLACE and MOVE. */
  private readonly taker: TakerSpec = { owner: 0, side: BID, limitPrice: 0, quantity: 0, lotSize: 1, quoteBudget: Infinity };
  // The order being executed, read by the fill callback (one bound method, not a closure per command).
  private xMarket: Market | null = null;
  private xAccount: Account | null = null;
  private xOrderId = '';
  private xRemaining = 0;
  private readonly onFill: FillCallback = (maker, price, quantity) => this.fill(maker, price, quantity);

  constructor(
    private readonly newBook: OrderBookFactory,
    instruments: readonly Instrument[] = [],
    private readonly options: ExchangeOptions = {},
  ) {
    for (const instrument of instruments) this.addInstrument(instrument);
  }

  /** Registers a symbol (config-time; not a command, so replay needs the same configuration). */
  addInstrument(instrument: Instrument): void {
    if (this.markets.has(instrument.symbol)) return;
    const book = this.newBook();
    const changed = new LevelLog();
    book.logLevelChanges(changed);
    const market: Market = {
      instrument: { ...instrument },
      base: this.assetId(instrument.baseAsset),
      quote: this.assetId(instrument.quoteAsset),
      book,
      ticker: { lastPrice: null, lastQuantity: null, volume: 0, tradeCount: 0, bestBid: null, bestAsk: null },
      changed,
      traded: false,
      lastTimestampMs: 0,
    };
    this.markets.set(instrument.symbol, market);
    this.marketList.push(market);
  }

  /**
   * The market of a symbol. Commands come in runs of one symbol, so the last symbol's market is kept and a
   * repeat costs one string compare (a pointer compare for the same or an internalized string), not a Map lookup.
   */
  private market(symbol: string): Market | undefined {
    if (symbol === this.lastSymbol) return this.lastMarket;
    const market = this.markets.get(symbol);
    if (market !== undefined) {
      this.lastSymbol = symbol;
      this.lastMarket = market;
    }
    return market;
  }

  private lastSymbol: string | null = null;
  private lastMarket: Market | undefined = undefined;

  /** The numeric index of an asset, assigned on first sight. */
  private assetId(asset: string): number {
    let i = this.assetIndex.get(asset);
    if (i === undefined) {
      i = this.assetIndex.size;
      this.assetIndex.set(asset, i);
      this.funds.push(new AssetFunds(asset, this.fundsCapacity));
    }
    return i;
  }

  /** Applies one validated command; returns its events in order (the array is owned by the caller). */
  process(command: Command): EngineEvent[] {
    const objects = this.objects;
    objects.events = [];
    this.apply(command, objects);
    return objects.events;
  }

  /**
   * Applies one validated command and writes its events, in order, to `sink` (the same events `process`
   * returns, field for field; the engine service passes a CompactSink, which records them without an object per event).
   */
  apply(command: Command, sink: EventSink): void {
    this.out = sink;
    this.commandNo++;
    // Commands of six types have more shapes than V8 keeps per property access here: every read of
    // `command.*` in this method is a megamorphic lookup, so each field is read once.
    this.ts = command.timestampMs;
    const type = command.type;
    switch (type) {
      case 'PLACE':
        this.place(command);
        break;
      case 'CANCEL':
        this.cancel(command);
        break;
      case 'MOVE':
        this.move(command);
        break;
      case 'REDUCE':
        this.reduceOrder(command);
        break;
      case 'DEPOSIT':
        this.deposit(command);
        break;
      case 'WITHDRAW':
        this.withdraw(command);
        break;
    }
    if (this.touchedCount > 0) this.flushBalances();
    if (type !== 'DEPOSIT' && type !== 'WITHDRAW') {
      const market = this.cmdMarket;
      this.cmdMarket = undefined;
      if (market !== undefined) {
        market.lastTimestampMs = this.ts;
        if (!this.options.deferMarketData) this.publishMarketData(market, this.out);
      }
    }
  }

  /** Appends a REJECTED event echoing the command's own fields (what the sender asked for). */
  private reject(command: Command, reason: ReasonCode): void {
    const e: RejectedEvent = { type: 'REJECTED', commandType: command.type, reason, accountId: command.accountId, timestampMs: this.ts };
    switch (command.type) {
      case 'PLACE':
        e.orderId = command.orderId;
        e.symbol = command.symbol;
        e.side = command.side;
        e.orderType = command.orderType;
        if (command.price !== undefined) e.price = command.price;
        e.quantity = command.quantity;
        break;
      case 'CANCEL':
        e.orderId = command.orderId;
        e.symbol = command.symbol;
        break;
      case 'MOVE':
        e.orderId = command.orderId;
        e.symbol = command.symbol;
        e.price = command.price;
        break;
      case 'REDUCE':
        e.orderId = command.orderId;
        e.symbol = command.symbol;
        e.quantity = command.quantity;
        break;
      case 'DEPOSIT':
      case 'WITHDRAW':
        e.asset = command.asset;
        e.amount = command.amount;
        break;
    }
    this.out.event(e);
  }

  /**
   * The funds of an asset, with an account's balance in them created at zero if needed and marked for this
   * command's BALANCE events: the caller then changes `available[account]` / `reserved[account]`.
   */
  private balance(account: number, asset: number): AssetFunds {
    const f = this.funds[asset];
    if (f.touchedBy[account] !== this.commandNo) {
      if (f.exists[account] === 0) this.newBalance(account, asset);
      f.touchedBy[account] = this.commandNo;
      const n = this.touchedCount++;
      if (n < this.touchedAssets.length) {
        this.touchedAssets[n] = asset;
        this.touchedAccounts[n] = account;
      } else {
        this.touchedAssets.push(asset);
        this.touchedAccounts.push(account);
      }
    }
    return f;
  }

  private newBalance(account: number, asset: number): void {
    this.funds[asset].exists[account] = 1;
    this.accountList[account].assets.push(asset);
  }

  /** Available balance without marking it touched (checks only); 0 if there is no such balance. */
  private available(account: Account, asset: number): number {
    return this.funds[asset].available[account.index];
  }

  private place(cmd: PlaceCommand): void {
    const market = (this.cmdMarket = this.market(cmd.symbol));
    if (market === undefined) return this.reject(cmd, ReasonCodes.UNKNOWN_SYMBOL);
    const account = this.accounts.get(cmd.accountId);
    if (account === undefined) return this.reject(cmd, ReasonCodes.UNKNOWN_ACCOUNT);
    const { instrument, book } = market;
    const isMarket = cmd.orderType === 'MARKET';
    if (cmd.quantity % instrument.lotSize !== 0) return this.reject(cmd, ReasonCodes.QUANTITY_OFF_LOT);
    if (!isMarket) {
      if (cmd.price === undefined) return this.reject(cmd, ReasonCodes.PRICE_REQUIRED);
      if (cmd.price % instrument.tickSize !== 0) return this.reject(cmd, ReasonCodes.PRICE_OFF_TICK);
      if (cmd.price * (cmd.quantity / instrument.lotSize) > MAX) return this.reject(cmd, ReasonCodes.NOTIONAL_TOO_LARGE);
    }
    if (this.findOrder(cmd.orderId) !== undefined) return this.reject(cmd, ReasonCodes.DUPLICATE_ORDER_ID);
    const side = sideOf(cmd.side);
    const price = isMarket ? (side === BID ? Infinity : 0) : cmd.price!;
    if (cmd.orderType === 'POST_ONLY' && book.wouldCross(side, price)) {
      return this.reject(cmd, ReasonCodes.POST_ONLY_WOULD_TAKE);
    }
    // Funds are checked before FOK so a FOK the account could not pay for is reported as such.
    const marketBuy = isMarket && side === BID;
    const reserveAsset = side === BID ? market.quote : market.base;
    const reserveAmount = side === BID ? (marketBuy ? 0 : notional(price, cmd.quantity, instrument.lotSize)) : cmd.quantity;
    const funds = this.available(account, reserveAsset);
    if (marketBuy ? funds === 0 : funds < reserveAmount) {
      return this.reject(cmd, ReasonCodes.INSUFFICIENT_FUNDS);
    }
    const taker = this.taker;
    taker.owner = account.index;
    taker.side = side;
    taker.limitPrice = price;
    taker.quantity = cmd.quantity;
    taker.lotSize = instrument.lotSize;
    taker.quoteBudget = marketBuy ? funds : Infinity;
    if (cmd.orderType === 'FOK' && book.fillableQuantity(taker) < cmd.quantity) {
      return this.reject(cmd, ReasonCodes.FOK_NOT_FILLABLE);
    }
    const reserved = this.balance(account.index, reserveAsset);
    reserved.available[account.index] -= reserveAmount;
    reserved.reserved[account.index] += reserveAmount;
    this.out.accepted(cmd.orderId, cmd.accountId, cmd.symbol, cmd.side, cmd.orderType, isMarket ? null : price, cmd.quantity, this.ts);
    const rests = cmd.orderType === 'LIMIT' || cmd.orderType === 'POST_ONLY';
    this.execute(market, account, cmd.orderId, taker, rests, null);
  }

  /**
   * Matches a taker that has already reserved its funds, then rests or cancels the remainder.
   * Shared by PLACE and MOVE (`lifted`: the moved order, lifted out of its level; null for a PLACE).
   */
  private execute(market: Market, account: Account, orderId: string, taker: TakerSpec, rests: boolean, lifted: RestingOrder | null): void {
    const { instrument, book } = market;
    const { side, limitPrice } = taker;
    const accountId = account.id;
    const marketBuy = side === BID && limitPrice === Infinity;
    this.xMarket = market;
    this.xAccount = account;
    this.xOrderId = orderId;
    this.xRemaining = taker.quantity;
    const stop = book.match(taker, this.onFill).stop;
    const remaining = this.xRemaining;
    this.xMarket = null;
    this.xAccount = null;
    if (rests && remaining > 0 && stop === StopReason.DONE) {
      if (lifted === null) book.add(orderId, accountId, account.index, side, limitPrice, remaining, ++this.seq, this.ts);
      else book.restLifted(lifted, limitPrice, remaining, ++this.seq, this.ts);
      return;
    }
    if (lifted !== null) book.dropLifted(lifted);
    if (remaining === 0) return;
    if (!marketBuy) this.release(market, account, side, limitPrice, remaining);
    const reason =
      stop === StopReason.SELF_TRADE ? ReasonCodes.SELF_TRADE_PREVENTED : stop === StopReason.BUDGET ? ReasonCodes.INSUFFICIENT_FUNDS : ReasonCodes.UNFILLED_REMAINDER;
    this.out.cancelled(orderId, accountId, instrument.symbol, reason, remaining, this.ts);
  }

  /** One fill of the order being executed (see execute): settles both sides and reports the trade. */
  private fill(maker: RestingOrder, price: number, quantity: number): void {
    const market = this.xMarket!;
    const taker = this.taker;
    const takerAccount = this.xAccount!;
    const m = maker.owner;
    const t = takerAccount.index;
    const lot = market.instrument.lotSize;
    const remaining = (this.xRemaining -= quantity);
    const cost = notional(price, quantity, lot);
    // Maker side settles from its reservation.
    if (maker.side === BID) {
      this.balance(m, market.quote).reserved[m] -= cost;
      this.balance(m, market.base).available[m] += quantity;
      this.balance(t, market.base).reserved[t] -= quantity;
      this.balance(t, market.quote).available[t] += cost;
    } else {
      this.balance(m, market.base).reserved[m] -= quantity;
      this.balance(m, market.quote).available[m] += cost;
      const quote = this.balance(t, market.quote);
      if (taker.limitPrice === Infinity) {
        // A market buy reserved nothing: it pays from available.
        quote.available[t] -= cost;
      } else {
        // Reserved at the taker's limit; the price improvement goes back to available.
        const held = notional(taker.limitPrice, quantity, lot);
        quote.reserved[t] -= held;
        quote.available[t] += held - cost;
      }
      this.balance(t, market.base).available[t] += quantity;
    }
    market.traded = true;
    const tk = market.ticker;
    tk.lastPrice = price;
    tk.lastQuantity = quantity;
    tk.volume += quantity;
    tk.tradeCount++;
    this.out.trade(
      ++this.tradeSeq,
      market.instrument.symbol,
      price,
      quantity,
      taker.side === BID ? 'BUY' : 'SELL',
      this.xOrderId,
      takerAccount.id,
      maker.orderId,
      maker.accountId,
      remaining,
      maker.remaining,
      this.ts,
    );
  }

  /** Returns the reservation of `quantity` of an order to available. */
  private release(market: Market, account: Account, side: BookSide, price: number, quantity: number): void {
    const amount = side === BID ? notional(price, quantity, market.instrument.lotSize) : quantity;
    const a = account.index;
    const f = this.balance(a, side === BID ? market.quote : market.base);
    f.reserved[a] -= amount;
    f.available[a] += amount;
  }

  // What ownedOrder found (fields, not a tuple per command).
  private oMarket: Market | null = null;
  private oAccount: Account | null = null;

  /**
   * The resting order a CANCEL/MOVE/REDUCE refers to, if it exists and belongs to the account (its market
   * and account are left in oMarket/oAccount); otherwise rejects the command and returns undefined.
   */
  private ownedOrder(cmd: CancelCommand | MoveCommand | ReduceCommand): RestingOrder | undefined {
    const market = (this.cmdMarket = this.market(cmd.symbol));
    if (market === undefined) {
      this.reject(cmd, ReasonCodes.UNKNOWN_SYMBOL);
      return undefined;
    }
    const order = market.book.get(cmd.orderId);
    // Someone else's order is reported as not found: ids of other accounts are not confirmed. An order of
    // this account proves the account exists, so the account map is only read to tell the two rejections apart.
    if (order === undefined || order.accountId !== cmd.accountId) {
      this.reject(cmd, this.accounts.has(cmd.accountId) ? ReasonCodes.ORDER_NOT_FOUND : ReasonCodes.UNKNOWN_ACCOUNT);
      return undefined;
    }
    this.oMarket = market;
    this.oAccount = this.accountList[order.owner];
    return order;
  }

  private cancel(cmd: CancelCommand): void {
    const order = this.ownedOrder(cmd);
    if (order === undefined) return;
    const market = this.oMarket!;
    market.book.removeOrder(order);
    this.release(market, this.oAccount!, order.side, order.price, order.remaining);
    this.out.cancelled(order.orderId, order.accountId, cmd.symbol, ReasonCodes.USER_CANCELLED, order.remaining, this.ts);
  }

  private reduceOrder(cmd: ReduceCommand): void {
    const order = this.ownedOrder(cmd);
    if (order === undefined) return;
    const market = this.oMarket!;
    if (cmd.quantity >= order.remaining) return this.reject(cmd, ReasonCodes.REDUCE_NOT_SMALLER);
    if (cmd.quantity % market.instrument.lotSize !== 0) return this.reject(cmd, ReasonCodes.QUANTITY_OFF_LOT);
    const released = order.remaining - cmd.quantity;
    market.book.reduce(order, cmd.quantity);
    this.release(market, this.oAccount!, order.side, order.price, released);
    this.out.reduced(order.orderId, order.accountId, cmd.symbol, cmd.quantity, this.ts);
  }

  private move(cmd: MoveCommand): void {
    const order = this.ownedOrder(cmd);
    if (order === undefined) return;
    const market = this.oMarket!;
    const account = this.oAccount!;
    const { instrument, book } = market;
    if (cmd.price % instrument.tickSize !== 0) return this.reject(cmd, ReasonCodes.PRICE_OFF_TICK);
    // The same bound as PLACE, for both sides: every fill's cost must stay a safe integer.
    const newCost = cmd.price * (order.remaining / instrument.lotSize);
    if (newCost > MAX) return this.reject(cmd, ReasonCodes.NOTIONAL_TOO_LARGE);
    if (order.side === BID) {
      const extra = newCost - notional(order.price, order.remaining, instrument.lotSize);
      if (extra > this.available(account, market.quote)) return this.reject(cmd, ReasonCodes.INSUFFICIENT_FUNDS);
      const a = account.index;
      const f = this.balance(a, market.quote);
      f.available[a] -= extra;
      f.reserved[a] += extra;
    }
    // The order keeps its object (and its id entry) while lifted: no allocation and no id index churn.
    const { orderId, accountId, side, remaining } = order;
    book.lift(order);
    this.out.moved(orderId, accountId, cmd.symbol, cmd.price, remaining, this.ts);
    const taker = this.taker;
    taker.owner = account.index;
    taker.side = side;
    taker.limitPrice = cmd.price;
    taker.quantity = remaining;
    taker.lotSize = instrument.lotSize;
    taker.quoteBudget = Infinity;
    this.execute(market, account, orderId, taker, true, order);
  }

  private deposit(cmd: DepositCommand): void {
    const total = this.supply.get(cmd.asset) ?? 0;
    // Capping the total supply keeps every balance, reservation and sum a safe integer.
    if (total + cmd.amount > MAX) return this.reject(cmd, ReasonCodes.BALANCE_OVERFLOW);
    this.supply.set(cmd.asset, total + cmd.amount);
    let account = this.accounts.get(cmd.accountId);
    if (account === undefined) account = this.newAccount(cmd.accountId);
    this.balance(account.index, this.assetId(cmd.asset)).available[account.index] += cmd.amount;
  }

  private newAccount(id: string): Account {
    const account = new Account(id, this.accountList.length);
    if (account.index >= this.fundsCapacity) {
      this.fundsCapacity *= 2;
      for (const f of this.funds) f.grow(this.fundsCapacity);
    }
    this.accounts.set(id, account);
    this.accountList.push(account);
    return account;
  }

  private withdraw(cmd: WithdrawCommand): void {
    const account = this.accounts.get(cmd.accountId);
    if (account === undefined) return this.reject(cmd, ReasonCodes.UNKNOWN_ACCOUNT);
    const asset = this.assetIndex.get(cmd.asset);
    if (asset === undefined || this.available(account, asset) < cmd.amount) return this.reject(cmd, ReasonCodes.INSUFFICIENT_FUNDS);
    this.supply.set(cmd.asset, this.supply.get(cmd.asset)! - cmd.amount);
    this.balance(account.index, asset).available[account.index] -= cmd.amount;
  }

  private flushBalances(): void {
    for (let i = 0; i < this.touchedCount; i++) {
      const f = this.funds[this.touchedAssets[i]];
      const a = this.touchedAccounts[i];
      this.out.balance(this.accountList[a].id, f.asset, f.available[a], f.reserved[a], this.ts);
    }
    this.touchedCount = 0;
  }

  /** Appends the BOOK_DELTA and TICKER owed for a market since the last call, and resets its marks. */
  private publishMarketData(market: Market, out: EventSink): void {
    const { book, ticker, changed } = market;
    const sides = changed.sides;
    const prices = changed.prices;
    const symbol = market.instrument.symbol;
    const timestampMs = market.lastTimestampMs;
    const n = changed.count;
    if (n > 0) {
      const bids: Array<[number, number]> = [];
      const asks: Array<[number, number]> = [];
      // The log may name a level more than once (see LevelLog). One command changes a handful of levels (a
      // backwards scan finds repeats cheapest); a batch changes hundreds, almost always within a narrow band of
      // prices: then a stamp per (side, price offset) finds repeats (no hashing, no allocation), and a Set only
      // when the band is wider than the stamp table.
      let min = Infinity;
      let max = -Infinity;
      if (n > 16) {
        for (let i = 0; i < n; i++) {
          const p = prices[i];
          if (p < min) min = p;
          if (p > max) max = p;
        }
      }
      const stamps = n > 16 && max - min < STAMP_SPAN ? this.levelStamps() : null;
      const epoch = this.stampEpoch;
      const seen = n > 16 && stamps === null ? new Set<number>() : null;
      for (let i = 0; i < n; i++) {
        const side = sides[i];
        const price = prices[i];
        let dup = false;
        if (stamps !== null) {
          const slot = side * STAMP_SPAN + (price - min);
          dup = stamps[slot] === epoch;
          stamps[slot] = epoch;
        } else if (seen !== null) {
          // Sides never share a price at rest (the book is not crossed), so the sign tells them apart.
          const key = side === BID ? price : -price - 1;
          dup = seen.has(key);
          seen.add(key);
        } else {
          for (let j = 0; j < i && !dup; j++) dup = sides[j] === side && prices[j] === price;
        }
        if (!dup) (side === BID ? bids : asks).push([price, book.levelQuantity(side, price)]);
      }
      changed.clear();
      out.event({ type: 'BOOK_DELTA', symbol, bids, asks, timestampMs });
    }
    const bestBid = book.best(BID);
    const bestAsk = book.best(ASK);
    if (market.traded || bestBid !== ticker.bestBid || bestAsk !== ticker.bestAsk) {
      ticker.bestBid = bestBid;
      ticker.bestAsk = bestAsk;
      market.traded = false;
      out.event({ type: 'TICKER', symbol, ...ticker, timestampMs });
    }
  }

  private stamps: Uint32Array | null = null;
  private stampEpoch = 0;

  /**
   * The stamp table for one dedupe pass (allocated once: two sides of {@link STAMP_SPAN} slots), with a
   * fresh epoch, so slots stamped by earlier passes read as unseen without clearing the table.
   */
  private levelStamps(): Uint32Array {
    if (this.stamps === null) this.stamps = new Uint32Array(2 * STAMP_SPAN);
    if (this.stampEpoch === 0xffffffff) {
      this.stamps.fill(0);
      this.stampEpoch = 0;
    }
    this.stampEpoch++;
    return this.stamps;
  }

  /**
   * With `deferMarketData`: one BOOK_DELTA (absolute quantities of every level changed) and at most one
   * TICKER per symbol, covering every command since the previous drain.
   */
  drainMarketData(): EngineEvent[] {
    const out = new ObjectSink();
    for (const market of this.markets.values()) this.publishMarketData(market, out);
    return out.events;
  }

  private findOrder(orderId: string): RestingOrder | undefined {
    const markets = this.marketList;
    for (let i = 0; i < markets.length; i++) {
      const order = markets[i].book.get(orderId);
      if (order !== undefined) return order;
    }
    return undefined;
  }

  /** Read access for tests, invariant checks and ops. */
  getBalance(accountId: string, asset: string): Balance | undefined {
    const account = this.accounts.get(accountId);
    const i = this.assetIndex.get(asset);
    if (account === undefined || i === undefined) return undefined;
    const f = this.funds[i];
    return f.exists[account.index] === 1 ? { available: f.available[account.index], reserved: f.reserved[account.index] } : undefined;
  }

  /** Total deposited minus withdrawn per asset; conserved by trading. */
  getSupply(asset: string): number {
    return this.supply.get(asset) ?? 0;
  }

  accountIds(): string[] {
    return [...this.accounts.keys()];
  }

  instruments(): Instrument[] {
    return [...this.markets.values()].map((m) => ({ ...m.instrument }));
  }

  book(symbol: string): OrderBook | undefined {
    return this.markets.get(symbol)?.book;
  }

  /** Total resting orders across symbols (book depth metric). */
  restingOrders(): number {
    let n = 0;
    for (const m of this.markets.values()) n += m.book.size;
    return n;
  }

  snapshot(): ExchangeSnapshot {
    const pick = (o: RestingOrder) => ({
      orderId: o.orderId,
      accountId: o.accountId,
      side: o.side,
      price: o.price,
      remaining: o.remaining,
      seq: o.seq,
      timestampMs: o.timestampMs,
    });
    return {
      v: 1,
      seq: this.seq,
      tradeSeq: this.tradeSeq,
      instruments: this.instruments(),
      supply: [...this.supply],
      accounts: this.accountList.map((account) => [
        account.id,
        account.assets.map((i) => {
          const f = this.funds[i];
          return [f.asset, f.available[account.index], f.reserved[account.index]];
        }),
      ]),
      books: [...this.markets.values()].map((m) => ({
        symbol: m.instrument.symbol,
        ticker: { ...m.ticker },
        orders: [...m.book.orders(BID), ...m.book.orders(ASK)].map(pick),
      })),
    };
  }

  /** Rebuilds an exchange from {@link snapshot}; the book implementation may differ from the one saved. */
  static restore(snapshot: ExchangeSnapshot, newBook: OrderBookFactory, options: ExchangeOptions = {}): Exchange {
    const ex = new Exchange(newBook, snapshot.instruments, options);
    ex.seq = snapshot.seq;
    ex.tradeSeq = snapshot.tradeSeq;
    for (const [asset, total] of snapshot.supply) ex.supply.set(asset, total);
    for (const [id, balances] of snapshot.accounts) {
      const account = ex.newAccount(id);
      for (const [asset, available, reserved] of balances) {
        const i = ex.assetId(asset);
        ex.newBalance(account.index, i);
        ex.funds[i].available[account.index] = available;
        ex.funds[i].reserved[account.index] = reserved;
      }
    }
    for (const b of snapshot.books) {
      const market = ex.markets.get(b.symbol)!;
      Object.assign(market.ticker, b.ticker);
      for (const o of b.orders) market.book.add(o.orderId, o.accountId, ex.accounts.get(o.accountId)!.index, o.side, o.price, o.remaining, o.seq, o.timestampMs);
      // Restored levels were published before the snapshot: they are not changes.
      market.changed.clear();
    }
    return ex;
  }
}

/**
 * The engine's wire contract: the JSON commands it consumes and the JSON messages it produces.
 *
 * This module is the single source of truth shared with producers (the API) and consumers of the output
 * topics. It has no dependency on the rest of the engine, so other packages may copy or import it.
 *
 * Units: every price, quantity and amount is an integer in minimal units, sent as a JSON number that is a
 * safe integer or as a string of decimal digits (for producers that hold them as bigints). The engine always
 * emits JSON numbers (safe integers).
 * - `quantity` is in minimal units of the instrument's base asset and must be a multiple of `lotSize`.
 * - `price` is in minimal units of the quote asset per lot (`lotSize` base units) and a multiple of `tickSize`.
 * - The quote cost of a fill is `price * quantity / lotSize` (exact, because quantity is a lot multiple).
 */
import { z } from 'zod';

/** Kafka topics used by the engine; names come from seed 001. */
export const Topics = {
  /** Commands, keyed by symbol (DEPOSIT/WITHDRAW: by accountId). */
  input: 'matching_engine_input',
  /** One result message per input command. */
  output: 'matching_engine_output',
  /** Book deltas (per symbol per processed batch) and periodic top-of-book snapshots. */
  orderbook: 'orderbook_output',
  /** Ticker per symbol, at most one per symbol per processed batch. */
  ticker: 'ticker_engine_output',
} as const;

/**
 * Version of the message formats below; bumped on any incompatible change. 2: results travel in the compact
 * form of {@link encodeResult} (1 had one JSON object per event, 2-3x the bytes). A consumer must refuse
 * (and log) a version it does not know rather than guess.
 */
export const CONTRACT_VERSION = 2;

/** Every reason a command can be rejected, or an order cancelled, for. */
export const ReasonCodes = {
  MALFORMED_JSON: 'MALFORMED_JSON',
  UNKNOWN_COMMAND_TYPE: 'UNKNOWN_COMMAND_TYPE',
  INVALID_COMMAND: 'INVALID_COMMAND',
  INVALID_QUANTITY: 'INVALID_QUANTITY',
  INVALID_PRICE: 'INVALID_PRICE',
  INVALID_AMOUNT: 'INVALID_AMOUNT',
  UNKNOWN_SYMBOL: 'UNKNOWN_SYMBOL',
  UNKNOWN_ACCOUNT: 'UNKNOWN_ACCOUNT',
  PRICE_OFF_TICK: 'PRICE_OFF_TICK',
  QUANTITY_OFF_LOT: 'QUANTITY_OFF_LOT',
  PRICE_REQUIRED: 'PRICE_REQUIRED',
  NOTIONAL_TOO_LARGE: 'NOTIONAL_TOO_LARGE',
  DUPLICATE_ORDER_ID: 'DUPLICATE_ORDER_ID',
  ORDER_NOT_FOUND: 'ORDER_NOT_FOUND',
  INSUFFICIENT_FUNDS: 'INSUFFICIENT_FUNDS',
  POST_ONLY_WOULD_TAKE: 'POST_ONLY_WOULD_TAKE',
  FOK_NOT_FILLABLE: 'FOK_NOT_FILLABLE',
  REDUCE_NOT_SMALLER: 'REDUCE_NOT_SMALLER',
  BALANCE_OVERFLOW: 'BALANCE_OVERFLOW',
  /** Cancellation reasons. */
  USER_CANCELLED: 'USER_CANCELLED',
  UNFILLED_REMAINDER: 'UNFILLED_REMAINDER',
  SELF_TRADE_PREVENTED: 'SELF_TRADE_PREVENTED',
} as const;
/** One of {@link ReasonCodes}. */
export type ReasonCode = (typeof ReasonCodes)[keyof typeof ReasonCodes];

const DIGITS = /^[0-9]{1,16}$/;

/** Non-negative safe integer, as a JSON number or a string of digits. */
const uint = z.union([z.number(), z.string().regex(DIGITS)]).transform((v, ctx) => {
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isSafeInteger(n) || n < 0) {
    ctx.addIssue({ code: 'custom', message: 'must be a non-negative safe integer' });
    return z.NEVER;
  }
  return n;
});
const positive = uint.refine((n) => n > 0, 'must be greater than zero');
const id = z.string().min(1).max(64);
const symbol = z.string().regex(/^[A-Z0-9][A-Z0-9_-]{0,31}$/);
const asset = z.string().regex(/^[A-Z0-9]{1,16}$/);
const timestampMs = uint;

/** Buy or sell. */
export const SideSchema = z.enum(['BUY', 'SELL']);
export type Side = z.infer<typeof SideSchema>;

/**
 * LIMIT rests until cancelled (GTC); MARKET takes liquidity at any price and never rests; IOC and FOK are
 * limit-priced and never rest (FOK fills completely or is rejected); POST_ONLY rests and is rejected if it
 * would take liquidity.
 */
export const OrderTypeSchema = z.enum(['LIMIT', 'MARKET', 'IOC', 'FOK', 'POST_ONLY']);
export type OrderType = z.infer<typeof OrderTypeSchema>;

/** Places an order. `price` is required for every type except MARKET, where it is ignored. */
export const PlaceCommandSchema = z.object({
  type: z.literal('PLACE'),
  orderId: id,
  accountId: id,
  symbol,
  side: SideSchema,
  orderType: OrderTypeSchema,
  price: positive.optional(),
  quantity: positive,
  timestampMs,
});
/** Cancels the rest of an order. */
export const CancelCommandSchema = z.object({
  type: z.literal('CANCEL'),
  orderId: id,
  accountId: id,
  symbol,
  timestampMs,
});
/** Moves a resting order to a new price; it loses time priority and may trade at once. */
export const MoveCommandSchema = z.object({
  type: z.literal('MOVE'),
  orderId: id,
  accountId: id,
  symbol,
  price: positive,
  timestampMs,
});
/** Reduces a resting order's remaining quantity to `quantity`; it keeps time priority. */
export const ReduceCommandSchema = z.object({
  type: z.literal('REDUCE'),
  orderId: id,
  accountId: id,
  symbol,
  quantity: positive,
  timestampMs,
});
/** Credits an account (creating it on first use); the API's funding path. */
export const DepositCommandSchema = z.object({
  type: z.literal('DEPOSIT'),
  accountId: id,
  asset,
  amount: positive,
  timestampMs,
});
/** Debits an account's available balance. */
export const WithdrawCommandSchema = z.object({
  type: z.literal('WITHDRAW'),
  accountId: id,
  asset,
  amount: positive,
  timestampMs,
});

/** Any command on `matching_engine_input`. */
export const CommandSchema = z.discriminatedUnion('type', [
  PlaceCommandSchema,
  CancelCommandSchema,
  MoveCommandSchema,
  ReduceCommandSchema,
  DepositCommandSchema,
  WithdrawCommandSchema,
]);
export type PlaceCommand = z.infer<typeof PlaceCommandSchema>;
export type CancelCommand = z.infer<typeof CancelCommandSchema>;
export type MoveCommand = z.infer<typeof MoveCommandSchema>;
export type ReduceCommand = z.infer<typeof ReduceCommandSchema>;
export type DepositCommand = z.infer<typeof DepositCommandSchema>;
export type WithdrawCommand = z.infer<typeof WithdrawCommandSchema>;
export type Command = z.infer<typeof CommandSchema>;
export const COMMAND_TYPES = ['PLACE', 'CANCEL', 'MOVE', 'REDUCE', 'DEPOSIT', 'WITHDRAW'] as const;

/** Outcome of {@link parseCommand}. */
export type ParseResult =
  | { ok: true; command: Command }
  | { ok: false; reason: ReasonCode; detail: string; orderId?: string; accountId?: string; symbol?: string };

const FIELD_REASONS: Record<string, ReasonCode> = {
  type: ReasonCodes.UNKNOWN_COMMAND_TYPE,
  quantity: ReasonCodes.INVALID_QUANTITY,
  price: ReasonCodes.INVALID_PRICE,
  amount: ReasonCodes.INVALID_AMOUNT,
};

const SYMBOL_RE = /^[A-Z0-9][A-Z0-9_-]{0,31}$/;
const ASSET_RE = /^[A-Z0-9]{1,16}$/;

/** The value of a `uint` field (see above), or -1 when it is not one. */
function uintOf(v: unknown): number {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? v : -1;
  if (typeof v === 'string' && DIGITS.test(v)) {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : -1;
  }
  return -1;
}

const isId = (v: unknown): v is string => typeof v === 'string' && v.length >= 1 && v.length <= 64;
const isSymbol = (v: unknown): v is string => typeof v === 'string' && SYMBOL_RE.test(v);
const isOrderType = (v: unknown): v is OrderType =>
  v === 'LIMIT' || v === 'MARKET' || v === 'IOC' || v === 'FOK' || v === 'POST_ONLY';

/**
 * A command with every field of every command type as an own property, in one order, the fields its type
 * lacks `undefined`: all commands from {@link parseCommand} then share one hidden class. The engine reads
 * command fields at a handful of sites; with six shapes (one per type, two for PLACE) each of those reads was
 * a megamorphic lookup, and one shape makes the Exchange about 10% faster (alternating A/B on the bench
 * workload). As JSON, and for every field its type has, it is the command zod yields.
 */
export function uniformCommand(c: Command): Command {
  // The optional fields of a command, as a rejection echoes them.
  const u = c as Pick<RejectedEvent, 'orderId' | 'symbol' | 'side' | 'orderType' | 'price' | 'quantity' | 'asset' | 'amount'>;
  return shaped(c.type, u.orderId, c.accountId, u.symbol, u.side, u.orderType, u.price, u.quantity, u.asset, u.amount, c.timestampMs);
}

/** The one literal every uniform command comes from (its key order is {@link COMMAND_FIELDS}). */
function shaped(
  type: Command['type'],
  orderId: string | undefined,
  accountId: string,
  symbol: string | undefined,
  side: Side | undefined,
  orderType: OrderType | undefined,
  price: number | undefined,
  quantity: number | undefined,
  asset: string | undefined,
  amount: number | undefined,
  timestampMs: number,
): Command {
  return { type, orderId, accountId, symbol, side, orderType, price, quantity, asset, amount, timestampMs } as Command;
}

/** The own properties of every command {@link parseCommand} returns, in order (see {@link uniformCommand}). */
export const COMMAND_FIELDS = ['type', 'orderId', 'accountId', 'symbol', 'side', 'orderType', 'price', 'quantity', 'asset', 'amount', 'timestampMs'] as const;

/**
 * The checked fast path of {@link parseCommand}: the same rules as {@link CommandSchema}, written out for
 * the commands producers actually send, returning what the schema would (known fields only, numbers as
 * numbers) in the shape of {@link uniformCommand}, or undefined for anything else, which then goes through
 * zod for its error message. The contract tests check that both agree on generated valid and invalid commands.
 */
export function wellFormedCommand(json: unknown): Command | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const o = json as Record<string, unknown>;
  const timestampMs = uintOf(o.timestampMs);
  if (timestampMs < 0) return undefined;
  const { type, orderId, accountId, symbol } = o;
  if (!isId(accountId)) return undefined;
  switch (type) {
    case 'PLACE': {
      const { side, orderType } = o;
      if (!isId(orderId) || !isSymbol(symbol) || (side !== 'BUY' && side !== 'SELL') || !isOrderType(orderType)) return undefined;
      const quantity = uintOf(o.quantity);
      if (quantity <= 0) return undefined;
      if (o.price === undefined) return shaped(type, orderId, accountId, symbol, side, orderType, undefined, quantity, undefined, undefined, timestampMs);
      const price = uintOf(o.price);
      if (price <= 0) return undefined;
      return shaped(type, orderId, accountId, symbol, side, orderType, price, quantity, undefined, undefined, timestampMs);
    }
    case 'CANCEL':
      if (!isId(orderId) || !isSymbol(symbol)) return undefined;
      return shaped(type, orderId, accountId, symbol, undefined, undefined, undefined, undefined, undefined, undefined, timestampMs);
    case 'MOVE': {
      const price = uintOf(o.price);
      if (!isId(orderId) || !isSymbol(symbol) || price <= 0) return undefined;
      return shaped(type, orderId, accountId, symbol, undefined, undefined, price, undefined, undefined, undefined, timestampMs);
    }
    case 'REDUCE': {
      const quantity = uintOf(o.quantity);
      if (!isId(orderId) || !isSymbol(symbol) || quantity <= 0) return undefined;
      return shaped(type, orderId, accountId, symbol, undefined, undefined, undefined, quantity, undefined, undefined, timestampMs);
    }
    case 'DEPOSIT':
    case 'WITHDRAW': {
      const { asset } = o;
      const amount = uintOf(o.amount);
      if (typeof asset !== 'string' || !ASSET_RE.test(asset) || amount <= 0) return undefined;
      return shaped(type, undefined, accountId, undefined, undefined, undefined, undefined, undefined, asset, amount, timestampMs);
    }
    default:
      return undefined;
  }
}

/**
 * Parses one raw input message. Never throws: a malformed message yields a reason code and whatever
 * identifying fields could be read, so the engine can publish a REJECTED result for it.
 */
export function parseCommand(raw: string | Buffer): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch {
    return { ok: false, reason: ReasonCodes.MALFORMED_JSON, detail: 'message is not valid JSON' };
  }
  const fast = wellFormedCommand(json);
  if (fast !== undefined) return { ok: true, command: fast };
  const parsed = CommandSchema.safeParse(json);
  if (parsed.success) return { ok: true, command: uniformCommand(parsed.data) };
  const issue = parsed.error.issues[0];
  const field = String(issue?.path[0] ?? (json !== null && typeof json === 'object' ? 'type' : ''));
  const obj = (json !== null && typeof json === 'object' ? json : {}) as Record<string, unknown>;
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v.slice(0, 64) : undefined);
  return {
    ok: false,
    reason: FIELD_REASONS[field] ?? ReasonCodes.INVALID_COMMAND,
    detail: `${field || 'message'}: ${issue?.message ?? 'invalid'}`,
    orderId: str(obj.orderId),
    accountId: str(obj.accountId),
    symbol: str(obj.symbol),
  };
}

/** Order accepted by the book (after validation and fund reservation). */
export interface AcceptedEvent {
  type: 'ACCEPTED';
  orderId: string;
  accountId: string;
  symbol: string;
  side: Side;
  orderType: OrderType;
  price: number | null;
  quantity: number;
  timestampMs: number;
}
/**
 * Command refused; nothing changed. `commandType` is null when the message could not be parsed. The fields
 * of a parsed command are echoed (those it has: a PLACE its side, orderType, price and quantity, a MOVE its
 * price, a REDUCE its quantity, a DEPOSIT/WITHDRAW its asset and amount), so a consumer needs no cache of
 * what it sent.
 */
export interface RejectedEvent {
  type: 'REJECTED';
  commandType: string | null;
  reason: ReasonCode;
  detail?: string;
  orderId?: string;
  accountId?: string;
  symbol?: string;
  side?: Side;
  orderType?: OrderType;
  price?: number;
  quantity?: number;
  asset?: string;
  amount?: number;
  timestampMs: number;
}
/** One fill between the incoming (taker) order and a resting (maker) order, at the maker's price. */
export interface TradeEvent {
  type: 'TRADE';
  tradeId: number;
  symbol: string;
  price: number;
  quantity: number;
  takerSide: Side;
  takerOrderId: string;
  takerAccountId: string;
  makerOrderId: string;
  makerAccountId: string;
  takerRemaining: number;
  makerRemaining: number;
  timestampMs: number;
}
/** The rest of an order left the book or was never placed in it. */
export interface CancelledEvent {
  type: 'CANCELLED';
  orderId: string;
  accountId: string;
  symbol: string;
  reason: ReasonCode;
  cancelledQuantity: number;
  timestampMs: number;
}
/** A resting order's remaining quantity was lowered; it kept its place in the queue. */
export interface ReducedEvent {
  type: 'REDUCED';
  orderId: string;
  accountId: string;
  symbol: string;
  remaining: number;
  timestampMs: number;
}
/** A resting order was moved to a new price (trades, if it crossed, follow as TRADE events). */
export interface MovedEvent {
  type: 'MOVED';
  orderId: string;
  accountId: string;
  symbol: string;
  price: number;
  remaining: number;
  timestampMs: number;
}
/** Balance of one account in one asset after the command. */
export interface BalanceEvent {
  type: 'BALANCE';
  accountId: string;
  asset: string;
  available: number;
  reserved: number;
  timestampMs: number;
}
/** New total quantity at each price level the command changed (0 = level gone). */
export interface BookDeltaEvent {
  type: 'BOOK_DELTA';
  symbol: string;
  bids: Array<[price: number, quantity: number]>;
  asks: Array<[price: number, quantity: number]>;
  timestampMs: number;
}
/** Market summary of a symbol after the command. */
export interface TickerEvent {
  type: 'TICKER';
  symbol: string;
  lastPrice: number | null;
  lastQuantity: number | null;
  bestBid: number | null;
  bestAsk: number | null;
  volume: number;
  tradeCount: number;
  timestampMs: number;
}
/** Everything the core can emit for a command. */
export type EngineEvent =
  | AcceptedEvent
  | RejectedEvent
  | TradeEvent
  | CancelledEvent
  | ReducedEvent
  | MovedEvent
  | BalanceEvent
  | BookDeltaEvent
  | TickerEvent;

/** Where a message came from: consumers drop a message whose (inputPartition, inputOffset) they have seen. */
export interface InputPosition {
  inputPartition: number;
  inputOffset: string;
}

/**
 * Every result event of one input command, in order, as consumers work with it. On the wire
 * (`matching_engine_output`) it travels as a {@link CompactResult}: see {@link encodeResult}.
 */
export interface ResultMessage extends InputPosition {
  v: typeof CONTRACT_VERSION;
  events: EngineEvent[];
}
/**
 * Value of an `orderbook_output` message. A BOOK_DELTA covers the input commands `fromInputOffset` to
 * `inputOffset` of one partition and gives absolute level quantities, so applying one twice is harmless.
 */
export type OrderbookMessage = InputPosition & { v: typeof CONTRACT_VERSION } & (
    | (BookDeltaEvent & { fromInputOffset: string })
    | {
        type: 'BOOK_SNAPSHOT';
        symbol: string;
        bids: Array<[number, number]>;
        asks: Array<[number, number]>;
        timestampMs: number;
      }
  );
/** Value of a `ticker_engine_output` message. */
export type TickerMessage = InputPosition & { v: typeof CONTRACT_VERSION } & TickerEvent;

/** Type code of each event in a compact result. */
export const EVENT_CODES = {
  ACCEPTED: 'A',
  REJECTED: 'J',
  TRADE: 'T',
  CANCELLED: 'C',
  REDUCED: 'R',
  MOVED: 'M',
  BALANCE: 'B',
  BOOK_DELTA: 'D',
  TICKER: 'K',
} as const satisfies Record<EngineEvent['type'], string>;

/**
 * The fields of each event type in a compact result, in order, after its code; a name starting with `?` is
 * optional (sent as null when absent, left out when decoded), every other field is sent as it is (null
 * included). `timestampMs` is not listed: see {@link CompactResult}.
 */
export const EVENT_FIELDS = {
  ACCEPTED: ['orderId', 'accountId', 'symbol', 'side', 'orderType', 'price', 'quantity'],
  REJECTED: ['commandType', 'reason', '?detail', '?orderId', '?accountId', '?symbol', '?side', '?orderType', '?price', '?quantity', '?asset', '?amount'],
  TRADE: ['tradeId', 'symbol', 'price', 'quantity', 'takerSide', 'takerOrderId', 'takerAccountId', 'makerOrderId', 'makerAccountId', 'takerRemaining', 'makerRemaining'],
  CANCELLED: ['orderId', 'accountId', 'symbol', 'reason', 'cancelledQuantity'],
  REDUCED: ['orderId', 'accountId', 'symbol', 'remaining'],
  MOVED: ['orderId', 'accountId', 'symbol', 'price', 'remaining'],
  BALANCE: ['accountId', 'asset', 'available', 'reserved'],
  BOOK_DELTA: ['symbol', 'bids', 'asks'],
  TICKER: ['symbol', 'lastPrice', 'lastQuantity', 'bestBid', 'bestAsk', 'volume', 'tradeCount'],
} as const satisfies Record<EngineEvent['type'], readonly string[]>;

/**
 * A `matching_engine_output` message on the wire (JSON): `v` the contract version, `p` and `o` the input
 * partition and offset, `t` the command's `timestampMs`, `e` the events, each an array: its code from
 * {@link EVENT_CODES}, then its {@link EVENT_FIELDS} in order, then its own `timestampMs` only when it
 * differs from `t` (the engine stamps every event of a command with the command's time, so in practice never).
 *
 * ```jsonc
 * {"v":2,"p":0,"o":"42","t":1700000000006,"e":[
 *   ["A","o-2","acc-2","BTC-USDT","SELL","LIMIT",65000,3],
 *   ["T",7,"BTC-USDT",65000,3,"SELL","o-2","acc-2","o-1","acc-1",0,0],
 *   ["B","acc-1","USDT",805000,0]]}
 * ```
 */
export interface CompactResult {
  v: typeof CONTRACT_VERSION;
  p: number;
  o: string;
  t: number;
  e: unknown[][];
}

/** The JSON of a result message in its compact wire form ({@link CompactResult}). */
export function encodeResult(pos: InputPosition, events: readonly EngineEvent[]): string {
  const t = events.length > 0 ? events[0].timestampMs : 0;
  const e: unknown[][] = new Array(events.length);
  for (let i = 0; i < events.length; i++) {
    const ev = events[i];
    const row = compactEvent(ev);
    if (ev.timestampMs !== t) row.push(ev.timestampMs);
    e[i] = row;
  }
  const message: CompactResult = { v: CONTRACT_VERSION, p: pos.inputPartition, o: pos.inputOffset, t, e };
  return JSON.stringify(message);
}

/**
 * The compact row of one event (its code, then its fields; without the timestamp). Written out per type
 * (the hot path: one call per event); the contract tests check it against EVENT_FIELDS.
 */
export function compactEvent(e: EngineEvent): unknown[] {
  switch (e.type) {
    case 'ACCEPTED':
      return ['A', e.orderId, e.accountId, e.symbol, e.side, e.orderType, e.price, e.quantity];
    case 'REJECTED':
      return ['J', e.commandType, e.reason, e.detail ?? null, e.orderId ?? null, e.accountId ?? null, e.symbol ?? null, e.side ?? null, e.orderType ?? null, e.price ?? null, e.quantity ?? null, e.asset ?? null, e.amount ?? null];
    case 'TRADE':
      return ['T', e.tradeId, e.symbol, e.price, e.quantity, e.takerSide, e.takerOrderId, e.takerAccountId, e.makerOrderId, e.makerAccountId, e.takerRemaining, e.makerRemaining];
    case 'CANCELLED':
      return ['C', e.orderId, e.accountId, e.symbol, e.reason, e.cancelledQuantity];
    case 'REDUCED':
      return ['R', e.orderId, e.accountId, e.symbol, e.remaining];
    case 'MOVED':
      return ['M', e.orderId, e.accountId, e.symbol, e.price, e.remaining];
    case 'BALANCE':
      return ['B', e.accountId, e.asset, e.available, e.reserved];
    case 'BOOK_DELTA':
      return ['D', e.symbol, e.bids, e.asks];
    case 'TICKER':
      return ['K', e.symbol, e.lastPrice, e.lastQuantity, e.bestBid, e.bestAsk, e.volume, e.tradeCount];
  }
}

const TYPE_OF_CODE = new Map<string, EngineEvent['type']>(Object.entries(EVENT_CODES).map(([type, code]) => [code, type as EngineEvent['type']]));

/** Thrown by {@link decodeResult} for a message that is not a result of this contract version. */
export class ResultFormatError extends Error {
  override name = 'ResultFormatError';
}

/** Reads a `matching_engine_output` message back into a {@link ResultMessage}; throws ResultFormatError. */
export function decodeResult(value: string): ResultMessage {
  let m: Partial<CompactResult> & { v?: unknown };
  try {
    m = JSON.parse(value);
  } catch {
    throw new ResultFormatError('not JSON');
  }
  if (typeof m !== 'object' || m === null) throw new ResultFormatError('not an object');
  if (m.v !== CONTRACT_VERSION) throw new ResultFormatError(`contract version ${String(m.v)}, expected ${CONTRACT_VERSION}`);
  if (!Number.isInteger(m.p) || typeof m.o !== 'string' || !/^[0-9]+$/.test(m.o)) throw new ResultFormatError('no input position');
  if (!Number.isSafeInteger(m.t) || !Array.isArray(m.e)) throw new ResultFormatError('no timestamp or events');
  const events = m.e.map((row) => {
    const type = Array.isArray(row) ? TYPE_OF_CODE.get(row[0] as string) : undefined;
    if (type === undefined) throw new ResultFormatError(`unknown event ${JSON.stringify(row).slice(0, 40)}`);
    const fields: readonly string[] = EVENT_FIELDS[type];
    if (row.length !== fields.length + 1 && row.length !== fields.length + 2) throw new ResultFormatError(`${type} event with ${row.length - 1} fields`);
    const event: Record<string, unknown> = { type };
    for (let i = 0; i < fields.length; i++) {
      const optional = fields[i].startsWith('?');
      const v = row[i + 1];
      if (!(optional && v === null)) event[optional ? fields[i].slice(1) : fields[i]] = v;
    }
    event.timestampMs = row.length === fields.length + 2 ? row[fields.length + 1] : m.t;
    return event as unknown as EngineEvent;
  });
  return { v: CONTRACT_VERSION, inputPartition: m.p!, inputOffset: m.o, events };
}

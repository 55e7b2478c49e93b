/**
 * The part of the matching engine's wire contract (apps/engine/src/contract) that the API produces and
 * consumes. The API image does not ship engine code, so these are declared here; test/contract.test.ts
 * checks them against the engine's own schemas and types, so a drift fails the build rather than production.
 * Every amount is an integer in minimal units (see InstrumentRules for the conversions).
 */

/** 2: results in the compact form (see decodeResult); a message of another version is refused, not guessed at. */
export const CONTRACT_VERSION = 2;

export type Side = 'BUY' | 'SELL';
export type EngineOrderType = 'LIMIT' | 'MARKET' | 'IOC' | 'FOK' | 'POST_ONLY';

export interface PlaceCommand {
  type: 'PLACE';
  orderId: string;
  accountId: string;
  symbol: string;
  side: Side;
  orderType: EngineOrderType;
  price?: number;
  quantity: number;
  timestampMs: number;
}
export interface CancelCommand {
  type: 'CANCEL';
  orderId: string;
  accountId: string;
  symbol: string;
  timestampMs: number;
}
export interface DepositCommand {
  type: 'DEPOSIT';
  accountId: string;
  asset: string;
  amount: number;
  timestampMs: number;
}

export interface AcceptedEvent {
  type: 'ACCEPTED';
  orderId: string;
  accountId: string;
  symbol: string;
  side: Side;
  orderType: EngineOrderType;
  price: number | null;
  quantity: number;
  timestampMs: number;
}
export interface RejectedEvent {
  type: 'REJECTED';
  commandType: string | null;
  reason: string;
  detail?: string;
  orderId?: string;
  accountId?: string;
  symbol?: string;
  timestampMs: number;
}
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
export interface CancelledEvent {
  type: 'CANCELLED';
  orderId: string;
  accountId: string;
  symbol: string;
  reason: string;
  cancelledQuantity: number;
  timestampMs: number;
}
export interface ReducedEvent {
  type: 'REDUCED';
  orderId: string;
  accountId: string;
  symbol: string;
  remaining: number;
  timestampMs: number;
}
export interface MovedEvent {
  type: 'MOVED';
  orderId: string;
  accountId: string;
  symbol: string;
  price: number;
  remaining: number;
  timestampMs: number;
}
export interface BalanceEvent {
  type: 'BALANCE';
  accountId: string;
  asset: string;
  available: number;
  reserved: number;
  timestampMs: number;
}
export interface BookLevels {
  symbol: string;
  bids: Array<[price: number, quantity: number]>;
  asks: Array<[price: number, quantity: number]>;
  timestampMs: number;
}
export interface BookDeltaEvent extends BookLevels {
  type: 'BOOK_DELTA';
}
export interface BookSnapshotEvent extends BookLevels {
  type: 'BOOK_SNAPSHOT';
}
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

/** Every event a result message may carry (book deltas and tickers also travel on their own topics). */
export type ResultEvent =
  | AcceptedEvent
  | RejectedEvent
  | TradeEvent
  | CancelledEvent
  | ReducedEvent
  | MovedEvent
  | BalanceEvent
  | BookDeltaEvent
  | TickerEvent;

/** Where a result came from; the unit of idempotency. */
export interface InputPosition {
  inputPartition: number;
  inputOffset: string;
}
export interface ResultMessage extends InputPosition {
  v: number;
  events: ResultEvent[];
}
export type OrderbookMessage = InputPosition & { v: number } & (BookDeltaEvent | BookSnapshotEvent);
export type TickerMessage = InputPosition & { v: number } & TickerEvent;

/** Thrown for a message the API cannot read; the consumer logs and skips it instead of retrying forever. */
export class UnreadableMessage extends Error {}

function json(value: string): Record<string, unknown> {
  let msg: unknown;
  try {
    msg = JSON.parse(value);
  } catch {
    throw new UnreadableMessage('not JSON');
  }
  if (typeof msg !== 'object' || msg === null) throw new UnreadableMessage('not an object');
  const m = msg as Record<string, unknown>;
  if (m.v !== CONTRACT_VERSION) throw new UnreadableMessage(`contract version ${String(m.v)}, expected ${CONTRACT_VERSION}`);
  return m;
}

const isOffset = (o: unknown): o is string => typeof o === 'string' && /^[0-9]+$/.test(o);

function parse(value: string): Record<string, unknown> {
  const m = json(value);
  if (!Number.isInteger(m.inputPartition) || !isOffset(m.inputOffset)) throw new UnreadableMessage('no input position');
  return m;
}

/** Code of each event type in a compact result (the engine's EVENT_CODES). */
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
} as const satisfies Record<ResultEvent['type'], string>;

/**
 * Fields of each event type in a compact result, in order after the code (the engine's EVENT_FIELDS); `?`
 * marks an optional field, sent as null when absent.
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
} as const satisfies Record<ResultEvent['type'], readonly string[]>;

const TYPE_OF_CODE = new Map(Object.entries(EVENT_CODES).map(([type, code]) => [code as string, type as ResultEvent['type']]));

/**
 * Reads a `matching_engine_output` message: `{"v":2,"p":partition,"o":"offset","t":timestampMs,"e":[...]}`,
 * each event an array of its code, its EVENT_FIELDS in order and, only when it differs from `t`, its own
 * timestampMs. Returns the events as objects, as the savers and the WebSocket fan-out use them.
 */
export function decodeResult(value: string): ResultMessage {
  const m = json(value);
  if (!Number.isInteger(m.p) || !isOffset(m.o)) throw new UnreadableMessage('no input position');
  if (!Number.isSafeInteger(m.t) || !Array.isArray(m.e)) throw new UnreadableMessage('no timestamp or events');
  const events = (m.e as unknown[]).map((row) => {
    const type = Array.isArray(row) ? TYPE_OF_CODE.get(row[0] as string) : undefined;
    if (type === undefined) throw new UnreadableMessage(`unknown event ${JSON.stringify(row).slice(0, 40)}`);
    const fields: readonly string[] = EVENT_FIELDS[type];
    const values = row as unknown[];
    if (values.length !== fields.length + 1 && values.length !== fields.length + 2) throw new UnreadableMessage(`${type} event with ${values.length - 1} fields`);
    const event: Record<string, unknown> = { type };
    fields.forEach((field, i) => {
      const optional = field.startsWith('?');
      if (!(optional && values[i + 1] === null)) event[optional ? field.slice(1) : field] = values[i + 1];
    });
    event.timestampMs = values.length === fields.length + 2 ? values[fields.length + 1] : m.t;
    return event as unknown as ResultEvent;
  });
  return { v: CONTRACT_VERSION, inputPartition: m.p as number, inputOffset: m.o, events };
}

export function decodeOrderbook(value: string): OrderbookMessage {
  const m = parse(value);
  if ((m.type !== 'BOOK_DELTA' && m.type !== 'BOOK_SNAPSHOT') || !Array.isArray(m.bids) || !Array.isArray(m.asks)) {
    throw new UnreadableMessage('not a book message');
  }
  return m as unknown as OrderbookMessage;
}

export function decodeTicker(value: string): TickerMessage {
  const m = parse(value);
  if (m.type !== 'TICKER') throw new UnreadableMessage('not a ticker message');
  return m as unknown as TickerMessage;
}

/**
 * The part of the matching engine's wire contract (apps/engine/src/contract) that the API produces and
 * consumes. The API image does not ship engine code, so these are declared here; test/contract.test.ts
 * checks them against the engine's own schemas and types, so a drift fails the build rather than production.
 * Every amount is an integer in minimal units (see InstrumentRules for the conversions).
 */

export const CONTRACT_VERSION = 1;

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

function parse(value: string): Record<string, unknown> {
  let msg: unknown;
  try {
    msg = JSON.parse(value);
  } catch {
    throw new UnreadableMessage('not JSON');
  }
  if (typeof msg !== 'object' || msg === null) throw new UnreadableMessage('not an object');
  const m = msg as Record<string, unknown>;
  if (m.v !== CONTRACT_VERSION) throw new UnreadableMessage(`contract version ${String(m.v)}, expected ${CONTRACT_VERSION}`);
  if (!Number.isInteger(m.inputPartition) || typeof m.inputOffset !== 'string' || !/^[0-9]+$/.test(m.inputOffset)) {
    throw new UnreadableMessage('no input position');
  }
  return m;
}

export function decodeResult(value: string): ResultMessage {
  const m = parse(value);
  if (!Array.isArray(m.events)) throw new UnreadableMessage('no events');
  return m as unknown as ResultMessage;
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

/**
 * The API's own view of what the engine reports. `decode*` functions in engine-contract.ts translate the
 * engine's wire events into these, so the consumers do not depend on the wire format.
 */
export interface OrderState {
  orderId: string;
  userId: string;
  symbol: string;
  side: string;
  type: string;
  timeInForce: string;
  price: string | null;
  quantity: string;
  filledQuantity: string;
  status: string;
  rejectReason: string | null;
  clientOrderId: string | null;
  /** Epoch milliseconds of the engine event. */
  ts: number;
}

export interface TradeRecord {
  tradeId: string;
  symbol: string;
  price: string;
  quantity: string;
  takerSide: string;
  buyOrderId: string;
  sellOrderId: string;
  buyerId: string;
  sellerId: string;
  ts: number;
}

export interface BalanceState {
  userId: string;
  asset: string;
  available: string;
  locked: string;
  ts: number;
}

export interface BookSnapshot {
  symbol: string;
  bids: [string, string][];
  asks: [string, string][];
  ts: number;
}

export interface TickerState {
  symbol: string;
  lastPrice: string | null;
  high24h: string | null;
  low24h: string | null;
  volume24h: string;
  ts: number;
}

/** Everything one matching_engine_output message carries. */
export interface ResultBatch {
  orders: OrderState[];
  trades: TradeRecord[];
  balances: BalanceState[];
}

/** Order statuses that keep an order on the book (and in the Redis order cache). */
export const OPEN_STATUSES = ['NEW', 'PARTIALLY_FILLED'] as const;
export const isOpen = (status: string) => (OPEN_STATUSES as readonly string[]).includes(status);

/**
 * View types shared by server and browser code. Decimal amounts stay strings end to end:
 * the exchange settles in exact decimals and a float would silently round a price off its tick.
 */

/** Buy or sell. */
export type Side = "buy" | "sell";
/** Order types the form offers; IOC and post-only are time-in-force flavours of a limit order. */
export type OrderType = "limit" | "market";
/** Time in force of a limit order: rests (GTC), fills what it can now (IOC), fills all now or nothing (FOK), or only rests (post-only). */
export type TimeInForce = "GTC" | "IOC" | "FOK" | "POST_ONLY";

/** A tradable instrument with its trading rules and the latest 24h figures. */
export interface Market {
  readonly symbol: string;
  readonly baseAsset: string;
  readonly quoteAsset: string;
  /** Smallest price increment, e.g. "0.01". */
  readonly tickSize: string;
  /** Smallest quantity increment, e.g. "0.001". */
  readonly lotSize: string;
  /** Smallest order quantity; the lot size when the API names none. */
  readonly minQty: string;
  readonly lastPrice: string | null;
  /** Change over 24 hours in percent, e.g. "-1.25"; null when there was no trade. */
  readonly change24hPercent: string | null;
  readonly volume24h: string | null;
}

/** One price level of the book. */
export interface BookLevel {
  readonly price: string;
  readonly quantity: string;
}

/** A full order book snapshot, best prices first. */
export interface OrderBookSnapshot {
  readonly symbol: string;
  readonly bids: readonly BookLevel[];
  readonly asks: readonly BookLevel[];
  /** Monotonic version from the engine, when it sends one; lets stale snapshots be dropped. */
  readonly sequence?: number;
}

/** A public trade. */
export interface Trade {
  readonly id: string;
  readonly symbol: string;
  readonly price: string;
  readonly quantity: string;
  /** Side of the taker. */
  readonly side: Side;
  /** Epoch milliseconds. */
  readonly time: number;
}

/** Latest price and the rolling 24h statistics of a symbol, as the API's ticker reports them. */
export interface Ticker {
  readonly symbol: string;
  readonly lastPrice: string | null;
  /** Price of the first trade in the last 24 hours; the reference of the change. */
  readonly open24h: string | null;
  /** Change of the last price against `open24h` in percent, e.g. "-1.25"; null without a trade in 24 hours. */
  readonly change24hPercent: string | null;
  readonly high24h: string | null;
  readonly low24h: string | null;
  /** Base quantity traded in the last 24 hours. */
  readonly volume24h: string | null;
  /** Quote amount traded in the last 24 hours. */
  readonly quoteVolume24h: string | null;
}

/** One of the signed-in user's fills. */
export interface Fill {
  readonly id: string;
  readonly symbol: string;
  readonly orderId: string;
  readonly side: Side;
  readonly price: string;
  readonly quantity: string;
  readonly liquidity: "maker" | "taker";
  /** Epoch milliseconds. */
  readonly time: number;
}

/** Order status as shown to the user. */
export type OrderStatus = "pending" | "open" | "partially_filled" | "filled" | "cancelled" | "rejected";

/** One of the signed-in user's orders. */
export interface Order {
  readonly id: string;
  readonly symbol: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  readonly price: string | null;
  readonly quantity: string;
  readonly filledQuantity: string;
  readonly status: OrderStatus;
  readonly createdAt: number;
  readonly rejectReason?: string;
}

/** Balance of one asset. */
export interface Balance {
  readonly asset: string;
  readonly available: string;
  readonly locked: string;
}

/** An API key as listed; the secret is never listed. */
export interface ApiKey {
  readonly id: string;
  readonly label: string;
  readonly createdAt: number;
  readonly revoked: boolean;
}

/** A freshly created API key: the only time the secret is visible. */
export interface CreatedApiKey extends ApiKey {
  readonly key: string;
  readonly secret: string;
}

/** Order as entered in the form, before the API sees it. */
export interface OrderDraft {
  readonly symbol: string;
  readonly side: Side;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  readonly price: string;
  readonly quantity: string;
}

/** The signed-in user's private state on a trading page. */
export interface AccountSnapshot {
  readonly balances: readonly Balance[];
  readonly openOrders: readonly Order[];
  readonly orderHistory: readonly Order[];
  /** The user's latest fills on the symbol, newest first. */
  readonly trades: readonly Fill[];
}

/** Public values the browser needs; produced by the server from runtime config. */
export interface PublicConfig {
  /** WebSocket endpoint of the API as the browser reaches it, e.g. wss://api.example.com/ws. */
  readonly wsUrl: string;
}

/** Result of a server action: a coded error the UI can show, or the value. */
export type ActionResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: string; readonly message: string };

/** State of the sign-in and sign-up forms when the action does not redirect. */
export interface AuthFormState {
  readonly error: string | null;
  readonly email: string;
}

/**
 * Maps the API's JSON to view types. The only place that knows the API's field names, so a change
 * in the API is one edit here. Used on the server (REST) and in the browser (WebSocket payloads).
 */
import type {
  ApiKey,
  Balance,
  BookLevel,
  CreatedApiKey,
  Fill,
  Market,
  Order,
  OrderBookSnapshot,
  OrderStatus,
  Side,
  Ticker,
  Trade,
} from "./types";
import type { Candle } from "./candles";

type Raw = Record<string, unknown>;

const obj = (v: unknown): Raw => (v !== null && typeof v === "object" ? (v as Raw) : {});

/** First field present among `keys`, as a string; numbers are stringified. */
function str(raw: Raw, ...keys: string[]): string | null {
  for (const k of keys) {
    const v = raw[k];
    if (typeof v === "string") return v;
    if (typeof v === "number" && Number.isFinite(v)) return String(v);
  }
  return null;
}

function req(raw: Raw, ...keys: string[]): string {
  return str(raw, ...keys) ?? "";
}

/** Epoch ms from a number or an ISO string. */
function time(raw: Raw, ...keys: string[]): number {
  for (const k of keys) {
    const v = raw[k];
    if (typeof v === "number") return v;
    if (typeof v === "string") {
      const n = Number(v);
      if (Number.isFinite(n)) return n;
      const d = Date.parse(v);
      if (!Number.isNaN(d)) return d;
    }
  }
  return 0;
}

function side(v: string | null): Side {
  return v?.toLowerCase() === "sell" ? "sell" : "buy";
}

/** Maps one market (instrument) entry. */
export function mapMarket(v: unknown): Market {
  const r = obj(v);
  return {
    symbol: req(r, "symbol"),
    baseAsset: req(r, "baseAsset", "base_asset", "base"),
    quoteAsset: req(r, "quoteAsset", "quote_asset", "quote"),
    tickSize: str(r, "tickSize", "tick_size") ?? "0.01",
    lotSize: str(r, "lotSize", "lot_size") ?? "0.001",
    minQty: str(r, "minQty", "min_qty") ?? str(r, "lotSize", "lot_size") ?? "0.001",
    lastPrice: str(r, "lastPrice", "last_price", "last"),
    change24hPercent: str(r, "change24hPercent", "priceChangePercent", "change24h"),
    volume24h: str(r, "volume24h", "volume"),
  };
}

/**
 * Maps a ticker. The 24h change is the last price against the 24h open; `volume` (since the engine
 * started) is deliberately not read as a 24h figure.
 */
export function mapTicker(v: unknown, symbol: string): Ticker {
  const r = obj(v);
  const lastPrice = str(r, "lastPrice", "last_price", "last", "close");
  const open24h = str(r, "open24h");
  return {
    symbol: str(r, "symbol") ?? symbol,
    lastPrice,
    open24h,
    change24hPercent: changePercent(lastPrice, open24h),
    high24h: str(r, "high24h"),
    low24h: str(r, "low24h"),
    volume24h: str(r, "volume24h"),
    quoteVolume24h: str(r, "quoteVolume24h"),
  };
}

/** Change of `last` against `open` in percent with two decimals, or null when either is missing. */
export function changePercent(last: string | null, open: string | null): string | null {
  const l = Number(last);
  const o = Number(open);
  if (last === null || open === null || !Number.isFinite(l) || !(o > 0)) return null;
  return (((l - o) / o) * 100).toFixed(2);
}

function levels(v: unknown): BookLevel[] {
  if (!Array.isArray(v)) return [];
  return v.map((l) => {
    if (Array.isArray(l)) return { price: String(l[0]), quantity: String(l[1]) };
    const r = obj(l);
    return { price: req(r, "price"), quantity: req(r, "quantity", "qty", "size") };
  });
}

/** Maps an order book snapshot. */
export function mapBook(v: unknown, symbol: string): OrderBookSnapshot {
  const r = obj(v);
  // The engine stamps each snapshot with its event time; a lower stamp is an older book.
  const seq = r.ts ?? r.sequence;
  return {
    symbol: str(r, "symbol") ?? symbol,
    bids: levels(r.bids),
    asks: levels(r.asks),
    sequence: typeof seq === "number" ? seq : undefined,
  };
}

/** Maps a public trade. */
export function mapTrade(v: unknown, symbol: string): Trade {
  const r = obj(v);
  return {
    id: req(r, "id", "tradeId"),
    symbol: str(r, "symbol") ?? symbol,
    price: req(r, "price"),
    quantity: req(r, "quantity", "qty"),
    side: side(str(r, "takerSide", "side", "taker_side")),
    time: time(r, "time", "executedAt", "ts", "executed_at"),
  };
}

const STATUS: Record<string, OrderStatus> = {
  PENDING: "pending",
  NEW: "open",
  OPEN: "open",
  ACCEPTED: "open",
  PARTIALLY_FILLED: "partially_filled",
  FILLED: "filled",
  CANCELLED: "cancelled",
  CANCELED: "cancelled",
  REJECTED: "rejected",
};

/** Maps one of the user's orders. */
export function mapOrder(v: unknown): Order {
  const r = obj(v);
  const tif = (str(r, "timeInForce", "time_in_force") ?? "GTC").toUpperCase();
  const status = STATUS[(str(r, "status") ?? "").toUpperCase()] ?? "pending";
  return {
    id: req(r, "id", "orderId"),
    symbol: req(r, "symbol"),
    side: side(str(r, "side")),
    type: str(r, "type")?.toLowerCase() === "market" ? "market" : "limit",
    timeInForce: tif === "IOC" || tif === "FOK" || tif === "POST_ONLY" ? tif : "GTC",
    price: str(r, "price"),
    quantity: req(r, "quantity"),
    filledQuantity: str(r, "filledQuantity", "filled_quantity", "filled") ?? "0",
    status,
    createdAt: time(r, "createdAt", "created_at"),
    // The API's `reason` also names why an order was cancelled; only a rejection's reason is shown.
    rejectReason: str(r, "rejectReason", "reject_reason") ?? (status === "rejected" ? str(r, "reason") : null) ?? undefined,
  };
}

/** Maps one of the user's fills (`GET /trades`). */
export function mapFill(v: unknown): Fill {
  const r = obj(v);
  return {
    id: req(r, "id"),
    symbol: req(r, "symbol"),
    orderId: req(r, "orderId"),
    side: side(str(r, "side")),
    price: req(r, "price"),
    quantity: req(r, "quantity"),
    liquidity: str(r, "liquidity")?.toLowerCase() === "maker" ? "maker" : "taker",
    time: time(r, "executedAt", "time"),
  };
}

/** Maps one balance. */
export function mapBalance(v: unknown): Balance {
  const r = obj(v);
  return { asset: req(r, "asset"), available: str(r, "available", "free") ?? "0", locked: str(r, "locked", "reserved") ?? "0" };
}

/** Maps a listed API key. */
export function mapApiKey(v: unknown): ApiKey {
  const r = obj(v);
  return {
    id: req(r, "id"),
    label: req(r, "label", "name"),
    createdAt: time(r, "createdAt", "created_at"),
    revoked: Boolean(r.revoked) || Boolean(r.revokedAt ?? r.revoked_at),
  };
}

/** Maps a freshly created API key including its one-time secret. */
export function mapCreatedApiKey(v: unknown): CreatedApiKey {
  const r = obj(v);
  return { ...mapApiKey(v), key: req(r, "key", "apiKey", "keyId"), secret: req(r, "secret", "apiSecret") };
}

/** Maps the API's candle page to chart candles (start in epoch seconds, floats: a picture), oldest first. */
export function mapCandles(v: unknown): Candle[] {
  const list = obj(v).candles;
  if (!Array.isArray(list)) return [];
  return list
    .map((c) => {
      const r = obj(c);
      return {
        time: Math.floor(time(r, "openTime", "time") / 1000),
        open: Number(r.open),
        high: Number(r.high),
        low: Number(r.low),
        close: Number(r.close),
        volume: Number(r.volume),
      };
    })
    .filter((c) => [c.open, c.high, c.low, c.close, c.volume].every(Number.isFinite));
}

import "server-only";
import type {
  AccountSnapshot,
  ApiKey,
  Balance,
  CreatedApiKey,
  Fill,
  Market,
  Order,
  OrderBookSnapshot,
  OrderDraft,
  Ticker,
  Trade,
} from "@/lib/types";
import { RECENT_TRADES } from "@/lib/market-stats";
import { type Candle, type CandleInterval } from "@/lib/candles";
import { mapApiKey, mapBalance, mapBook, mapCandles, mapCreatedApiKey, mapFill, mapMarket, mapOrder, mapTicker, mapTrade } from "@/lib/api-mappers";

/** Coded errors of the data layer; API errors keep the API's own code. */
export const ClientError = {
  API_UNREACHABLE: "API_UNREACHABLE",
  API_BAD_RESPONSE: "API_BAD_RESPONSE",
} as const;

/** A failed API call: HTTP status (0 when unreachable), coded constant and message. */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** From Retry-After, when the API rate-limited the call. */
    readonly retryAfterSeconds: number | null = null
  ) {
    super(message);
    this.name = "ApiCallError";
  }
}

/** A page the API would not serve because this visitor sent too many requests. */
export interface RateLimited {
  readonly rateLimited: true;
  readonly retryAfterSeconds: number | null;
}

/** Resolves to what `load` resolves to, or to RateLimited when the API answered 429; other errors pass. */
export async function orRateLimited<T>(load: Promise<T>): Promise<T | RateLimited> {
  try {
    return await load;
  } catch (err) {
    if (err instanceof ApiCallError && err.status === 429) return { rateLimited: true, retryAfterSeconds: err.retryAfterSeconds };
    throw err;
  }
}

export const isRateLimited = (v: unknown): v is RateLimited =>
  typeof v === "object" && v !== null && (v as { rateLimited?: unknown }).rateLimited === true;

function tokenOf(json: unknown): string {
  const token = (json as { token?: unknown } | null)?.token;
  if (typeof token !== "string") throw new ApiCallError(200, ClientError.API_BAD_RESPONSE, "auth answered without a token");
  return token;
}

/** Options of one call. */
interface CallOptions {
  readonly method?: "GET" | "POST" | "DELETE";
  readonly body?: unknown;
  readonly token?: string;
  readonly query?: Record<string, string | number | undefined>;
}

/** Typed client for the exchange API's REST endpoints under /api/v1. Server side only: it carries the user's JWT. */
export class ExchangeApi {
  /**
   * @param forwardedFor the browser's address chain; the API rate-limits anonymous calls per client IP,
   *   and without it every visitor would share the frontend server's bucket.
   */
  constructor(
    private readonly baseUrl: string,
    private readonly forwardedFor: string | null = null,
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly timeoutMs = 5000
  ) {}

  private async call(path: string, opts: CallOptions = {}): Promise<unknown> {
    const url = new URL(`${this.baseUrl}/api/v1${path}`);
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: "application/json" };
    if (opts.body !== undefined) headers["content-type"] = "application/json";
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (this.forwardedFor) headers["x-forwarded-for"] = this.forwardedFor;
    let res: Response;
    try {
      res = await this.fetchImpl(url, {
        method: opts.method ?? "GET",
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        cache: "no-store",
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new ApiCallError(0, ClientError.API_UNREACHABLE, `API not reachable: ${(err as Error).message}`);
    }
    const text = await res.text();
    let json: unknown = null;
    if (text) {
      try {
        json = JSON.parse(text);
      } catch {
        // An error page from a proxy in between still says what went wrong by its status (e.g. 429).
        if (res.ok) throw new ApiCallError(res.status, ClientError.API_BAD_RESPONSE, `API answered ${res.status} with non-JSON`);
      }
    }
    if (!res.ok) {
      const body = (json ?? {}) as { code?: unknown; message?: unknown };
      const retryAfter = Number(res.headers.get("retry-after"));
      throw new ApiCallError(
        res.status,
        typeof body.code === "string" ? body.code : `HTTP_${res.status}`,
        typeof body.message === "string" ? body.message : res.statusText,
        res.status === 429 && Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : null
      );
    }
    return json;
  }

  private async list<T>(path: string, map: (raw: unknown) => T, opts?: CallOptions): Promise<T[]> {
    const json = await this.call(path, opts);
    const items = Array.isArray(json) ? json : (json as { items?: unknown; data?: unknown })?.items ?? (json as { data?: unknown })?.data;
    if (!Array.isArray(items)) throw new ApiCallError(200, ClientError.API_BAD_RESPONSE, `expected a list from ${path}`);
    return items.map(map);
  }

  /** All markets, each merged with its ticker's last price and 24h figures. */
  async markets(): Promise<Market[]> {
    const markets = await this.instruments();
    return Promise.all(
      markets.map(async (m) => {
        const t = await this.ticker(m.symbol).catch(() => null);
        return t ? { ...m, lastPrice: t.lastPrice, change24hPercent: t.change24hPercent, volume24h: t.volume24h } : m;
      })
    );
  }

  /** Every market's rules, without prices. */
  async instruments(): Promise<Market[]> {
    return this.list("/markets", mapMarket);
  }

  /** Last price and the rolling 24h figures of a symbol. */
  async ticker(symbol: string): Promise<Ticker> {
    return mapTicker(await this.call(`/markets/${encodeURIComponent(symbol)}/ticker`), symbol);
  }

  /** Candles of a symbol, oldest first: the `limit` buckets up to now. */
  async candles(symbol: string, interval: CandleInterval, limit = 300): Promise<Candle[]> {
    return mapCandles(await this.call(`/markets/${encodeURIComponent(symbol)}/candles`, { query: { interval, limit } }));
  }

  /** Current order book of a symbol. */
  async orderBook(symbol: string, depth = 50): Promise<OrderBookSnapshot> {
    return mapBook(await this.call(`/markets/${encodeURIComponent(symbol)}/orderbook`, { query: { depth } }), symbol);
  }

  /** Recent public trades of a symbol, newest first. */
  async trades(symbol: string, limit = RECENT_TRADES): Promise<Trade[]> {
    return this.list(`/markets/${encodeURIComponent(symbol)}/trades`, (r) => mapTrade(r, symbol), { query: { limit } });
  }

  /** Creates a user; returns a session token (the API signs the new user in). */
  async register(email: string, password: string): Promise<string> {
    return tokenOf(await this.call("/auth/register", { method: "POST", body: { email, password } }));
  }

  /** Exchanges credentials for a session token. */
  async login(email: string, password: string): Promise<string> {
    return tokenOf(await this.call("/auth/login", { method: "POST", body: { email, password } }));
  }

  /** The user's balances. */
  async balances(token: string): Promise<Balance[]> {
    return this.list("/balances", mapBalance, { token });
  }

  /** Credits test funds; only works where the API enables dev deposits. */
  async devDeposit(token: string, asset: string, amount: string): Promise<void> {
    await this.call("/dev/deposit", { method: "POST", token, body: { asset, amount } });
  }

  /** The user's open orders, optionally for one symbol. */
  async openOrders(token: string, symbol?: string): Promise<Order[]> {
    return this.list("/orders/open", mapOrder, { token, query: { symbol } });
  }

  /** The user's finished orders (filled, cancelled, rejected), newest first, from the latest `limit` orders. */
  async orderHistory(token: string, symbol?: string, limit = 100): Promise<Order[]> {
    const all = await this.list("/orders", mapOrder, { token, query: { symbol, limit } });
    return all.filter((o) => o.status === "filled" || o.status === "cancelled" || o.status === "rejected");
  }

  /** The user's latest fills on a symbol, newest first. */
  async myTrades(token: string, symbol: string, limit = 50): Promise<Fill[]> {
    return this.list("/trades", mapFill, { token, query: { symbol, limit } });
  }

  /** Balances, open orders, order history and fills of a user for one symbol. */
  async account(token: string, symbol: string): Promise<AccountSnapshot> {
    const [balances, openOrders, orderHistory, trades] = await Promise.all([
      this.balances(token),
      this.openOrders(token, symbol),
      this.orderHistory(token, symbol),
      this.myTrades(token, symbol),
    ]);
    return { balances, openOrders, orderHistory, trades };
  }

  /** Submits an order; the API answers 202 with the order id before the engine has matched it. */
  async placeOrder(token: string, draft: OrderDraft): Promise<string> {
    const body: Record<string, string> = {
      symbol: draft.symbol,
      side: draft.side.toUpperCase(),
      type: draft.type.toUpperCase(),
      quantity: draft.quantity,
    };
    if (draft.type === "limit") {
      body.price = draft.price;
      body.timeInForce = draft.timeInForce;
    }
    const json = (await this.call("/orders", { method: "POST", token, body })) as Record<string, unknown>;
    const id = json.orderId ?? json.id;
    if (typeof id !== "string") throw new ApiCallError(202, ClientError.API_BAD_RESPONSE, "order accepted without an id");
    return id;
  }

  /** Requests a cancel; the engine confirms asynchronously. */
  async cancelOrder(token: string, orderId: string): Promise<void> {
    await this.call(`/orders/${encodeURIComponent(orderId)}`, { method: "DELETE", token });
  }

  /** The user's API keys (never their secrets). */
  async apiKeys(token: string): Promise<ApiKey[]> {
    return this.list("/api-keys", mapApiKey, { token });
  }

  /** Creates an API key with the given scopes; the secret is in this answer only. */
  async createApiKey(token: string, label: string, scopes: readonly ("read" | "trade")[] = ["read"]): Promise<CreatedApiKey> {
    return mapCreatedApiKey(await this.call("/api-keys", { method: "POST", token, body: { label, scopes } }));
  }

  /** Revokes an API key. */
  async revokeApiKey(token: string, id: string): Promise<void> {
    await this.call(`/api-keys/${encodeURIComponent(id)}`, { method: "DELETE", token });
  }
}

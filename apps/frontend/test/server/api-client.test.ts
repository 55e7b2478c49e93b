// @vitest-environment node
import { describe, expect, it, vi } from "vitest";
import { ApiCallError, ExchangeApi, isRateLimited, orRateLimited } from "@/server/api-client";

function fakeFetch(routes: Record<string, { status?: number; body: unknown }>) {
  return vi.fn(async (url: URL | RequestInfo, init?: RequestInit) => {
    const u = new URL(String(url));
    const route = routes[`${init?.method ?? "GET"} ${u.pathname}${u.search}`];
    if (!route) return new Response(JSON.stringify({ code: "NOT_FOUND", message: u.pathname }), { status: 404 });
    return new Response(JSON.stringify(route.body), { status: route.status ?? 200 });
  });
}

describe("ExchangeApi", () => {
  it("places an order with the bearer token and the client's address, and returns its id", async () => {
    const fetch = fakeFetch({ "POST /api/v1/orders": { status: 202, body: { orderId: "o-1", status: "ACCEPTED" } } });
    const api = new ExchangeApi("http://api", "203.0.113.9", fetch);
    const id = await api.placeOrder("jwt", {
      symbol: "BTC-USDT",
      side: "buy",
      type: "limit",
      timeInForce: "IOC",
      price: "100",
      quantity: "1",
    });
    expect(id).toBe("o-1");
    const [, init] = fetch.mock.calls[0];
    expect(JSON.parse(String(init?.body))).toEqual({
      symbol: "BTC-USDT",
      side: "BUY",
      type: "LIMIT",
      price: "100",
      quantity: "1",
      timeInForce: "IOC",
    });
    expect(init?.headers).toMatchObject({ authorization: "Bearer jwt", "x-forwarded-for": "203.0.113.9" });
  });

  it("sends a market order without price or time in force", async () => {
    const fetch = fakeFetch({ "POST /api/v1/orders": { status: 202, body: { orderId: "o-2" } } });
    await new ExchangeApi("http://api", null, fetch).placeOrder("jwt", {
      symbol: "BTC-USDT",
      side: "sell",
      type: "market",
      timeInForce: "IOC",
      price: "",
      quantity: "2",
    });
    expect(JSON.parse(String(fetch.mock.calls[0][1]?.body))).toEqual({ symbol: "BTC-USDT", side: "SELL", type: "MARKET", quantity: "2" });
  });

  it("fails with the API's coded error", async () => {
    const fetch = fakeFetch({
      "POST /api/v1/auth/login": { status: 401, body: { code: "INVALID_CREDENTIALS", message: "wrong email or password" } },
    });
    const err = await new ExchangeApi("http://api", null, fetch).login("a@b.co", "x").catch((e) => e);
    expect(err).toBeInstanceOf(ApiCallError);
    expect([err.status, err.code, err.message]).toEqual([401, "INVALID_CREDENTIALS", "wrong email or password"]);
  });

  it("fails with API_UNREACHABLE when the API does not answer", async () => {
    const fetch = vi.fn().mockRejectedValue(new TypeError("fetch failed"));
    const err = await new ExchangeApi("http://api", null, fetch).balances("jwt").catch((e) => e);
    expect([err.status, err.code]).toEqual([0, "API_UNREACHABLE"]);
  });

  it("maps orders and keeps only finished ones in the history", async () => {
    const order = (id: string, status: string) => ({
      id,
      symbol: "BTC-USDT",
      side: "BUY",
      type: "LIMIT",
      timeInForce: "GTC",
      price: "100",
      quantity: "1",
      filledQuantity: status === "FILLED" ? "1" : "0",
      status,
      rejectReason: null,
      createdAt: "2026-01-01T00:00:00.000Z",
    });
    const fetch = fakeFetch({
      "GET /api/v1/orders?symbol=BTC-USDT&limit=100": { body: [order("a", "NEW"), order("b", "FILLED"), order("c", "CANCELLED")] },
    });
    const history = await new ExchangeApi("http://api", null, fetch).orderHistory("jwt", "BTC-USDT");
    expect(history.map((o) => [o.id, o.status, o.side, o.createdAt])).toEqual([
      ["b", "filled", "buy", Date.UTC(2026, 0, 1)],
      ["c", "cancelled", "buy", Date.UTC(2026, 0, 1)],
    ]);
  });

  it("reads the ticker's 24h figures and computes the change against the 24h open", async () => {
    const fetch = fakeFetch({
      "GET /api/v1/markets/BTC-USDT/ticker": {
        body: { symbol: "BTC-USDT", lastPrice: "110", volume: "99", open24h: "100", high24h: "120", low24h: "95", volume24h: "2", quoteVolume24h: "210" },
      },
    });
    const t = await new ExchangeApi("http://api", null, fetch).ticker("BTC-USDT");
    expect(t).toEqual({
      symbol: "BTC-USDT",
      lastPrice: "110",
      open24h: "100",
      change24hPercent: "10.00",
      high24h: "120",
      low24h: "95",
      volume24h: "2",
      quoteVolume24h: "210",
    });
  });

  it("asks for the candles of an interval and maps them to chart bars in epoch seconds", async () => {
    const fetch = fakeFetch({
      "GET /api/v1/markets/BTC-USDT/candles?interval=5m&limit=300": {
        body: {
          symbol: "BTC-USDT",
          interval: "5m",
          nextBefore: "2026-01-01T00:00:00.000Z",
          candles: [{ openTime: "2026-01-02T10:05:00.000Z", open: "100", high: "120.5", low: "99", close: "110", volume: "1.25", trades: 3 }],
        },
      },
    });
    const candles = await new ExchangeApi("http://api", null, fetch).candles("BTC-USDT", "5m");
    expect(candles).toEqual([{ time: Date.UTC(2026, 0, 2, 10, 5) / 1000, open: 100, high: 120.5, low: 99, close: 110, volume: 1.25 }]);
  });

  it("reports a 429 as a rate limit with the time to wait, not as an unreachable exchange", async () => {
    const fetch = vi.fn(async () =>
      new Response(JSON.stringify({ code: "RATE_LIMITED", message: "Rate limit exceeded, retry in 7 seconds" }), {
        status: 429,
        headers: { "retry-after": "7" },
      })
    );
    const api = new ExchangeApi("http://api", "203.0.113.9", fetch);
    const page = await orRateLimited(api.instruments());
    expect(page).toEqual({ rateLimited: true, retryAfterSeconds: 7 });
    expect(isRateLimited(page)).toBe(true);
  });

  it("reports a proxy's non-JSON 429 page as a rate limit too", async () => {
    const fetch = vi.fn(async () => new Response("<html>slow down</html>", { status: 429 }));
    const err = await new ExchangeApi("http://api", null, fetch).instruments().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiCallError);
    expect([(err as ApiCallError).status, (err as ApiCallError).code]).toEqual([429, "HTTP_429"]);
  });

  it("lets other failures through orRateLimited", async () => {
    const fetch = vi.fn(async () => {
      throw new Error("ECONNREFUSED");
    });
    await expect(orRateLimited(new ExchangeApi("http://api", null, fetch).instruments())).rejects.toMatchObject({ code: "API_UNREACHABLE" });
  });
});

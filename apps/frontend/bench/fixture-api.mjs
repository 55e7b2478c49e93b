/**
 * A stand-in for the exchange API, for the Lighthouse benchmark only: it answers the public routes the
 * trading page reads with a fixed, realistic market (40 book levels, 100 trades and their candles) and
 * accepts WebSocket subscriptions, so the score measures the frontend and not the backend's speed or state.
 * The end-to-end test never uses it; it runs against the real API.
 */
import http from "node:http";
import { WebSocketServer } from "ws";

const SYMBOL = "BTC-USDT";
const MARKETS = [
  { symbol: "BTC-USDT", baseAsset: "BTC", quoteAsset: "USDT", tickSize: "0.01", lotSize: "0.0001", minQty: "0.0001", status: "TRADING" },
  { symbol: "ETH-USDT", baseAsset: "ETH", quoteAsset: "USDT", tickSize: "0.01", lotSize: "0.001", minQty: "0.001", status: "TRADING" },
];

/** Deterministic pseudo-random numbers (mulberry32) so every run draws the same page. */
function rng(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function book() {
  const r = rng(7);
  const level = (p) => [p.toFixed(2), (0.01 + r() * 2).toFixed(4)];
  return {
    symbol: SYMBOL,
    bids: Array.from({ length: 20 }, (_, i) => level(30000 - 0.5 - i * 2.5)),
    asks: Array.from({ length: 20 }, (_, i) => level(30000 + 0.5 + i * 2.5)),
    ts: Date.now(),
  };
}

function trades(now) {
  const r = rng(11);
  let price = 30000;
  return Array.from({ length: 100 }, (_, i) => {
    price += (r() - 0.5) * 20;
    return {
      id: `fx-${100 - i}`,
      symbol: SYMBOL,
      price: price.toFixed(2),
      quantity: (0.001 + r() * 0.5).toFixed(4),
      takerSide: r() > 0.5 ? "BUY" : "SELL",
      executedAt: new Date(now - i * 45_000).toISOString(),
    };
  });
}

/** The API's candle page for the fixed trades: one-minute OHLCV, oldest first (the chart's first load). */
function candles(list) {
  const byMinute = new Map();
  for (const t of [...list].reverse()) {
    const start = Math.floor(Date.parse(t.executedAt) / 60_000) * 60_000;
    const p = Number(t.price);
    const c = byMinute.get(start);
    if (!c) byMinute.set(start, { start, open: p, high: p, low: p, close: p, volume: Number(t.quantity), trades: 1 });
    else Object.assign(c, { high: Math.max(c.high, p), low: Math.min(c.low, p), close: p, volume: c.volume + Number(t.quantity), trades: c.trades + 1 });
  }
  const out = [...byMinute.values()].map((c) => ({
    openTime: new Date(c.start).toISOString(),
    open: c.open.toFixed(2),
    high: c.high.toFixed(2),
    low: c.low.toFixed(2),
    close: c.close.toFixed(2),
    volume: c.volume.toFixed(4),
    trades: c.trades,
  }));
  return { symbol: SYMBOL, interval: "1m", candles: out, nextBefore: out[0]?.openTime ?? new Date().toISOString() };
}

/** Starts the stand-in on a free port; resolves with its base URL and a close function. */
export async function startFixtureApi() {
  const now = Date.now();
  const fixedTrades = trades(now);
  const routes = {
    "/api/v1/markets": () => MARKETS,
    [`/api/v1/markets/${SYMBOL}/orderbook`]: () => book(),
    [`/api/v1/markets/${SYMBOL}/trades`]: () => fixedTrades,
    [`/api/v1/markets/${SYMBOL}/candles`]: () => candles(fixedTrades),
    [`/api/v1/markets/${SYMBOL}/ticker`]: () => ({
      symbol: SYMBOL,
      lastPrice: fixedTrades[0].price,
      open24h: fixedTrades.at(-1).price,
      high24h: "30150.00",
      low24h: "29870.00",
      volume24h: "24.5121",
      quoteVolume24h: "735384.12",
      source: "cache",
    }),
  };
  const server = http.createServer((req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    const route = routes[path];
    res.setHeader("content-type", "application/json");
    if (!route) {
      res.statusCode = 404;
      res.end(JSON.stringify({ code: "NOT_FOUND", message: path }));
      return;
    }
    res.end(JSON.stringify(route()));
  });
  const wss = new WebSocketServer({ server, path: "/ws" });
  wss.on("connection", (socket) => {
    socket.on("message", (raw) => {
      const msg = JSON.parse(String(raw));
      socket.send(JSON.stringify({ type: "subscribed", channel: msg.channel, key: msg.symbol }));
      if (msg.channel === "orderbook")
        socket.send(JSON.stringify({ type: "snapshot", channel: "orderbook", key: msg.symbol, data: book() }));
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.close(() => resolve());
      }),
  };
}

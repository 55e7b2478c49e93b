/**
 * The API's WebSocket protocol as the trading page uses it: what to send to subscribe and how to read
 * what arrives. Kept apart from the socket handling so a protocol change is one edit here.
 */
import { mapBook, mapTicker, mapTrade } from "./api-mappers";
import type { LevelChange } from "./book";
import type { OrderBookSnapshot, Ticker, Trade } from "./types";

/** An update the trading page applies. */
export type LiveEvent =
  | { readonly kind: "book"; readonly book: OrderBookSnapshot }
  | { readonly kind: "bookDelta"; readonly symbol: string; readonly changes: readonly LevelChange[]; readonly sequence?: number }
  | { readonly kind: "trades"; readonly trades: readonly Trade[] }
  | { readonly kind: "ticker"; readonly ticker: Ticker };

/** Public channels of one symbol. */
export function channelsFor(symbol: string): string[] {
  return [`orderbook:${symbol}`, `trades:${symbol}`, `ticker:${symbol}`];
}

/** The frames sent after (re)connecting. */
export function subscribeFrames(symbol: string): string[] {
  return [JSON.stringify({ op: "subscribe", channels: channelsFor(symbol) })];
}

function changesOf(raw: Record<string, unknown>): LevelChange[] {
  const out: LevelChange[] = [];
  for (const [key, side] of [
    ["bids", "bid"],
    ["asks", "ask"],
  ] as const) {
    const list = raw[key];
    if (!Array.isArray(list)) continue;
    for (const l of list) {
      if (Array.isArray(l)) out.push({ side, price: String(l[0]), quantity: String(l[1]) });
      else if (l && typeof l === "object") {
        const r = l as Record<string, unknown>;
        out.push({ side, price: String(r.price), quantity: String(r.quantity ?? r.qty) });
      }
    }
  }
  return out;
}

/** Parses one frame; returns null for frames the page ignores (acks, heartbeats, other symbols, garbage). */
export function parseFrame(text: string, symbol: string): LiveEvent | null {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    return null;
  }
  if (!msg || typeof msg !== "object") return null;
  const m = msg as Record<string, unknown>;
  const channel = typeof m.channel === "string" ? m.channel : "";
  const [topic, chSymbol] = channel.split(":");
  if (chSymbol !== symbol) return null;
  const data = m.data;
  const d = (data && typeof data === "object" ? data : {}) as Record<string, unknown>;
  switch (topic) {
    case "orderbook": {
      const type = typeof m.type === "string" ? m.type : typeof d.type === "string" ? d.type : "snapshot";
      if (type === "delta" || type === "update") {
        const seq = d.sequence ?? d.seq;
        return { kind: "bookDelta", symbol, changes: changesOf(d), sequence: typeof seq === "number" ? seq : undefined };
      }
      return { kind: "book", book: mapBook(d, symbol) };
    }
    case "trades": {
      const list = Array.isArray(data) ? data : [data];
      return { kind: "trades", trades: list.map((t) => mapTrade(t, symbol)) };
    }
    case "ticker":
      return { kind: "ticker", ticker: mapTicker(d, symbol) };
    default:
      return null;
  }
}

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
export const PUBLIC_CHANNELS = ["orderbook", "trades", "ticker"] as const;

/** The frames sent after (re)connecting: one subscription per public channel. */
export function subscribeFrames(symbol: string): string[] {
  return PUBLIC_CHANNELS.map((channel) => JSON.stringify({ op: "subscribe", channel, symbol }));
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
    }
  }
  return out;
}

/**
 * Parses one frame of the API's envelope `{type: "event"|"snapshot", channel, key, data}`.
 * Returns null for frames the page ignores (acks, pongs, errors, other symbols, garbage).
 * Order book frames carry the whole book unless `data.type` says "delta".
 */
export function parseFrame(text: string, symbol: string): LiveEvent | null {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    return null;
  }
  if (!msg || typeof msg !== "object") return null;
  const m = msg as Record<string, unknown>;
  if ((m.type !== "event" && m.type !== "snapshot") || m.key !== symbol) return null;
  const data = m.data;
  if (!data || typeof data !== "object") return null;
  const d = data as Record<string, unknown>;
  switch (m.channel) {
    case "orderbook": {
      if (d.type === "delta") {
        const seq = d.ts ?? d.sequence;
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

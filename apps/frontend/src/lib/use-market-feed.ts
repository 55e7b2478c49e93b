"use client";
import { useEffect, useReducer, useRef, useState } from "react";
import { applyLevelChanges } from "./book";
import { LiveFeed, type FeedStatus, type SocketFactory } from "./live-feed";
import { parseFrame, subscribeFrames, type LiveEvent } from "./live-protocol";
import { RECENT_TRADES, withTrade } from "./market-stats";
import type { ActionResult, OrderBookSnapshot, Ticker, Trade } from "./types";

/** Public state of one market as the trading page shows it. */
export interface MarketState {
  readonly book: OrderBookSnapshot;
  readonly trades: readonly Trade[];
  readonly ticker: Ticker;
}

/** Fetches a fresh copy of the market's public state (a server action in the app). */
export type LoadMarket = (symbol: string) => Promise<ActionResult<MarketState>>;

const MAX_TRADES = RECENT_TRADES;

type Action = LiveEvent | { readonly kind: "reset"; readonly state: MarketState };

function mergeTrades(existing: readonly Trade[], incoming: readonly Trade[]): Trade[] {
  const seen = new Set(existing.map((t) => t.id));
  const fresh = incoming.filter((t) => !seen.has(t.id));
  return [...fresh, ...existing].sort((a, b) => b.time - a.time).slice(0, MAX_TRADES);
}

/** Applies one live event; exported for tests. Old snapshots (lower sequence) are ignored. */
export function marketReducer(state: MarketState, action: Action): MarketState {
  switch (action.kind) {
    case "reset":
      // A snapshot fetched over REST may be older than a book the socket delivered meanwhile.
      return {
        ...action.state,
        book: isOlder(action.state.book, state.book) ? state.book : action.state.book,
        trades: mergeTrades(state.trades, action.state.trades),
      };
    case "book":
      return isOlder(action.book, state.book) ? state : { ...state, book: action.book };
    case "bookDelta":
      return { ...state, book: applyLevelChanges(state.book, action.changes, action.sequence) };
    case "trades": {
      const trades = mergeTrades(state.trades, action.trades);
      const fresh = action.trades.filter((t) => !state.trades.some((s) => s.id === t.id)).sort((a, b) => a.time - b.time);
      if (fresh.length === 0) return state;
      return { ...state, trades, ticker: fresh.reduce(withTrade, state.ticker) };
    }
    case "ticker":
      // The API's ticker is the record: a null 24h figure there means no trade in 24 hours.
      return { ...state, ticker: action.ticker };
  }
}

function isOlder(candidate: OrderBookSnapshot, current: OrderBookSnapshot): boolean {
  return candidate.sequence !== undefined && current.sequence !== undefined && candidate.sequence < current.sequence;
}


/** Options of {@link useMarketFeed}. */
export interface MarketFeedOptions {
  readonly symbol: string;
  readonly wsUrl: string;
  readonly initial: MarketState;
  readonly loadMarket: LoadMarket;
  /** Called on every live event, e.g. to refresh the user's orders after a trade. */
  readonly onActivity?: () => void;
  /** @default - the browser WebSocket */
  readonly createSocket?: SocketFactory;
}

/**
 * Live public market state: starts from the server-rendered snapshot, applies WebSocket updates,
 * reports connection status, and reloads the snapshot after a reconnect to cover the gap.
 */
export function useMarketFeed(opts: MarketFeedOptions): MarketState & { readonly status: FeedStatus } {
  const [state, dispatch] = useReducer(marketReducer, opts.initial);
  const [status, setStatus] = useState<FeedStatus>("connecting");
  const latest = useRef(opts);
  latest.current = opts;

  useEffect(() => {
    const { symbol, wsUrl, createSocket } = latest.current;
    const catchUp = async () => {
      const res = await latest.current.loadMarket(symbol).catch(() => null);
      if (res?.ok) dispatch({ kind: "reset", state: res.value });
      latest.current.onActivity?.();
    };
    const feed = new LiveFeed({
      url: wsUrl,
      createSocket,
      onOpenMessages: () => subscribeFrames(symbol),
      onStatus: setStatus,
      // Also on the first connect: the server-rendered snapshot may be older than the subscription.
      onOpen: () => void catchUp(),
      onMessage: (text) => {
        const ev = parseFrame(text, symbol);
        if (!ev) return;
        dispatch(ev);
        latest.current.onActivity?.();
      },
    });
    feed.start();
    return () => feed.stop();
  }, [opts.symbol, opts.wsUrl]);

  return { ...state, status };
}

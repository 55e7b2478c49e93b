import { addDecimal, compareDecimal, divideFloorToStep, isDecimal, multiplyDecimal, subtractDecimal } from "./decimal";
import type { BookLevel, OrderBookSnapshot } from "./types";

/** A change to one price level; quantity "0" removes the level. */
export interface LevelChange {
  readonly side: "bid" | "ask";
  readonly price: string;
  readonly quantity: string;
}

function sortLevels(levels: BookLevel[], side: "bid" | "ask"): BookLevel[] {
  return levels.sort((a, b) => (side === "bid" ? compareDecimal(b.price, a.price) : compareDecimal(a.price, b.price)));
}

/**
 * Applies level changes to a snapshot and returns a new snapshot (inputs are not mutated).
 * Malformed changes are skipped rather than corrupting the ladder; the next snapshot repairs anything missed.
 */
export function applyLevelChanges(book: OrderBookSnapshot, changes: readonly LevelChange[], sequence?: number): OrderBookSnapshot {
  const bids = new Map(book.bids.map((l) => [l.price, l.quantity]));
  const asks = new Map(book.asks.map((l) => [l.price, l.quantity]));
  for (const c of changes) {
    if (!isDecimal(c.price) || !isDecimal(c.quantity)) continue;
    const side = c.side === "bid" ? bids : asks;
    if (compareDecimal(c.quantity, "0") === 0) side.delete(c.price);
    else side.set(c.price, c.quantity);
  }
  const toLevels = (m: Map<string, string>) => [...m].map(([price, quantity]) => ({ price, quantity }));
  return {
    symbol: book.symbol,
    bids: sortLevels(toLevels(bids), "bid"),
    asks: sortLevels(toLevels(asks), "ask"),
    sequence: sequence ?? book.sequence,
  };
}

/** A ladder row: the level plus the running total used for depth bars. */
export interface LadderRow extends BookLevel {
  readonly total: string;
  /** Cumulative depth as a fraction of the deepest side shown, 0..1. */
  readonly depth: number;
}

/** The visible part of a book: best `rows` levels per side with cumulative totals, and the spread. */
export interface Ladder {
  /** Asks, best (lowest) last so they sit just above the spread row. */
  readonly asks: readonly LadderRow[];
  /** Bids, best (highest) first. */
  readonly bids: readonly LadderRow[];
  readonly spread: string | null;
  readonly spreadPercent: string | null;
  readonly mid: string | null;
}

function cumulate(levels: readonly BookLevel[], rows: number): { level: BookLevel; total: string }[] {
  let total = "0";
  return levels.slice(0, rows).map((level) => {
    total = addDecimal(total, level.quantity);
    return { level, total };
  });
}

/** Builds the ladder the order book component draws. */
export function buildLadder(book: OrderBookSnapshot, rows: number): Ladder {
  const bids = cumulate(book.bids, rows);
  const asks = cumulate(book.asks, rows);
  const deepest = Math.max(Number(bids.at(-1)?.total ?? 0), Number(asks.at(-1)?.total ?? 0), Number.MIN_VALUE);
  const toRow = ({ level, total }: { level: BookLevel; total: string }): LadderRow => ({
    ...level,
    total,
    depth: Math.min(1, Number(total) / deepest),
  });
  const bestBid = book.bids[0]?.price;
  const bestAsk = book.asks[0]?.price;
  let spread: string | null = null;
  let spreadPercent: string | null = null;
  let mid: string | null = null;
  if (bestBid !== undefined && bestAsk !== undefined) {
    const diff = Number(bestAsk) - Number(bestBid);
    const m = (Number(bestAsk) + Number(bestBid)) / 2;
    // Display-only figures: float precision is plenty for a spread label.
    const decimals = Math.max(bestAsk.split(".")[1]?.length ?? 0, bestBid.split(".")[1]?.length ?? 0);
    spread = diff.toFixed(decimals);
    mid = m.toFixed(decimals + 1);
    spreadPercent = m > 0 ? ((diff / m) * 100).toFixed(3) : null;
  }
  return { asks: asks.map(toRow).reverse(), bids: bids.map(toRow), spread, spreadPercent, mid };
}

/** What a market buy spending a quote amount gets from the asks as they stand. */
export interface QuoteFill {
  /** Base quantity, a multiple of the lot size. */
  readonly quantity: string;
  /** Quote cost of that quantity at the levels it takes. */
  readonly cost: string;
  /** Price of the last level it reaches; null when it buys nothing. */
  readonly worstPrice: string | null;
  /** Whether the asks ran out before the amount was spent. */
  readonly bookTooThin: boolean;
}

/**
 * Walks the asks (best first) spending `quote`, in exact decimals: whole levels while the money lasts,
 * then as many lots of the next level as the rest pays for.
 */
export function baseForQuote(asks: readonly BookLevel[], quote: string, lotSize: string): QuoteFill {
  let left = quote;
  let quantity = "0";
  let cost = "0";
  let worstPrice: string | null = null;
  for (const level of asks) {
    const partial = compareDecimal(multiplyDecimal(level.price, level.quantity), left) > 0;
    const take = partial ? divideFloorToStep(left, level.price, lotSize) : level.quantity;
    if (compareDecimal(take, "0") <= 0) return { quantity, cost, worstPrice, bookTooThin: false };
    const paid = multiplyDecimal(level.price, take);
    quantity = addDecimal(quantity, take);
    cost = addDecimal(cost, paid);
    left = subtractDecimal(left, paid);
    worstPrice = level.price;
    if (partial) return { quantity, cost, worstPrice, bookTooThin: false };
  }
  return { quantity, cost, worstPrice, bookTooThin: compareDecimal(left, "0") > 0 };
}

import { addDecimal } from "./decimal";
import type { BookLevel, OrderBookSnapshot } from "./types";

/** One step of a depth curve: at `price` and beyond, `total` base quantity rests on this side. */
export interface DepthStep {
  readonly price: number;
  readonly total: number;
}

/** Cumulative depth of both sides for a depth chart; exact totals as strings for labels. */
export interface DepthCurve {
  /** Best bid first, falling prices, rising totals. */
  readonly bids: readonly DepthStep[];
  /** Best ask first, rising prices, rising totals. */
  readonly asks: readonly DepthStep[];
  readonly bidTotal: string;
  readonly askTotal: string;
  /** Price range to draw: the outermost levels plus a tenth, with equal room either side of the mid. */
  readonly minPrice: number;
  readonly maxPrice: number;
  /** Largest cumulative total of either side (the top of the y axis). */
  readonly maxTotal: number;
}

function cumulate(levels: readonly BookLevel[]): { steps: DepthStep[]; total: string } {
  let total = "0";
  const steps = levels.map((l) => {
    total = addDecimal(total, l.quantity);
    return { price: Number(l.price), total: Number(total) };
  });
  return { steps, total };
}

/**
 * The depth curve of a book (levels best first, as the API sends them), or null for an empty book.
 * The range is centred on the mid price so the spread sits in the middle of the chart.
 */
export function depthCurve(book: OrderBookSnapshot): DepthCurve | null {
  const bids = cumulate(book.bids);
  const asks = cumulate(book.asks);
  const prices = [...bids.steps, ...asks.steps].map((s) => s.price);
  if (prices.length === 0) return null;
  const lo = Math.min(...prices);
  const hi = Math.max(...prices);
  const bestBid = bids.steps[0]?.price;
  const bestAsk = asks.steps[0]?.price;
  const mid = bestBid !== undefined && bestAsk !== undefined ? (bestBid + bestAsk) / 2 : (bestBid ?? bestAsk)!;
  // Equal room either side of the mid; a single price gets a small band so it is not a zero-width chart.
  // A tenth more on each side, so the outermost level's step is not drawn on the chart's edge.
  const half = (Math.max(mid - lo, hi - mid) || Math.max(mid * 0.001, 1e-9)) * 1.1;
  return {
    bids: bids.steps,
    asks: asks.steps,
    bidTotal: bids.total,
    askTotal: asks.total,
    minPrice: mid - half,
    maxPrice: mid + half,
    maxTotal: Math.max(bids.steps.at(-1)?.total ?? 0, asks.steps.at(-1)?.total ?? 0),
  };
}

/**
 * The closed SVG path of one side's area in a `width` × `height` box (y down): a staircase from the best
 * price outwards, rising by each level's quantity, running on flat to the chart's edge.
 */
export function depthPath(curve: DepthCurve, side: "bid" | "ask", width: number, height: number): string {
  const steps = side === "bid" ? curve.bids : curve.asks;
  if (steps.length === 0 || curve.maxTotal <= 0) return "";
  const x = (p: number) => ((p - curve.minPrice) / (curve.maxPrice - curve.minPrice)) * width;
  const y = (t: number) => height - (t / curve.maxTotal) * height;
  const f = (n: number) => Number(n.toFixed(2));
  const parts = [`M${f(x(steps[0].price))},${height}`];
  let prevY = height;
  for (const s of steps) {
    parts.push(`L${f(x(s.price))},${f(prevY)}`, `L${f(x(s.price))},${f(y(s.total))}`);
    prevY = y(s.total);
  }
  const edge = side === "bid" ? 0 : width;
  parts.push(`L${edge},${f(prevY)}`, `L${edge},${height}`, "Z");
  return parts.join(" ");
}

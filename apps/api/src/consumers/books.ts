import type { InstrumentRules } from '../lib/instruments.js';
import type { OrderbookMessage } from '../lib/engine-contract.js';

/** Levels kept in the Redis snapshot of a book; deeper levels stay in memory only. */
export const CACHED_DEPTH = 200;

type Side = Map<number, number>;

/**
 * The order books rebuilt from orderbook_output: a snapshot replaces a book, a delta sets the total
 * quantity of each level it names (0 removes the level). Applying a delta twice is harmless.
 */
export class Books {
  private readonly books = new Map<string, { bids: Side; asks: Side }>();

  apply(m: OrderbookMessage): void {
    let book = this.books.get(m.symbol);
    if (!book || m.type === 'BOOK_SNAPSHOT') {
      book = { bids: new Map(), asks: new Map() };
      this.books.set(m.symbol, book);
    }
    for (const [levels, side] of [[m.bids, book.bids], [m.asks, book.asks]] as const) {
      for (const [price, qty] of levels) {
        if (qty === 0) side.delete(price);
        else side.set(price, qty);
      }
    }
  }

  /** The book in API units, best levels first, at most `depth` per side. */
  view(symbol: string, rules: InstrumentRules, depth = CACHED_DEPTH) {
    const book = this.books.get(symbol) ?? { bids: new Map(), asks: new Map() };
    const side = (s: Side, dir: 1 | -1): [string, string][] =>
      [...s.entries()]
        .sort((a, b) => dir * (a[0] - b[0]))
        .slice(0, depth)
        .map(([p, q]) => [rules.price(p), rules.quantity(q)]);
    return { symbol, bids: side(book.bids, -1), asks: side(book.asks, 1) };
  }
}

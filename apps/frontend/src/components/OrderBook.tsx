import { buildLadder, type LadderRow } from "@/lib/book";
import { formatAmount, formatPrice } from "@/lib/format";
import type { Market, OrderBookSnapshot } from "@/lib/types";

/** Props of {@link OrderBook}. */
export interface OrderBookProps {
  readonly market: Market;
  readonly book: OrderBookSnapshot;
  readonly priceDecimals: number;
  readonly sizeDecimals: number;
  /** Levels shown per side. @default 12 */
  readonly rows?: number;
  /** Called when the user picks a level, to copy its price into the order form. */
  readonly onPickPrice?: (price: string) => void;
}

function Row(props: {
  row: LadderRow;
  side: "bid" | "ask";
  priceDecimals: number;
  sizeDecimals: number;
  onPick?: (price: string) => void;
}) {
  const { row, side, priceDecimals, sizeDecimals, onPick } = props;
  const price = formatPrice(row.price, priceDecimals);
  const qty = formatAmount(row.quantity, sizeDecimals);
  const total = formatAmount(row.total, sizeDecimals);
  return (
    <li>
      <button
        type="button"
        className={`ladder-row ladder-${side}`}
        style={{ "--depth": `${(row.depth * 100).toFixed(1)}%` } as React.CSSProperties}
        onClick={() => onPick?.(row.price)}
        title="Use this price"
      >
        {/* The name is the visible text plus a hidden side, so speech input can say what it sees. */}
        <span className="visually-hidden">{side === "bid" ? "Bid" : "Ask"}</span> <span className="ladder-price">{price}</span>{" "}
        <span className="num">{qty}</span> <span className="num">{total}</span>
      </button>
    </li>
  );
}

/** The live order book ladder: asks above, bids below, depth bars and the spread between them. */
export function OrderBook({ market, book, priceDecimals, sizeDecimals, rows = 12, onPickPrice }: OrderBookProps) {
  const ladder = buildLadder(book, rows);
  return (
    <section className="panel book" aria-labelledby="book-title">
      <h2 id="book-title" className="panel-title">
        Order book
      </h2>
      <div className="ladder-head" aria-hidden="true">
        <span>Price ({market.quoteAsset})</span>
        <span className="num">Amount ({market.baseAsset})</span>
        <span className="num">Total</span>
      </div>
      <ol className="ladder ladder-asks" aria-label="Asks, lowest price last">
        {ladder.asks.length === 0 ? <li className="empty">No asks</li> : null}
        {ladder.asks.map((r) => (
          <Row key={r.price} row={r} side="ask" priceDecimals={priceDecimals} sizeDecimals={sizeDecimals} onPick={onPickPrice} />
        ))}
      </ol>
      <p className="spread" aria-label="Spread">
        {ladder.spread === null ? (
          "Spread —"
        ) : (
          <>
            Spread {formatPrice(ladder.spread, priceDecimals)} <span className="muted">({ladder.spreadPercent}%)</span>
          </>
        )}
      </p>
      <ol className="ladder ladder-bids" aria-label="Bids, highest price first">
        {ladder.bids.length === 0 ? <li className="empty">No bids</li> : null}
        {ladder.bids.map((r) => (
          <Row key={r.price} row={r} side="bid" priceDecimals={priceDecimals} sizeDecimals={sizeDecimals} onPick={onPickPrice} />
        ))}
      </ol>
    </section>
  );
}

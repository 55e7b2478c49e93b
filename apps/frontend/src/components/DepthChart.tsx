import { depthCurve, depthPath } from "@/lib/depth";
import { formatAmount, formatPrice } from "@/lib/format";
import type { Market, OrderBookSnapshot } from "@/lib/types";

/** Props of {@link DepthChart}. */
export interface DepthChartProps {
  readonly market: Market;
  readonly book: OrderBookSnapshot;
  readonly priceDecimals: number;
  readonly sizeDecimals: number;
}

const W = 600;
const H = 200;

/**
 * Depth chart: cumulative bid (left, green) and ask (right, red) quantity against price, from the live
 * book. Plain SVG: it redraws with every book update at no cost, and its labels are real text.
 */
export function DepthChart({ market, book, priceDecimals, sizeDecimals }: DepthChartProps) {
  const curve = depthCurve(book);
  const price = (p: number) => formatPrice(p.toFixed(priceDecimals), priceDecimals);
  const size = (q: string) => formatAmount(q, sizeDecimals);
  const bids = book.bids;
  const asks = book.asks;
  const summary = curve
    ? [
        bids.length > 0 ? `bids ${size(curve.bidTotal)} ${market.baseAsset} from ${formatPrice(bids[0].price, priceDecimals)} down to ${formatPrice(bids.at(-1)!.price, priceDecimals)}` : "no bids",
        asks.length > 0 ? `asks ${size(curve.askTotal)} ${market.baseAsset} from ${formatPrice(asks[0].price, priceDecimals)} up to ${formatPrice(asks.at(-1)!.price, priceDecimals)}` : "no asks",
      ].join("; ")
    : "the book is empty";
  return (
    <section className="panel depth" aria-labelledby="depth-title">
      <h2 id="depth-title" className="panel-title">
        Depth <span className="muted">({market.baseAsset})</span>
      </h2>
      <figure className="depth-figure" role="img" aria-label={`Market depth: ${summary}`}>
        {curve ? (
          <>
            <svg className="depth-svg" viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" aria-hidden="true">
              <line x1={W / 2} x2={W / 2} y1={0} y2={H} className="depth-mid" />
              <path d={depthPath(curve, "bid", W, H)} className="depth-bid" />
              <path d={depthPath(curve, "ask", W, H)} className="depth-ask" />
            </svg>
            <div className="depth-axis" aria-hidden="true">
              <span>{price(curve.minPrice)}</span>
              <span>{price((curve.minPrice + curve.maxPrice) / 2)}</span>
              <span>{price(curve.maxPrice)}</span>
            </div>
            <dl className="depth-totals">
              <div className="change-up">
                <dt>Bids</dt>
                <dd>{size(curve.bidTotal)}</dd>
              </div>
              <div className="change-down">
                <dt>Asks</dt>
                <dd>{size(curve.askTotal)}</dd>
              </div>
            </dl>
          </>
        ) : (
          <p className="chart-empty">No orders in the book</p>
        )}
      </figure>
    </section>
  );
}

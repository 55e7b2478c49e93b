import { formatAmount, formatPrice, formatTime } from "@/lib/format";
import type { Market, Trade } from "@/lib/types";

/** Props of {@link RecentTrades}. */
export interface RecentTradesProps {
  readonly market: Market;
  readonly trades: readonly Trade[];
  readonly priceDecimals: number;
  readonly sizeDecimals: number;
  /** @default 30 */
  readonly limit?: number;
}

/** The tape: newest trades first, coloured by the taker's side. */
export function RecentTrades({ market, trades, priceDecimals, sizeDecimals, limit = 30 }: RecentTradesProps) {
  return (
    <section className="panel trades" aria-labelledby="trades-title">
      <h2 id="trades-title" className="panel-title">
        Recent trades
      </h2>
      {trades.length === 0 ? (
        <p className="empty">No trades yet</p>
      ) : (
        // Focusable so keyboard users can scroll the tape when it is taller than its panel.
        <div className="trades-scroll" tabIndex={0}>
          <table className="data-table compact">
            <thead>
              <tr>
                <th scope="col">Price ({market.quoteAsset})</th>
                <th scope="col" className="num">
                  Amount ({market.baseAsset})
                </th>
                <th scope="col" className="num">
                  Time (UTC)
                </th>
              </tr>
            </thead>
            <tbody>
              {trades.slice(0, limit).map((t) => (
                <tr key={t.id}>
                  <td className={t.side === "buy" ? "change-up" : "change-down"}>
                    {formatPrice(t.price, priceDecimals)}
                    <span className="visually-hidden"> {t.side === "buy" ? "buy" : "sell"}</span>
                  </td>
                  <td className="num">{formatAmount(t.quantity, sizeDecimals)}</td>
                  <td className="num muted">{formatTime(t.time)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

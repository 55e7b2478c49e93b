import { formatAmount, formatDateTime, formatPrice } from "@/lib/format";
import type { Fill, Market } from "@/lib/types";
import { multiplyDecimal } from "@/lib/decimal";

/** Props of {@link FillsTable}. */
export interface FillsTableProps {
  readonly market: Market;
  readonly fills: readonly Fill[];
  readonly priceDecimals: number;
  readonly sizeDecimals: number;
}

/** The signed-in user's own trades on the market, newest first: side, price, amount, total and maker/taker. */
export function FillsTable({ market, fills, priceDecimals, sizeDecimals }: FillsTableProps) {
  if (fills.length === 0) return <p className="empty">No trades yet</p>;
  return (
    <div className="table-scroll">
      <table className="data-table compact">
        <thead>
          <tr>
            <th scope="col">Time (UTC)</th>
            <th scope="col">Side</th>
            <th scope="col" className="num">
              Price ({market.quoteAsset})
            </th>
            <th scope="col" className="num">
              Amount ({market.baseAsset})
            </th>
            <th scope="col" className="num">
              Total ({market.quoteAsset})
            </th>
            <th scope="col">Role</th>
          </tr>
        </thead>
        <tbody>
          {fills.map((f) => (
            // A self-trade is listed once per side under one trade id.
            <tr key={`${f.id}/${f.side}`}>
              <td className="muted">{formatDateTime(f.time)}</td>
              <td className={f.side === "buy" ? "change-up" : "change-down"}>{f.side === "buy" ? "Buy" : "Sell"}</td>
              <td className="num">{formatPrice(f.price, priceDecimals)}</td>
              <td className="num">{formatAmount(f.quantity, sizeDecimals)}</td>
              <td className="num">{formatAmount(multiplyDecimal(f.price, f.quantity), priceDecimals)}</td>
              <td className="muted">{f.liquidity === "maker" ? "Maker" : "Taker"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

import Link from "next/link";
import { decimalsOf } from "@/lib/decimal";
import { direction, formatAmount, formatPercent, formatPrice } from "@/lib/format";
import type { Market } from "@/lib/types";

/** Props of {@link MarketsTable}. */
export interface MarketsTableProps {
  readonly markets: readonly Market[];
}

/** The markets list: symbol, last price, 24h change and volume, each row linking to its trading page. */
export function MarketsTable({ markets }: MarketsTableProps) {
  if (markets.length === 0) {
    return <p className="empty">No markets are listed yet.</p>;
  }
  return (
    <table className="data-table markets-table">
      <caption className="visually-hidden">Markets</caption>
      <thead>
        <tr>
          <th scope="col">Market</th>
          <th scope="col" className="num">
            Last price
          </th>
          <th scope="col" className="num">
            24h change
          </th>
          <th scope="col" className="num hide-narrow">
            24h volume
          </th>
        </tr>
      </thead>
      <tbody>
        {markets.map((m) => (
          <tr key={m.symbol}>
            <th scope="row">
              <Link href={`/trade/${m.symbol}`} className="market-link">
                <span className="market-base">{m.baseAsset}</span>
                <span className="market-quote">/{m.quoteAsset}</span>
              </Link>
            </th>
            <td className="num">{formatPrice(m.lastPrice, decimalsOf(m.tickSize))}</td>
            <td className={`num change-${direction(m.change24hPercent)}`}>{formatPercent(m.change24hPercent)}</td>
            <td className="num hide-narrow">{formatAmount(m.volume24h)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

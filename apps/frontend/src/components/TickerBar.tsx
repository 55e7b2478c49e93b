import Link from "next/link";
import type { FeedStatus } from "@/lib/live-feed";
import { direction, formatAmount, formatPercent, formatPrice } from "@/lib/format";
import type { Market, Ticker } from "@/lib/types";
import { ConnectionStatus } from "./ConnectionStatus";

/** Props of {@link TickerBar}. */
export interface TickerBarProps {
  readonly market: Market;
  /** Markets to switch to; the current one is marked. */
  readonly markets: readonly Market[];
  readonly ticker: Ticker;
  readonly priceDecimals: number;
  readonly status: FeedStatus;
}

/** The strip above the trading page: market name, last price, 24h statistics and connection state. */
export function TickerBar({ market, markets, ticker, priceDecimals, status }: TickerBarProps) {
  const dir = direction(ticker.change24hPercent);
  return (
    <section className="panel ticker" aria-label={`${market.symbol} ticker`}>
      <h1 className="ticker-symbol">
        {market.baseAsset}
        <span className="market-quote">/{market.quoteAsset}</span>
      </h1>
      <p className={`ticker-last change-${dir}`} aria-label="Last price">
        {formatPrice(ticker.lastPrice, priceDecimals)}
      </p>
      <dl className="ticker-stats">
        <div>
          <dt>24h change</dt>
          <dd className={`change-${dir}`}>{formatPercent(ticker.change24hPercent)}</dd>
        </div>
        <div>
          <dt>24h high</dt>
          <dd>{formatPrice(ticker.high24h, priceDecimals)}</dd>
        </div>
        <div>
          <dt>24h low</dt>
          <dd>{formatPrice(ticker.low24h, priceDecimals)}</dd>
        </div>
        <div>
          <dt>24h volume ({market.baseAsset})</dt>
          <dd>{formatAmount(ticker.volume24h)}</dd>
        </div>
        <div className="hide-narrow">
          <dt>24h volume ({market.quoteAsset})</dt>
          <dd>{formatAmount(ticker.quoteVolume24h, priceDecimals)}</dd>
        </div>
      </dl>
      {markets.length > 1 ? (
        <nav aria-label="Switch market" className="market-switch">
          {markets.map((m) => (
            <Link key={m.symbol} href={`/trade/${m.symbol}`} aria-current={m.symbol === market.symbol ? "page" : undefined}>
              {m.baseAsset}/{m.quoteAsset}
            </Link>
          ))}
        </nav>
      ) : null}
      <ConnectionStatus status={status} />
    </section>
  );
}

"use client";
import { useCallback, useState } from "react";
import { decimalsOf } from "@/lib/decimal";
import type { SocketFactory } from "@/lib/live-feed";
import { useAccount, type LoadAccount } from "@/lib/use-account";
import { useFillStream, type FillSourceFactory } from "@/lib/fill-stream";
import { useFillNotices } from "@/lib/use-fill-notices";
import { useMarketFeed, type LoadMarket, type MarketState } from "@/lib/use-market-feed";
import type { AccountSnapshot, ActionResult, Fill, Market, OrderDraft } from "@/lib/types";
import { BalancesTable } from "./BalancesTable";
import { DepthChart } from "./DepthChart";
import { FillsTable } from "./FillsTable";
import { FillToasts } from "./FillToasts";
import { OrderBook } from "./OrderBook";
import { OrderForm, type PricePick } from "./OrderForm";
import { OrdersTable } from "./OrdersTable";
import { PriceChart, type LoadCandles } from "./PriceChart";
import { RecentTrades } from "./RecentTrades";
import { Tabs } from "./Tabs";
import { TickerBar } from "./TickerBar";

/** What the trading page may do on the user's behalf; server actions in the app, fakes in tests. */
export interface TradingActions {
  readonly loadMarket: LoadMarket;
  readonly loadAccount: LoadAccount;
  readonly loadCandles: LoadCandles;
  readonly placeOrder: (draft: OrderDraft) => Promise<ActionResult<string>>;
  readonly cancelOrder: (orderId: string) => Promise<ActionResult<null>>;
  /** Present only where test deposits are enabled. */
  readonly depositTestFunds?: () => Promise<ActionResult<null>>;
}

/** Props of {@link TradingView}. */
export interface TradingViewProps {
  readonly market: Market;
  /** Every market, for the switcher. @default - only this market */
  readonly markets?: readonly Market[];
  readonly initial: MarketState;
  /** Null when signed out. */
  readonly account: AccountSnapshot | null;
  readonly wsUrl: string;
  readonly actions: TradingActions;
  /** @default - the browser WebSocket */
  readonly createSocket?: SocketFactory;
  /** Where the signed-in user's fills stream from (Server-Sent Events). @default - no stream; fills show on refresh */
  readonly fillsUrl?: string;
  /** @default - the browser EventSource */
  readonly createFillSource?: FillSourceFactory;
}

/**
 * The trading page: ticker, candles with volume, depth, live book, tape, order form, and the user's
 * orders, trades and balances with a notification for each new fill.
 */
export function TradingView({
  market,
  markets = [market],
  initial,
  account: initialAccount,
  wsUrl,
  actions,
  createSocket,
  fillsUrl,
  createFillSource,
}: TradingViewProps) {
  const signedIn = initialAccount !== null;
  const {
    account,
    error: accountError,
    refresh,
  } = useAccount({
    symbol: market.symbol,
    signedIn,
    initial: initialAccount,
    loadAccount: actions.loadAccount,
  });
  const { book, trades, ticker, status } = useMarketFeed({
    symbol: market.symbol,
    wsUrl,
    initial,
    loadMarket: actions.loadMarket,
    onActivity: refresh,
    createSocket,
  });
  const { notices, dismiss, announce } = useFillNotices(account?.trades ?? null);
  // Pushed fills are announced at once; the refresh then lists them (and is the fallback without a stream).
  const onPushedFill = useCallback(
    (fill: Fill) => {
      if (fill.symbol !== market.symbol) return;
      announce(fill);
      refresh();
    },
    [market.symbol, announce, refresh]
  );
  useFillStream(signedIn && fillsUrl ? fillsUrl : null, onPushedFill, createFillSource);
  const [pick, setPick] = useState<PricePick | null>(null);
  const onPickPrice = useCallback((price: string) => setPick((p) => ({ price, nonce: (p?.nonce ?? 0) + 1 })), []);

  // The user's own actions change their orders and balances: refresh once the API has answered.
  const placeOrder = useCallback((draft: OrderDraft) => actions.placeOrder(draft).finally(refresh), [actions, refresh]);
  const cancelOrder = useCallback((orderId: string) => actions.cancelOrder(orderId).finally(refresh), [actions, refresh]);

  const priceDecimals = decimalsOf(market.tickSize);
  const sizeDecimals = decimalsOf(market.lotSize);
  const decimals = { priceDecimals, sizeDecimals };
  const returnTo = `/trade/${market.symbol}`;

  return (
    <div className="trade-grid">
      <div className="area-ticker">
        <TickerBar market={market} markets={markets} ticker={ticker} priceDecimals={priceDecimals} status={status} />
      </div>
      <div className="area-chart">
        <PriceChart symbol={market.symbol} trades={trades} loadCandles={actions.loadCandles} priceDecimals={priceDecimals} />
      </div>
      <div className="area-depth">
        <DepthChart market={market} book={book} priceDecimals={priceDecimals} sizeDecimals={sizeDecimals} />
      </div>
      <div className="area-book">
        <OrderBook market={market} book={book} priceDecimals={priceDecimals} sizeDecimals={sizeDecimals} onPickPrice={onPickPrice} />
      </div>
      <div className="area-form">
        <OrderForm
          market={market}
          balances={account?.balances ?? null}
          bestBid={book.bids[0]?.price ?? null}
          bestAsk={book.asks[0]?.price ?? null}
          asks={book.asks}
          pick={pick}
          onSubmit={placeOrder}
          returnTo={returnTo}
        />
      </div>
      <div className="area-trades">
        <RecentTrades market={market} trades={trades} priceDecimals={priceDecimals} sizeDecimals={sizeDecimals} />
      </div>
      <section className="panel area-account" aria-label="Your orders and balances">
        {account === null ? (
          <p className="empty">Sign in to see your orders and balances.</p>
        ) : (
          <>
            {accountError ? (
              <p className="field-error" role="alert">
                {accountError}
              </p>
            ) : null}
            <Tabs
              label="Your account"
              tabs={[
                {
                  key: "open",
                  label: `Open orders (${account.openOrders.length})`,
                  panel: <OrdersTable orders={account.openOrders} {...decimals} emptyText="No open orders" onCancel={cancelOrder} />,
                },
                {
                  key: "history",
                  label: "Order history",
                  panel: <OrdersTable orders={account.orderHistory} {...decimals} emptyText="No past orders" />,
                },
                {
                  key: "trades",
                  label: "My trades",
                  panel: <FillsTable market={market} fills={account.trades} {...decimals} />,
                },
                {
                  key: "balances",
                  label: "Balances",
                  panel: <BalancesTable balances={account.balances} onDeposit={actions.depositTestFunds} onChanged={refresh} />,
                },
              ]}
            />
          </>
        )}
      </section>
      <FillToasts market={market} notices={notices} priceDecimals={priceDecimals} onDismiss={dismiss} />
    </div>
  );
}

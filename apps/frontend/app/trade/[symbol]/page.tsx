import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { RateLimitNotice } from "@/components/RateLimitNotice";
import { TradingView } from "@/components/TradingView";
import { isRateLimited, orRateLimited } from "@/server/api-client";
import {
  cancelOrderAction,
  depositTestFundsAction,
  loadAccountAction,
  loadCandlesAction,
  loadMarketAction,
  placeOrderAction,
} from "@/server/actions";
import { loadServerConfig } from "@/server/config";
import { loadTradingPage } from "@/server/loaders";

type Params = { params: Promise<{ symbol: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { symbol } = await params;
  return { title: decodeURIComponent(symbol) };
}

/** The trading page of one symbol; 404 when the API does not list it. */
export default async function TradePage({ params }: Params) {
  const symbol = decodeURIComponent((await params).symbol).toUpperCase();
  const data = await orRateLimited(loadTradingPage(symbol));
  if (isRateLimited(data)) return <RateLimitNotice retryAfterSeconds={data.retryAfterSeconds} />;
  if (!data.market) notFound();
  return (
    <TradingView
      market={data.market}
      markets={data.markets}
      initial={data.initial}
      account={data.account}
      wsUrl={data.config.wsUrl}
      fillsUrl="/api/fills"
      actions={{
        loadMarket: loadMarketAction,
        loadAccount: loadAccountAction,
        loadCandles: loadCandlesAction,
        placeOrder: placeOrderAction,
        cancelOrder: cancelOrderAction,
        depositTestFunds: loadServerConfig().devDeposits ? depositTestFundsAction : undefined,
      }}
    />
  );
}

import "server-only";
import type { AccountSnapshot, ApiKey, Market, PublicConfig } from "@/lib/types";
import { mapTicker } from "@/lib/api-mappers";
import type { MarketState } from "@/lib/use-market-feed";
import { ApiCallError } from "./api-client";
import { publicConfig } from "./config";
import { exchange } from "./exchange";
import { getSession } from "./session";

/** Data of the trading page; null market means the symbol is unknown. */
export interface TradingPageData {
  readonly market: Market | null;
  /** Every market, for the switcher. */
  readonly markets: readonly Market[];
  readonly initial: MarketState;
  readonly account: AccountSnapshot | null;
  readonly config: PublicConfig;
}

/** Markets with their latest prices, for the home page. */
export async function loadMarketsPage(): Promise<Market[]> {
  return (await exchange()).markets();
}

/** Everything the trading page renders first; live updates take over in the browser. */
export async function loadTradingPage(symbol: string): Promise<TradingPageData> {
  const api = await exchange();
  const session = await getSession();
  const [markets, book, trades, ticker] = await Promise.all([
    api.instruments(),
    api.orderBook(symbol).catch(() => ({ symbol, bids: [], asks: [] })),
    api.trades(symbol).catch(() => []),
    api.ticker(symbol).catch(() => mapTicker({}, symbol)),
  ]);
  const market = markets.find((m) => m.symbol === symbol) ?? null;
  let account: AccountSnapshot | null = null;
  if (session && market) {
    try {
      account = await api.account(session.token, symbol);
    } catch (err) {
      // An expired session renders the page signed out; the header still offers sign-in.
      if (!(err instanceof ApiCallError && err.status === 401)) throw err;
    }
  }
  return { market, markets, initial: { book, trades, ticker }, account, config: publicConfig() };
}

/** The signed-in user's API keys; null when signed out. */
export async function loadApiKeysPage(): Promise<ApiKey[] | null> {
  const session = await getSession();
  if (!session) return null;
  return (await exchange()).apiKeys(session.token);
}

/** Email of the signed-in user for the header, or null. */
export async function currentUser(): Promise<string | null> {
  return (await getSession())?.email ?? null;
}

"use server";
/**
 * Server actions: the browser's only way to act as the user. They run on the Next server, read the
 * httpOnly session cookie and call the API, so the JWT never reaches client JavaScript.
 * Every argument comes from the browser and is checked here before use.
 */
import { redirect } from "next/navigation";
import { isCandleInterval, type Candle, type CandleInterval } from "@/lib/candles";
import { isDecimal } from "@/lib/decimal";
import { ActionError } from "@/lib/errors";
import { safeReturnPath } from "@/lib/safe-path";
import type {
  AccountSnapshot,
  ActionResult,
  ApiKey,
  AuthFormState,
  CreatedApiKey,
  OrderBookSnapshot,
  OrderDraft,
  Ticker,
  Trade,
} from "@/lib/types";
import { ApiCallError, type ExchangeApi } from "./api-client";
import { loadServerConfig } from "./config";
import { exchange } from "./exchange";
import { endSession, getSession, startSession } from "./session";

const SYMBOL_RE = /^[A-Z0-9]{1,12}-[A-Z0-9]{1,12}$/;
const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;
/** Test-fund amounts for the dev deposit button: enough to trade both sample markets. */
const TEST_FUNDS: ReadonlyArray<readonly [string, string]> = [
  ["USDT", "100000"],
  ["BTC", "5"],
  ["ETH", "50"],
];

function fail<T>(err: unknown): ActionResult<T> {
  if (err instanceof ApiCallError) return { ok: false, code: err.code, message: err.message };
  throw err;
}

const badInput = <T>(message: string): ActionResult<T> => ({ ok: false, code: ActionError.BAD_INPUT, message });
const matches = (re: RegExp, value: unknown): value is string => typeof value === "string" && re.test(value);

/** Runs `fn` as the signed-in user; a 401 from the API ends the session so the page offers sign-in. */
async function withSession<T>(fn: (api: ExchangeApi, token: string) => Promise<T>): Promise<ActionResult<T>> {
  const session = await getSession();
  if (!session) return { ok: false, code: ActionError.SIGNED_OUT, message: "Sign in to trade" };
  try {
    return { ok: true, value: await fn(await exchange(), session.token) };
  } catch (err) {
    if (err instanceof ApiCallError && err.status === 401) {
      await endSession();
      return { ok: false, code: ActionError.SIGNED_OUT, message: "Your session has ended; sign in again" };
    }
    return fail(err);
  }
}

function credentials(form: FormData): { email: string; password: string } {
  return { email: String(form.get("email") ?? "").trim(), password: String(form.get("password") ?? "") };
}

/** Signs in and redirects to the `next` field, or returns the error to show. */
export async function signInAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const { email, password } = credentials(form);
  if (!email || !password) return { error: "Enter your email and password", email };
  try {
    await startSession(await (await exchange()).login(email, password), email);
  } catch (err) {
    if (err instanceof ApiCallError) {
      return { error: err.status === 401 ? "Email or password is wrong" : err.message, email };
    }
    throw err;
  }
  redirect(safeReturnPath(form.get("next")));
}

/** Creates an account, signs in and redirects, or returns the error to show. */
export async function signUpAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const { email, password } = credentials(form);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return { error: "Enter a valid email address", email };
  if (password.length < 8) return { error: "Use at least 8 characters for the password", email };
  try {
    await startSession(await (await exchange()).register(email, password), email);
  } catch (err) {
    if (err instanceof ApiCallError) {
      return { error: err.code === "EMAIL_TAKEN" ? "An account with this email exists; sign in instead" : err.message, email };
    }
    throw err;
  }
  redirect(safeReturnPath(form.get("next")));
}

/** Signs out and returns to the markets list. */
export async function signOutAction(): Promise<void> {
  await endSession();
  redirect("/");
}

function checkDraft(d: OrderDraft): string | null {
  if (!d || typeof d !== "object") return "order missing";
  if (!SYMBOL_RE.test(d.symbol)) return "bad symbol";
  if (d.side !== "buy" && d.side !== "sell") return "bad side";
  if (d.type !== "limit" && d.type !== "market") return "bad type";
  if (!["GTC", "IOC", "FOK", "POST_ONLY"].includes(d.timeInForce)) return "bad time in force";
  if (!isDecimal(d.quantity)) return "bad quantity";
  if (d.type === "limit" && !isDecimal(d.price)) return "bad price";
  return null;
}

/** Places an order; resolves with the order id once the API accepted it (matching happens after). */
export async function placeOrderAction(draft: OrderDraft): Promise<ActionResult<string>> {
  const problem = checkDraft(draft);
  if (problem) return badInput(problem);
  return withSession((api, token) => api.placeOrder(token, draft));
}

/** Requests a cancel of one order. */
export async function cancelOrderAction(orderId: string): Promise<ActionResult<null>> {
  if (!matches(ID_RE, orderId)) return badInput("bad order id");
  return withSession((api, token) => api.cancelOrder(token, orderId).then(() => null));
}

/** Balances, open orders and order history of the signed-in user for a symbol. */
export async function loadAccountAction(symbol: string): Promise<ActionResult<AccountSnapshot>> {
  if (!matches(SYMBOL_RE, symbol)) return badInput("bad symbol");
  return withSession((api, token) => api.account(token, symbol));
}

/** Public state of a market, fetched after the live feed reconnects to catch up on what it missed. */
export async function loadMarketAction(
  symbol: string
): Promise<ActionResult<{ book: OrderBookSnapshot; trades: Trade[]; ticker: Ticker }>> {
  if (!matches(SYMBOL_RE, symbol)) return badInput("bad symbol");
  try {
    const api = await exchange();
    const [book, trades, ticker] = await Promise.all([api.orderBook(symbol), api.trades(symbol), api.ticker(symbol)]);
    return { ok: true, value: { book, trades, ticker } };
  } catch (err) {
    return fail(err);
  }
}

/** Candles of a market for the chart, oldest first. */
export async function loadCandlesAction(symbol: string, interval: CandleInterval): Promise<ActionResult<Candle[]>> {
  if (!matches(SYMBOL_RE, symbol)) return badInput("bad symbol");
  if (!isCandleInterval(interval)) return badInput("bad interval");
  try {
    return { ok: true, value: await (await exchange()).candles(symbol, interval) };
  } catch (err) {
    return fail(err);
  }
}

/** Credits test funds where the deployment enables dev deposits. */
export async function depositTestFundsAction(): Promise<ActionResult<null>> {
  if (!loadServerConfig().devDeposits) return { ok: false, code: ActionError.DEPOSITS_OFF, message: "Test deposits are off here" };
  return withSession(async (api, token) => {
    for (const [asset, amount] of TEST_FUNDS) await api.devDeposit(token, asset, amount);
    return null;
  });
}

/** Lists the user's API keys. */
export async function listApiKeysAction(): Promise<ActionResult<ApiKey[]>> {
  return withSession((api, token) => api.apiKeys(token));
}

/** Creates an API key (read, plus trade when asked); the secret is returned once and never stored by the frontend. */
export async function createApiKeyAction(label: string, trade: boolean): Promise<ActionResult<CreatedApiKey>> {
  const clean = typeof label === "string" ? label.trim() : "";
  if (clean.length < 1 || clean.length > 64) return badInput("Give the key a name of 1 to 64 characters");
  if (typeof trade !== "boolean") return badInput("bad trade flag");
  return withSession((api, token) => api.createApiKey(token, clean, trade ? ["read", "trade"] : ["read"]));
}

/** Revokes an API key. */
export async function revokeApiKeyAction(id: string): Promise<ActionResult<null>> {
  if (!matches(ID_RE, id)) return badInput("bad key id");
  return withSession((api, token) => api.revokeApiKey(token, id).then(() => null));
}

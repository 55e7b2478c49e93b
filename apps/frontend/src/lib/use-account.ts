"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import type { AccountSnapshot, ActionResult } from "./types";

/** Fetches the user's balances and orders (a server action in the app). */
export type LoadAccount = (symbol: string) => Promise<ActionResult<AccountSnapshot>>;

/** Options of {@link useAccount}. */
export interface AccountOptions {
  readonly symbol: string;
  readonly signedIn: boolean;
  readonly initial: AccountSnapshot | null;
  readonly loadAccount: LoadAccount;
  /** Poll interval; the API pushes public events only, so private state is pulled. @default 5000 */
  readonly pollMs?: number;
  /** Coalesces bursts of refresh requests (e.g. many trades at once). @default 250 */
  readonly debounceMs?: number;
}

/** The user's account state with a `refresh` that coalesces bursts. */
export interface AccountState {
  readonly account: AccountSnapshot | null;
  readonly error: string | null;
  readonly refresh: () => void;
}

/**
 * Keeps the signed-in user's balances and orders current: refreshed after their own actions,
 * after market activity on the symbol (which may be their fills), and on a slow poll as a backstop.
 */
export function useAccount(opts: AccountOptions): AccountState {
  const [account, setAccount] = useState<AccountSnapshot | null>(opts.initial);
  const [error, setError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inFlight = useRef(false);
  const again = useRef(false);
  const latest = useRef(opts);
  latest.current = opts;

  const load = useCallback(async () => {
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    try {
      const res = await latest.current.loadAccount(latest.current.symbol);
      if (res.ok) {
        setAccount(res.value);
        setError(null);
      } else {
        setError(res.message);
      }
    } catch {
      setError("Could not load your account; retrying");
    } finally {
      inFlight.current = false;
      if (again.current) {
        again.current = false;
        void load();
      }
    }
  }, []);

  const refresh = useCallback(() => {
    if (!latest.current.signedIn) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      void load();
    }, latest.current.debounceMs ?? 250);
  }, [load]);

  useEffect(() => {
    if (!opts.signedIn) return;
    // A hidden tab skips the poll; market activity still refreshes it, and so does coming back.
    const id = setInterval(() => {
      if (document.visibilityState !== "hidden") void load();
    }, opts.pollMs ?? 5000);
    const onVisible = () => {
      if (document.visibilityState === "visible") void load();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      clearInterval(id);
      document.removeEventListener("visibilitychange", onVisible);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [opts.signedIn, opts.pollMs, load]);

  return { account, error, refresh };
}

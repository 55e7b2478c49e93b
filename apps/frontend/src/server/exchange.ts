import "server-only";
import { headers } from "next/headers";
import { ExchangeApi } from "./api-client";
import { loadServerConfig } from "./config";

/**
 * The browser's address from an X-Forwarded-For chain, as appended by the outermost of `hops` trusted
 * proxies (Next.js itself fills in the socket's address when no proxy sent the header). Entries further
 * left were sent by the browser and could be anything, so they are never used.
 */
export function clientAddress(forwardedFor: string | null, hops: number): string | null {
  const entries = (forwardedFor ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (entries.length === 0) return null;
  return entries[Math.max(0, entries.length - hops)];
}

/**
 * The API client configured from the current environment. It forwards the browser's address alone, so the
 * API (trusting this server through TRUSTED_PROXIES) gives every visitor a rate-limit budget of its own.
 */
export async function exchange(): Promise<ExchangeApi> {
  const config = loadServerConfig();
  const h = await headers();
  return new ExchangeApi(config.apiUrl, clientAddress(h.get("x-forwarded-for"), config.trustProxyHops));
}

import "server-only";
import type { PublicConfig } from "@/lib/types";

/** Runtime configuration of the frontend server, read from the environment on each request. */
export interface ServerConfig {
  /** Base URL the Next server uses to reach the API (in a cluster, the internal service). */
  readonly apiUrl: string;
  /** WebSocket URL the browser uses; derived from API_PUBLIC_URL. */
  readonly publicWsUrl: string;
  /** Whether the session cookie is marked Secure. */
  readonly secureCookies: boolean;
  /** Shows the "get test funds" button; the API must enable its dev deposit endpoint too. */
  readonly devDeposits: boolean;
  /**
   * Proxies in front of this server (the gateway) that append to X-Forwarded-For. The browser's address is
   * the entry the outermost of them appended; entries to its left are whatever the browser sent.
   */
  readonly trustProxyHops: number;
}

/** Coded configuration errors. */
export const ConfigError = {
  INVALID_URL: "CONFIG_INVALID_URL",
  INVALID_NUMBER: "CONFIG_INVALID_NUMBER",
} as const;

const bool = (v: string | undefined, dflt: boolean): boolean =>
  v === undefined || v === "" ? dflt : ["1", "true", "yes", "on"].includes(v.toLowerCase());

function url(name: string, value: string, schemes: readonly string[]): URL {
  let parsed: URL | null = null;
  try {
    parsed = new URL(value);
  } catch {
    // reported below
  }
  if (!parsed || !schemes.includes(parsed.protocol)) {
    throw new Error(`${ConfigError.INVALID_URL}: ${name}=${JSON.stringify(value)} is not an absolute ${schemes.join(" or ")} URL`);
  }
  return parsed;
}

const HTTP = ["http:", "https:"];

/**
 * Reads configuration at request time, never at build time, so one image serves every environment.
 * API_URL: how this server reaches the API. API_PUBLIC_URL: how browsers reach it (defaults to API_URL).
 * API_PUBLIC_WS_URL overrides the derived WebSocket URL when the socket lives elsewhere.
 */
export function loadServerConfig(env: Readonly<Record<string, string | undefined>> = process.env): ServerConfig {
  const apiUrl = url("API_URL", env.API_URL ?? "http://127.0.0.1:3000", HTTP)
    .toString()
    .replace(/\/$/, "");
  let publicWsUrl: string;
  if (env.API_PUBLIC_WS_URL) {
    publicWsUrl = url("API_PUBLIC_WS_URL", env.API_PUBLIC_WS_URL, ["ws:", "wss:"]).toString();
  } else {
    const pub = url("API_PUBLIC_URL", env.API_PUBLIC_URL ?? apiUrl, HTTP);
    pub.protocol = pub.protocol === "https:" ? "wss:" : "ws:";
    pub.pathname = `${pub.pathname.replace(/\/$/, "")}/ws`;
    publicWsUrl = pub.toString();
  }
  const hops = env.TRUST_PROXY_HOPS === undefined || env.TRUST_PROXY_HOPS === "" ? 1 : Number(env.TRUST_PROXY_HOPS);
  if (!Number.isInteger(hops) || hops < 1 || hops > 10) {
    throw new Error(`${ConfigError.INVALID_NUMBER}: TRUST_PROXY_HOPS=${JSON.stringify(env.TRUST_PROXY_HOPS)} must be an integer from 1 to 10`);
  }
  return {
    apiUrl,
    publicWsUrl,
    secureCookies: bool(env.SESSION_COOKIE_SECURE, true),
    devDeposits: bool(env.DEV_DEPOSITS, false),
    trustProxyHops: hops,
  };
}

/** The only values that leave the server for the browser. */
export function publicConfig(config: ServerConfig = loadServerConfig()): PublicConfig {
  return { wsUrl: config.publicWsUrl };
}

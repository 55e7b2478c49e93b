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
}

/** Coded configuration errors. */
export const ConfigError = {
  INVALID_URL: "CONFIG_INVALID_URL",
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
  return {
    apiUrl,
    publicWsUrl,
    secureCookies: bool(env.SESSION_COOKIE_SECURE, true),
    devDeposits: bool(env.DEV_DEPOSITS, false),
  };
}

/** The only values that leave the server for the browser. */
export function publicConfig(config: ServerConfig = loadServerConfig()): PublicConfig {
  return { wsUrl: config.publicWsUrl };
}

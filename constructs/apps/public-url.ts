/**
 * Where a person reaches a hostname of the environment. In the cloud the gateway answers HTTPS on 443; on
 * a developer's machine it answers plain HTTP on `local.httpPort` of 127.0.0.1, and `*.localhost` names
 * resolve there without /etc/hosts (browsers treat them as secure contexts, so no certificate warning).
 */
import type { EnvironmentConfig } from "../../environments/schema";

/** `https://<host>` in the cloud, `http://<host>:<local.httpPort>` locally; no trailing slash. */
export function publicUrl(env: EnvironmentConfig, host: string): string {
  switch (env.target) {
    case "local":
      return `http://${host}:${env.local.httpPort}`;
    case "gcp":
    case "aws":
      return `https://${host}`;
  }
}

/** The WebSocket URL of a path on a host: `wss://` where the page is HTTPS, `ws://` where it is HTTP. */
export function publicWebSocketUrl(env: EnvironmentConfig, host: string, path: string): string {
  return `${publicUrl(env, host).replace(/^http/, "ws")}${path}`;
}

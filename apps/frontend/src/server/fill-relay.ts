import "server-only";
import type { SocketFactory, SocketLike } from "@/lib/live-feed";

/** Options of {@link fillRelay}. */
export interface FillRelayOptions {
  /** The API's WebSocket as this server reaches it (internal URL). */
  readonly wsUrl: string;
  /** The user's session token; it stays on this server. */
  readonly token: string;
  /** Aborted when the browser goes away. */
  readonly signal: AbortSignal;
  /** @default - Node's WebSocket */
  readonly createSocket?: SocketFactory;
  /** Comment lines that keep idle proxies from closing the stream. @default 15000 */
  readonly keepAliveMs?: number;
}

/** How long the browser waits before reconnecting after the stream ends (SSE `retry`). */
const RETRY_MS = 3000;

/**
 * The signed-in user's fills as Server-Sent Events, relayed from the API's private `fills` WebSocket
 * channel. The Next server authenticates with the session token, so the browser gets its own fills
 * pushed without ever holding the JWT. Each fill is one `event: fill` with the API's JSON as data; the
 * stream ends (and EventSource reconnects) when the API socket closes, and says `event: expired` when the
 * token ran out, so the page stops asking until the user signs in again.
 */
export function fillRelay(opts: FillRelayOptions): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const create = opts.createSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
  let socket: SocketLike | null = null;
  let keepAlive: ReturnType<typeof setInterval> | undefined;
  let done = false;

  return new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        if (!done) controller.enqueue(encoder.encode(text));
      };
      const finish = () => {
        if (done) return;
        done = true;
        clearInterval(keepAlive);
        socket?.close();
        controller.close();
      };
      if (opts.signal.aborted) return finish();
      opts.signal.addEventListener("abort", finish, { once: true });
      send(`retry: ${RETRY_MS}\n\n`);
      keepAlive = setInterval(() => send(": keep-alive\n\n"), opts.keepAliveMs ?? 15_000);

      socket = create(opts.wsUrl);
      socket.onopen = () => socket?.send(JSON.stringify({ op: "auth", token: opts.token }));
      socket.onmessage = (ev) => {
        let msg: { type?: unknown; channel?: unknown; code?: unknown; data?: unknown };
        try {
          msg = JSON.parse(String(ev.data));
        } catch {
          return;
        }
        if (msg.type === "authenticated") socket?.send(JSON.stringify({ op: "subscribe", channel: "fills" }));
        else if (msg.type === "event" && msg.channel === "fills") send(`event: fill\ndata: ${JSON.stringify(msg.data)}\n\n`);
        else if (msg.type === "error" && (msg.code === "TOKEN_EXPIRED" || msg.code === "TOKEN_INVALID")) {
          send(`event: expired\ndata: ${JSON.stringify({ code: msg.code })}\n\n`);
          finish();
        }
      };
      socket.onclose = finish;
      socket.onerror = finish;
    },
    cancel() {
      done = true;
      clearInterval(keepAlive);
      socket?.close();
    },
  });
}

/** The API's WebSocket URL as this server reaches it, from API_URL (http → ws, https → wss). */
export function internalWsUrl(apiUrl: string): string {
  const u = new URL(apiUrl);
  u.protocol = u.protocol === "https:" ? "wss:" : "ws:";
  u.pathname = `${u.pathname.replace(/\/$/, "")}/ws`;
  return u.toString();
}

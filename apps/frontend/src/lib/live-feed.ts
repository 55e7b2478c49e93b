/**
 * A WebSocket connection that stays up: it reconnects with capped exponential backoff and jitter,
 * re-subscribes after every reconnect, and tells the page when it is offline and when it is back,
 * so the page can fetch what it missed (the socket does not replay missed messages).
 */

/** Connection state shown to the user. */
export type FeedStatus = "connecting" | "online" | "offline";

/** The slice of the browser WebSocket this class uses; tests pass a fake. */
export interface SocketLike {
  readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** Creates a socket for a URL; defaults to the browser's WebSocket. */
export type SocketFactory = (url: string) => SocketLike;

/** Options of {@link LiveFeed}. */
export interface LiveFeedOptions {
  readonly url: string;
  /** Messages sent after each (re)connect, e.g. subscriptions. */
  readonly onOpenMessages: () => readonly string[];
  readonly onMessage: (data: string) => void;
  readonly onStatus: (status: FeedStatus) => void;
  /**
   * Called after each successful connect, with whether it followed a drop; the page fetches a snapshot
   * then, since updates sent while it was not subscribed are gone.
   */
  readonly onOpen?: (reconnected: boolean) => void;
  /** @default - the global WebSocket */
  readonly createSocket?: SocketFactory;
  /** @default 500 */
  readonly initialDelayMs?: number;
  /** @default 15000 */
  readonly maxDelayMs?: number;
  /** @default Math.random */
  readonly random?: () => number;
  /**
   * Sent when the socket has been quiet this long; a connection that stays silent for another such
   * period is treated as dead and replaced (a half-open TCP connection never fires `close` by itself).
   * @default 20000
   */
  readonly idleMs?: number;
  /** What to send when idle. @default '{"op":"ping"}' */
  readonly pingMessage?: string;
  /** @default setTimeout/clearTimeout of globalThis */
  readonly timers?: { set: (fn: () => void, ms: number) => unknown; clear: (handle: unknown) => void };
}

const OPEN = 1;

/** A self-healing WebSocket subscription. Call {@link LiveFeed.start} once and {@link LiveFeed.stop} on unmount. */
export class LiveFeed {
  private socket: SocketLike | null = null;
  private attempt = 0;
  private everConnected = false;
  private stopped = true;
  private retryHandle: unknown = null;
  private idleHandle: unknown = null;
  private readonly opts: Required<Omit<LiveFeedOptions, "onOpen">> & Pick<LiveFeedOptions, "onOpen">;

  constructor(options: LiveFeedOptions) {
    // `??` per field, not object spread: an option passed as undefined must still get its default.
    this.opts = {
      ...options,
      createSocket: options.createSocket ?? ((url) => new WebSocket(url) as unknown as SocketLike),
      initialDelayMs: options.initialDelayMs ?? 500,
      maxDelayMs: options.maxDelayMs ?? 15_000,
      random: options.random ?? Math.random,
      idleMs: options.idleMs ?? 20_000,
      pingMessage: options.pingMessage ?? '{"op":"ping"}',
      timers: options.timers ?? { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
    };
  }

  /** Opens the connection; safe to call once per instance. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  /** Closes the connection for good and cancels any pending retry. */
  stop(): void {
    this.stopped = true;
    if (this.retryHandle !== null) this.opts.timers.clear(this.retryHandle);
    this.retryHandle = null;
    this.clearIdle();
    const s = this.socket;
    this.socket = null;
    if (s) {
      s.onclose = null;
      s.onmessage = null;
      s.onerror = null;
      s.close(1000, "page closed");
    }
  }

  /** Sends a message now if connected; returns false when offline (it is not queued). */
  send(data: string): boolean {
    if (this.socket?.readyState !== OPEN) return false;
    this.socket.send(data);
    return true;
  }

  /** Delay before retry number `attempt` (0-based): doubling from the initial delay, capped, with jitter. */
  backoffDelay(attempt: number): number {
    const base = Math.min(this.opts.maxDelayMs, this.opts.initialDelayMs * 2 ** attempt);
    // Half fixed, half random: spreads reconnects of many clients after an API restart.
    return Math.round(base / 2 + (base / 2) * this.opts.random());
  }

  private connect(): void {
    this.opts.onStatus(this.everConnected ? "offline" : "connecting");
    let socket: SocketLike;
    try {
      socket = this.opts.createSocket(this.opts.url);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      const reconnected = this.everConnected;
      this.everConnected = true;
      this.attempt = 0;
      for (const m of this.opts.onOpenMessages()) socket.send(m);
      this.watch(socket, false);
      this.opts.onStatus("online");
      this.opts.onOpen?.(reconnected);
    };
    socket.onmessage = (ev) => {
      this.watch(socket, false);
      if (typeof ev.data === "string") this.opts.onMessage(ev.data);
    };
    socket.onerror = () => {
      // A close event always follows an error; retrying is handled there.
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.clearIdle();
      this.opts.onStatus("offline");
      this.scheduleRetry();
    };
  }

  private clearIdle(): void {
    if (this.idleHandle !== null) this.opts.timers.clear(this.idleHandle);
    this.idleHandle = null;
  }

  /** (Re)arms the idle timer: after `idleMs` of silence ping; after a second silent period, give up on the socket. */
  private watch(socket: SocketLike, pinged: boolean): void {
    this.clearIdle();
    this.idleHandle = this.opts.timers.set(() => {
      this.idleHandle = null;
      if (this.socket !== socket) return;
      if (!pinged) {
        socket.send(this.opts.pingMessage);
        this.watch(socket, true);
        return;
      }
      // Detach first: the close event of a dead connection may never come, so retry from here.
      this.socket = null;
      socket.onclose = null;
      socket.onmessage = null;
      socket.close(4000, "no traffic");
      this.opts.onStatus("offline");
      this.scheduleRetry();
    }, this.opts.idleMs);
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    const delay = this.backoffDelay(this.attempt);
    this.attempt += 1;
    this.retryHandle = this.opts.timers.set(() => {
      this.retryHandle = null;
      if (!this.stopped) this.connect();
    }, delay);
  }
}

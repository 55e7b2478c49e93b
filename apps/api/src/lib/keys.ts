/** Redis key patterns and TTLs of seed 001, plus the pub/sub channels the WebSocket hub listens on. */
export const TTL_SECONDS = {
  account: 24 * 3600,
  order: 24 * 3600,
  ticker: 60,
  orderbook: 60,
  /** Recent public trades per symbol; the seed names no TTL, a day keeps the list bounded in time. */
  trades: 24 * 3600,
} as const;

/** How many recent public trades are kept per symbol. */
export const RECENT_TRADES = 100;

/** Builds every Redis key and channel name from one prefix, so deployments and test runs never collide. */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  account(userId: string, asset: string): string {
    return `${this.prefix}accounts:userId_${userId}:asset_${asset}`;
  }

  order(userId: string, orderId: string): string {
    return `${this.prefix}orders:userId_${userId}:orderId_${orderId}`;
  }

  /** The last engine input offset whose results the notifier published, per input partition. */
  notified(inputTopic: string, partition: number): string {
    return `${this.prefix}notified:${inputTopic}:${partition}`;
  }

  /** A used API-key request signature (hex), refused if it comes again. */
  usedSignature(signatureHex: string): string {
    return `${this.prefix}sig:${signatureHex}`;
  }

  ticker(symbol: string): string {
    return `${this.prefix}ticker:${symbol}`;
  }

  /** The ticker's 24h figures, merged into `ticker` by consumers/ticker-stats.ts. */
  ticker24h(symbol: string): string {
    return `${this.prefix}ticker24h:${symbol}`;
  }

  orderbook(symbol: string): string {
    return `${this.prefix}orderbook:${symbol}`;
  }

  trades(symbol: string): string {
    return `${this.prefix}trades:${symbol}`;
  }

  /** Pattern of every WebSocket channel; one psubscribe per replica fans out to its clients. */
  wsPattern(): string {
    return `${this.prefix}ws:*`;
  }

  wsPublic(kind: 'orderbook' | 'trades' | 'ticker', symbol: string): string {
    return `${this.prefix}ws:${kind}:${symbol}`;
  }

  wsUser(kind: 'orders' | 'balances' | 'fills', userId: string): string {
    return `${this.prefix}ws:${kind}:${userId}`;
  }

  /** Strips the prefix and `ws:` from a channel name: "orders:<userId>". */
  wsTopic(channel: string): string {
    return channel.slice(this.prefix.length + 3);
  }
}

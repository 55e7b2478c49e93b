import type { Pool } from 'pg';
import type { Redis } from 'ioredis';
import type { RedisKeys } from '../lib/keys.js';
import { TTL_SECONDS } from '../lib/keys.js';
import { stats24h } from '../lib/market-data.js';

/**
 * Keeps the 24h figures (open, high, low, volume) in the cached and pushed ticker. Two consumers write the
 * ticker: the ticker consumer (the engine's last price, best bid/ask) and, after it stored new trades, the
 * trades consumer (the 24h figures from PostgreSQL). Both go through one Redis script that stores its part
 * and publishes the merge of both parts, so neither overwrites the other's newer half whatever the order.
 */
const MERGE = `
local ttl = tonumber(ARGV[4])
if ARGV[3] ~= '' then redis.call('SET', KEYS[2], ARGV[3], 'EX', ttl) end
local base = ARGV[2]
if base == '' then
  base = redis.call('GET', KEYS[1])
  if not base then return 0 end
end
local ticker = cjson.decode(base)
local day = redis.call('GET', KEYS[2])
if day then
  for k, v in pairs(cjson.decode(day)) do ticker[k] = v end
end
local out = cjson.encode(ticker)
redis.call('SET', KEYS[1], out, 'EX', ttl)
redis.call('PUBLISH', ARGV[1], out)
return 1`;

/** Merges and publishes; `ticker` and `day` are JSON texts, or '' to keep what the cache holds. */
async function merge(redis: Redis, keys: RedisKeys, symbol: string, ticker: string, day: string): Promise<void> {
  await redis.eval(MERGE, 2, keys.ticker(symbol), keys.ticker24h(symbol), keys.wsPublic('ticker', symbol), ticker, day, TTL_SECONDS.ticker);
}

/** Publishes the engine's ticker with the 24h figures; computes them when none are cached (a quiet minute). */
export async function publishTicker(db: Pool, redis: Redis, keys: RedisKeys, symbol: string, ticker: object): Promise<void> {
  const cached = (await redis.exists(keys.ticker24h(symbol))) === 1;
  await merge(redis, keys, symbol, JSON.stringify(ticker), cached ? '' : JSON.stringify(await stats24h(db, symbol)));
}

/**
 * Recomputes a symbol's 24h figures after its trades were stored, at most once per `intervalMs` per symbol
 * (a busy market would otherwise scan its day of trades for every batch): a call inside the interval
 * schedules one run at its end, so the last trade is always counted.
 */
export class TickerStatsRefresher {
  private readonly last = new Map<string, number>();
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly db: Pool,
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly onError: (err: unknown) => void,
    private readonly intervalMs = 1000,
  ) {}

  refresh(symbol: string): void {
    if (this.pending.has(symbol)) return;
    const wait = (this.last.get(symbol) ?? -Infinity) + this.intervalMs - Date.now();
    const run = () => {
      this.pending.delete(symbol);
      this.last.set(symbol, Date.now());
      stats24h(this.db, symbol)
        .then((day) => merge(this.redis, this.keys, symbol, '', JSON.stringify(day)))
        .catch(this.onError);
    };
    if (wait <= 0) return run();
    const timer = setTimeout(run, wait);
    timer.unref();
    this.pending.set(symbol, timer);
  }

  /** Drops scheduled runs (on shutdown). */
  stop(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
  }
}

import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import { Admin } from '@platformatic/kafka';
import { ConsumerRunner, type Handler } from '../consumers/runner.js';
import { Books } from '../consumers/books.js';
import {
  applyOnce,
  balanceStates,
  cacheBalances,
  cacheOrders,
  cacheTrades,
  publicTrade,
  saveBalances,
  saveOrderEvents,
  saveTrades,
  tradeRecords,
  type Rules,
} from '../consumers/store.js';
import { decodeOrderbook, decodeResult, decodeTicker, type ResultMessage } from '../lib/engine-contract.js';
import type { AssetRules, InstrumentRules } from '../lib/instruments.js';
import { TTL_SECONDS } from '../lib/keys.js';
import type { Order } from '../lib/orders.js';
import { GROUPS, topics } from '../lib/topics.js';
import { TickerStatsRefresher, publishTicker } from '../consumers/ticker-stats.js';
import type { Config } from '../config.js';

/**
 * The result consumers of seed 001, one consumer group each. orders/trades/accounts persist to PostgreSQL
 * (exactly once per engine input offset) and refresh the Redis cache; the notifier publishes to Redis
 * pub/sub for the WebSocket hub of every replica; the order book and ticker consumers refresh the cache.
 */
export default fp(
  async (app) => {
    const { config, db, redis, keys, log } = app;
    const t = topics(config.kafkaPrefix);
    await ensureTopics(config, Object.values(t)).catch((err) =>
      log.warn({ err }, 'could not ensure Kafka topics; consumers will retry'),
    );

    /** Conversion rules for the symbols and assets a message names, fetched before any transaction. */
    const rulesFor = async (symbols: Iterable<string>, assets: Iterable<string>): Promise<Rules> => {
      const inst = new Map<string, InstrumentRules | undefined>();
      const ast = new Map<string, AssetRules | undefined>();
      for (const s of symbols) inst.set(s, await app.instruments.get(s));
      for (const a of assets) ast.set(a, await app.instruments.asset(a));
      for (const [name, r] of [...inst, ...ast]) if (!r) log.error({ name }, 'engine result names a symbol or asset the API does not know; skipped');
      return { instrument: (s) => inst.get(s), asset: (a) => ast.get(a) };
    };
    const rulesOf = (m: ResultMessage) =>
      rulesFor(
        new Set(m.events.map((e) => ('symbol' in e ? e.symbol : undefined)).filter((s): s is string => typeof s === 'string')),
        new Set(m.events.map((e) => (e.type === 'BALANCE' ? e.asset : undefined)).filter((a): a is string => typeof a === 'string')),
      );
    const position = (m: ResultMessage) => ({ topic: t.input, partition: m.inputPartition, offset: BigInt(m.inputOffset) });
    const has = (m: ResultMessage, ...types: string[]) => m.events.some((e) => types.includes(e.type));

    const books = new Books();
    const tickerStats = new TickerStatsRefresher(db.write, redis, keys, (err) => log.warn({ err }, 'ticker 24h figures not refreshed'));

    const handlers: [string, string, Handler][] = [
      [GROUPS.orders, t.output, async (raw) => {
        const m = decodeResult(raw.value);
        if (!has(m, 'ACCEPTED', 'REJECTED', 'TRADE', 'CANCELLED', 'REDUCED', 'MOVED')) return;
        const rules = await rulesOf(m);
        let states = new Map<string, Order>();
        const applied = await applyOnce(db.write, GROUPS.orders, position(m), async (c) => {
          states = await saveOrderEvents(c, m.events, rules);
        });
        await cacheOrders(redis, keys, states.values());
        // The `orders` channel carries the order as stored (status, filled quantity), published by the
        // saver that computed it; a skipped (already applied) result publishes nothing. A lost publish is
        // not retried: pushes are at most once, the REST state is the record.
        if (applied && states.size > 0) {
          const p = redis.pipeline();
          for (const o of states.values()) p.publish(keys.wsUser('orders', o.userId), JSON.stringify(orderPush(o)));
          await p.exec().catch((err) => log.warn({ err }, 'order push failed'));
        }
      }],
      [GROUPS.trades, t.output, async (raw) => {
        const m = decodeResult(raw.value);
        if (!has(m, 'TRADE')) return;
        const trades = tradeRecords(m.events, await rulesOf(m));
        await applyOnce(db.write, GROUPS.trades, position(m), (c) => saveTrades(c, trades));
        await cacheTrades(redis, keys, trades);
        for (const symbol of new Set(trades.map((tr) => tr.symbol))) tickerStats.refresh(symbol);
      }],
      [GROUPS.accounts, t.output, async (raw) => {
        const m = decodeResult(raw.value);
        if (!has(m, 'BALANCE')) return;
        const balances = balanceStates(m.events, await rulesOf(m));
        await applyOnce(db.write, GROUPS.accounts, position(m), (c) => saveBalances(c, balances));
        await cacheBalances(redis, keys, balances);
      }],
      [GROUPS.notifier, t.output, async (raw) => {
        const m = decodeResult(raw.value);
        const rules = await rulesOf(m);
        const out: string[] = [];
        const p = { publish: (channel: string, message: string) => out.push(channel, message) };
        const toUser = (kind: 'orders' | 'balances' | 'fills', userId: string, body: object) => p.publish(keys.wsUser(kind, userId), JSON.stringify(body));
        for (const e of m.events) {
          // A rejected place is an order state, pushed by the orders saver. Other rejected commands change no
          // order: a refused cancel or move says so without claiming the order is REJECTED, and a refused
          // deposit is told on the balances channel (and logged) rather than vanishing.
          if (e.type !== 'REJECTED' || !e.accountId || e.commandType === 'PLACE') continue;
          if (e.commandType === 'DEPOSIT') {
            log.warn({ accountId: e.accountId, reason: e.reason, detail: e.detail }, 'the engine rejected a deposit');
            toUser('balances', e.accountId, { event: 'DEPOSIT_REJECTED', reason: e.reason, detail: e.detail ?? null });
          } else {
            toUser('orders', e.accountId, { event: 'COMMAND_REJECTED', command: e.commandType, orderId: e.orderId ?? null, reason: e.reason });
          }
        }
        for (const tr of tradeRecords(m.events, rules)) {
          p.publish(keys.wsPublic('trades', tr.symbol), JSON.stringify(publicTrade(tr)));
          const fill = (side: 'BUY' | 'SELL', orderId: string) => ({ ...publicTrade(tr), orderId, side, liquidity: tr.takerSide === side ? 'TAKER' : 'MAKER' });
          toUser('fills', tr.buyerId, fill('BUY', tr.buyOrderId));
          toUser('fills', tr.sellerId, fill('SELL', tr.sellOrderId));
        }
        for (const b of balanceStates(m.events, rules)) toUser('balances', b.userId, { event: 'BALANCE', asset: b.asset, available: b.available, locked: b.locked });
        // A restarted engine re-emits the results of the commands after its snapshot; the savers drop them by
        // input offset in PostgreSQL, the notifier in Redis, in the same script that publishes: at most once.
        if (out.length > 0) await publishOnce(redis, keys.notified(t.input, m.inputPartition), m.inputOffset, out);
      }],
      [GROUPS.orderbook, t.orderbook, async (raw) => {
        const m = decodeOrderbook(raw.value);
        const rules = (await rulesFor([m.symbol], [])).instrument(m.symbol);
        if (!rules) return;
        books.apply(m);
        const json = JSON.stringify({ ...books.view(m.symbol, rules), ts: m.timestampMs });
        await redis.multi().set(keys.orderbook(m.symbol), json, 'EX', TTL_SECONDS.orderbook).publish(keys.wsPublic('orderbook', m.symbol), json).exec();
      }],
      [GROUPS.ticker, t.ticker, async (raw) => {
        const m = decodeTicker(raw.value);
        const r = (await rulesFor([m.symbol], [])).instrument(m.symbol);
        if (!r) return;
        const price = (v: number | null) => (v === null ? null : r.price(v));
        await publishTicker(db.write, redis, keys, m.symbol, {
          symbol: m.symbol,
          lastPrice: price(m.lastPrice),
          lastQuantity: m.lastQuantity === null ? null : r.quantity(m.lastQuantity),
          bestBid: price(m.bestBid),
          bestAsk: price(m.bestAsk),
          volume: r.quantity(m.volume),
          tradeCount: m.tradeCount,
          ts: m.timestampMs,
        });
      }],
    ];

    const runners = handlers.map(
      ([name, topic, handle]) =>
        new ConsumerRunner({
          groupId: `${config.kafkaPrefix}${name}`,
          topics: [topic],
          brokers: config.kafkaBrokers,
          clientId: config.kafkaClientId,
          security: config.kafkaSecurity,
          log,
          handle,
          onOutcome: (outcome) => app.metrics.consumed.inc({ group: name, outcome }),
        }),
    );
    app.addHook('onReady', async () => runners.forEach((r) => r.start()));
    app.addHook('onClose', async () => {
      tickerStats.stop();
      await Promise.all(runners.map((r) => r.stop()));
    });
  },
  { name: 'consumers', dependencies: ['infra', 'metrics'] },
);

/** What the `orders` channel says about an order: its stored state; `event` is ACCEPTED for a NEW order, else the status. */
export const orderPush = (o: Order) => ({
  event: o.status === 'NEW' ? 'ACCEPTED' : o.status,
  orderId: o.id,
  clientOrderId: o.clientOrderId,
  symbol: o.symbol,
  side: o.side,
  type: o.type,
  timeInForce: o.timeInForce,
  price: o.price,
  quantity: o.quantity,
  filledQuantity: o.filledQuantity,
  status: o.status,
  reason: o.reason,
  updatedAt: o.updatedAt,
});

/**
 * Publishes `channelMessages` (channel, message, channel, message, ...) unless `offset` is not above the
 * last one published under `key`, and records it, atomically. Offsets stay below 2^53, exact as Lua numbers.
 */
const PUBLISH_ONCE = `
local last = tonumber(redis.call('GET', KEYS[1]) or '-1')
if last >= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
for i = 2, #ARGV, 2 do redis.call('PUBLISH', ARGV[i], ARGV[i + 1]) end
return 1`;

async function publishOnce(redis: Redis, key: string, offset: string, channelMessages: string[]): Promise<boolean> {
  return (await redis.eval(PUBLISH_ONCE, 1, key, offset, ...channelMessages)) === 1;
}

/** Creates the topics if they are missing, so a consumer never subscribes to a topic that does not exist yet. */
async function ensureTopics(config: Config, names: string[]): Promise<void> {
  const admin = new Admin({ clientId: `${config.kafkaClientId}-admin`, bootstrapBrokers: config.kafkaBrokers, ...config.kafkaSecurity, timeout: 5_000, retries: 1 });
  try {
    const existing = new Set(await admin.listTopics());
    const missing = names.filter((n) => !existing.has(n));
    if (missing.length > 0) await admin.createTopics({ topics: missing, partitions: 1, replicas: 1 }).catch(() => undefined);
  } finally {
    await admin.close();
  }
}

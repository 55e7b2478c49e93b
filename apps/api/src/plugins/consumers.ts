import fp from 'fastify-plugin';
import { Admin } from '@platformatic/kafka';
import { ConsumerRunner, type Handler } from '../consumers/runner.js';
import { applyOnce, cacheBalances, cacheOrders, cacheTrades, publicTrade, saveBalances, saveOrders, saveTrades } from '../consumers/store.js';
import { decodeBook, decodeResults, decodeTicker } from '../lib/engine-contract.js';
import { TTL_SECONDS } from '../lib/keys.js';
import { GROUPS, topics } from '../lib/topics.js';

/**
 * The result consumers of seed 001, one consumer group each, all reading the engine's output:
 * orders/trades/accounts persist to PostgreSQL and the Redis cache; the notifier publishes to Redis
 * pub/sub for the WebSocket hub of every replica; the order book and ticker consumers refresh the cache.
 */
export default fp(
  async (app) => {
    const { config, db, redis, keys, log } = app;
    const t = topics(config.kafkaPrefix);
    await ensureTopics(config.kafkaBrokers, config.kafkaClientId, Object.values(t)).catch((err) =>
      log.warn({ err }, 'could not ensure Kafka topics; consumers will retry'),
    );

    const group = (name: string) => `${config.kafkaPrefix}${name}`;
    const at = (m: Parameters<Handler>[0]) => ({ topic: m.topic, partition: m.partition, offset: m.offset });

    const handlers: [string, string, Handler][] = [
      [GROUPS.orders, t.output, async (m) => {
        const { orders } = decodeResults(m.value);
        if (orders.length === 0) return;
        await applyOnce(db.write, GROUPS.orders, at(m), (c) => saveOrders(c, orders));
        await cacheOrders(redis, keys, orders);
      }],
      [GROUPS.trades, t.output, async (m) => {
        const { trades } = decodeResults(m.value);
        if (trades.length === 0) return;
        await applyOnce(db.write, GROUPS.trades, at(m), (c) => saveTrades(c, trades));
        await cacheTrades(redis, keys, trades);
      }],
      [GROUPS.accounts, t.output, async (m) => {
        const { balances } = decodeResults(m.value);
        if (balances.length === 0) return;
        await applyOnce(db.write, GROUPS.accounts, at(m), (c) => saveBalances(c, balances));
        await cacheBalances(redis, keys, balances);
      }],
      [GROUPS.notifier, t.output, async (m) => {
        const { orders, trades, balances } = decodeResults(m.value);
        const p = redis.pipeline();
        for (const o of orders) p.publish(keys.wsUser('orders', o.userId), JSON.stringify(o));
        for (const b of balances) p.publish(keys.wsUser('balances', b.userId), JSON.stringify(b));
        for (const tr of trades) {
          p.publish(keys.wsPublic('trades', tr.symbol), JSON.stringify(publicTrade(tr)));
          const fill = (side: 'BUY' | 'SELL', orderId: string) =>
            JSON.stringify({ ...publicTrade(tr), orderId, side, liquidity: tr.takerSide === side ? 'TAKER' : 'MAKER' });
          p.publish(keys.wsUser('fills', tr.buyerId), fill('BUY', tr.buyOrderId));
          p.publish(keys.wsUser('fills', tr.sellerId), fill('SELL', tr.sellOrderId));
        }
        if (p.length > 0) await p.exec();
      }],
      [GROUPS.orderbook, t.orderbook, async (m) => {
        const book = decodeBook(m.value);
        if (!book) return;
        const json = JSON.stringify(book);
        await redis.multi().set(keys.orderbook(book.symbol), json, 'EX', TTL_SECONDS.orderbook).publish(keys.wsPublic('orderbook', book.symbol), json).exec();
      }],
      [GROUPS.ticker, t.ticker, async (m) => {
        const ticker = decodeTicker(m.value);
        if (!ticker) return;
        const json = JSON.stringify(ticker);
        await redis.multi().set(keys.ticker(ticker.symbol), json, 'EX', TTL_SECONDS.ticker).publish(keys.wsPublic('ticker', ticker.symbol), json).exec();
      }],
    ];

    const runners = handlers.map(([name, topic, handle]) => {
      const runner = new ConsumerRunner({
        groupId: group(name),
        topics: [topic],
        brokers: config.kafkaBrokers,
        clientId: config.kafkaClientId,
        log,
        handle,
        onOutcome: (outcome) => app.metrics.consumed.inc({ group: name, outcome }),
      });
      return runner;
    });
    app.addHook('onReady', async () => runners.forEach((r) => r.start()));
    app.addHook('onClose', async () => {
      await Promise.all(runners.map((r) => r.stop()));
    });
  },
  { name: 'consumers', dependencies: ['infra', 'metrics'] },
);

/** Creates the topics if they are missing, so a consumer never subscribes to a topic that does not exist yet. */
async function ensureTopics(brokers: string[], clientId: string, names: string[]): Promise<void> {
  const admin = new Admin({ clientId: `${clientId}-admin`, bootstrapBrokers: brokers, timeout: 5_000, retries: 1 });
  try {
    const existing = new Set(await admin.listTopics());
    const missing = names.filter((n) => !existing.has(n));
    if (missing.length > 0) await admin.createTopics({ topics: missing, partitions: 1, replicas: 1 }).catch(() => undefined);
  } finally {
    await admin.close();
  }
}

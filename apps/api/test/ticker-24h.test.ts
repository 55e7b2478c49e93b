import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import type { EngineEvent, ResultMessage } from '../../engine/src/contract/index.js';
import { REDIS_URL, eventually, useApp, type Sandbox } from './helpers.js';
import { produce, produceResults } from './kafka.js';
import { CONTRACT_VERSION } from '../src/lib/engine-contract.js';
import { WsClient } from './ws-client.js';
import { topics } from '../src/lib/topics.js';

/** ETH-USDT: lot 0.001 ETH = 10^5 units of 10^-8 ETH; price in µUSDT per lot (3000 USDT/ETH = 3_000_000). */
const ETH_LOT = 100_000;
const perLot = (usdtPerEth: number) => usdtPerEth * 1000;

describe('ticker 24h figures (REST and WebSocket)', () => {
  const ctx = useApp({ consumersEnabled: true });
  let app: FastifyInstance;
  let box: Sandbox;
  let redis: Redis;
  let url: string;
  before(async () => {
    ({ app, box } = ctx);
    url = (await app.listen({ host: '127.0.0.1', port: 0 })).replace('http', 'ws') + '/ws';
    redis = new Redis(REDIS_URL);
  });
  after(() => redis.disconnect());

  const trade = (id: number, usdtPerEth: number, lots: number, ts: number): EngineEvent => ({
    type: 'TRADE', tradeId: id, symbol: 'ETH-USDT', price: perLot(usdtPerEth), quantity: lots * ETH_LOT, takerSide: 'BUY',
    takerOrderId: crypto.randomUUID(), takerAccountId: crypto.randomUUID(), makerOrderId: crypto.randomUUID(), makerAccountId: crypto.randomUUID(),
    takerRemaining: 0, makerRemaining: 0, timestampMs: ts,
  });

  test('the pushed and cached ticker carry the open, high, low and volumes of the last 24 hours only', async () => {
    const t = topics(box.config.kafkaPrefix);
    const now = Date.now();
    // A trade older than a day must not count.
    await app.db.write.query(
      `INSERT INTO trades (id, symbol, price, quantity, taker_side, buy_order_id, sell_order_id, buyer_id, seller_id, executed_at)
       VALUES ('ETH-USDT-0', 'ETH-USDT', 9999, 5, 'BUY', $1, $1, $1, $1, $2)`,
      [crypto.randomUUID(), new Date(now - 25 * 3600_000)],
    );
    const watcher = await WsClient.connect(url);
    await watcher.request({ op: 'subscribe', channel: 'ticker', symbol: 'ETH-USDT' }, 'subscribed');
    const msg = (offset: number, events: EngineEvent[]): ResultMessage => ({ v: CONTRACT_VERSION, inputPartition: 0, inputOffset: String(offset), events });
    await produceResults(t.output, [
      { key: 'ETH-USDT', value: msg(1, [trade(1, 3000, 2, now - 3600_000), trade(2, 3100, 1, now - 1800_000)]) },
      { key: 'ETH-USDT', value: msg(2, [trade(3, 2950, 1, now - 1000)]) },
    ]);
    await produce(t.ticker, [{
      key: 'ETH-USDT',
      value: { v: CONTRACT_VERSION, inputPartition: 0, inputOffset: '2', type: 'TICKER', symbol: 'ETH-USDT', lastPrice: perLot(2950), lastQuantity: ETH_LOT, bestBid: null, bestAsk: null, volume: 4 * ETH_LOT, tradeCount: 3, timestampMs: now },
    }]);

    const expected = { lastPrice: '2950', open24h: '3000', high24h: '3100', low24h: '2950', volume24h: '0.004', quoteVolume24h: '12.05' };
    const pick = (d: Record<string, unknown>) => Object.fromEntries(Object.keys(expected).map((k) => [k, d[k]]));
    const pushed = await watcher.waitFor(
      (m) => m.type === 'event' && m.channel === 'ticker' && m.data.volume24h === '0.004' && m.data.lastPrice === '2950',
      20_000,
      'ticker with both the engine figures and the 24h figures',
    );
    assert.deepEqual(pick(pushed.data), expected);
    const rest = await eventually(async () => {
      const body = (await app.inject({ url: '/api/v1/markets/ETH-USDT/ticker' })).json();
      return body.volume24h === '0.004' && body.lastPrice === '2950' ? body : undefined;
    }, 10_000, 'cached ticker');
    assert.deepEqual({ ...pick(rest), source: rest.source }, { ...expected, source: 'cache' });
    watcher.close();
  });

  test('after a quiet minute (cache expired) the ticker rebuilt from PostgreSQL has the same 24h figures', async () => {
    await eventually(async () => ((await app.inject({ url: '/api/v1/markets/ETH-USDT/ticker' })).json().volume24h === '0.004' ? true : undefined), 20_000, 'trades stored');
    await redis.del(`${box.config.redisPrefix}ticker:ETH-USDT`, `${box.config.redisPrefix}ticker24h:ETH-USDT`);
    const body = (await app.inject({ url: '/api/v1/markets/ETH-USDT/ticker' })).json();
    assert.deepEqual(
      [body.source, body.open24h, body.high24h, body.low24h, body.volume24h, body.quoteVolume24h],
      ['database', '3000', '3100', '2950', '0.004', '12.05'],
    );
  });

  test('a market without a trade in 24 hours has no open, high or low and zero volume', async () => {
    const body = (await app.inject({ url: '/api/v1/markets/BTC-USDT/ticker' })).json();
    assert.deepEqual([body.open24h, body.high24h, body.low24h, body.volume24h], [null, null, null, '0']);
  });
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import type { EngineEvent, ResultMessage } from '../../engine/src/contract/index.js';
import { REDIS_URL, appFor, eventually, register, sandbox, type Sandbox } from './helpers.js';
import { produce, produceResults } from './kafka.js';
import { WsClient } from './ws-client.js';
import { topics } from '../src/lib/topics.js';
import { CONTRACT_VERSION } from '../src/lib/engine-contract.js';

/** Engine results as the engine would publish them for BTC-USDT (lot 0.0001 BTC = 10^4 sat; price in µUSDT per lot). */
describe('result consumers (engine output -> PostgreSQL, Redis, WebSocket)', () => {
  let box: Sandbox;
  let app: FastifyInstance;
  let redis: Redis;
  let url: string;
  before(async () => {
    box = await sandbox({ consumersEnabled: true });
    app = await appFor(box.config);
    url = (await app.listen({ host: '127.0.0.1', port: 0 })).replace('http', 'ws') + '/ws';
    redis = new Redis(REDIS_URL);
  });
  after(async () => {
    redis.disconnect();
    await app.close();
    await box.drop();
  });

  test('a crossing pair ends up in the database, the cache and both users\' sockets, once', async () => {
    const t = topics(box.config.kafkaPrefix);
    const alice = await register(app);
    const bob = await register(app);
    const buyId = crypto.randomUUID();
    const sellId = crypto.randomUUID();
    const sockets = await Promise.all([alice, bob].map(async (u) => {
      const ws = await WsClient.connect(url);
      await ws.request({ op: 'auth', token: u.token }, 'authenticated');
      for (const channel of ['orders', 'fills', 'balances']) await ws.request({ op: 'subscribe', channel }, 'subscribed');
      return ws;
    }));
    const watcher = await WsClient.connect(url);
    for (const channel of ['trades', 'orderbook', 'ticker']) await watcher.request({ op: 'subscribe', channel, symbol: 'BTC-USDT' }, 'subscribed');

    const ts = Date.now();
    const msg = (offset: number, events: EngineEvent[]): ResultMessage => ({ v: CONTRACT_VERSION, inputPartition: 0, inputOffset: String(offset), events });
    const balance = (accountId: string, asset: string, available: number, reserved: number): EngineEvent =>
      ({ type: 'BALANCE', accountId, asset, available, reserved, timestampMs: ts });
    const place = msg(1, [
      { type: 'ACCEPTED', orderId: buyId, accountId: alice.userId, symbol: 'BTC-USDT', side: 'BUY', orderType: 'LIMIT', price: 5_000_000, quantity: 20_000, timestampMs: ts },
      balance(alice.userId, 'USDT', 990_000_000, 10_000_000),
    ]);
    const cross = msg(2, [
      { type: 'ACCEPTED', orderId: sellId, accountId: bob.userId, symbol: 'BTC-USDT', side: 'SELL', orderType: 'LIMIT', price: 5_000_000, quantity: 10_000, timestampMs: ts + 1 },
      {
        type: 'TRADE', tradeId: 1, symbol: 'BTC-USDT', price: 5_000_000, quantity: 10_000, takerSide: 'SELL',
        takerOrderId: sellId, takerAccountId: bob.userId, makerOrderId: buyId, makerAccountId: alice.userId,
        takerRemaining: 0, makerRemaining: 10_000, timestampMs: ts + 1,
      },
      balance(alice.userId, 'USDT', 990_000_000, 5_000_000),
      balance(alice.userId, 'BTC', 10_000, 0),
      balance(bob.userId, 'USDT', 5_000_000, 0),
    ]);
    // `place` is delivered again after `cross`: without the input-offset guard Alice's balance would go back.
    await produceResults(t.output, [place, cross, place].map((value) => ({ key: 'BTC-USDT', value })));
    await produce(t.orderbook, [{ key: 'BTC-USDT', value: { v: CONTRACT_VERSION, inputPartition: 0, inputOffset: '2', type: 'BOOK_DELTA', symbol: 'BTC-USDT', bids: [[5_000_000, 10_000]], asks: [], timestampMs: ts } }]);
    await produce(t.ticker, [{ key: 'BTC-USDT', value: { v: CONTRACT_VERSION, inputPartition: 0, inputOffset: '2', type: 'TICKER', symbol: 'BTC-USDT', lastPrice: 5_000_000, lastQuantity: 10_000, bestBid: 5_000_000, bestAsk: null, volume: 10_000, tradeCount: 1, timestampMs: ts } }]);

    // PostgreSQL, through the REST API.
    const aliceOrders = await eventually(async () => {
      const list = (await app.inject({ url: '/api/v1/orders', headers: alice.auth })).json();
      return list.length === 1 && list[0].status === 'PARTIALLY_FILLED' ? list : undefined;
    }, 20_000, "alice's order partially filled");
    assert.deepEqual(
      { ...aliceOrders[0], createdAt: undefined, updatedAt: undefined },
      { id: buyId, symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: '50000', quantity: '0.0002', filledQuantity: '0.0001', status: 'PARTIALLY_FILLED', reason: null, clientOrderId: null, createdAt: undefined, updatedAt: undefined },
    );
    const bobTrades = await eventually(async () => {
      const list = (await app.inject({ url: '/api/v1/trades', headers: bob.auth })).json();
      return list.length > 0 ? list : undefined;
    }, 10_000, "bob's trade");
    assert.deepEqual(bobTrades.map((x: any) => [x.id, x.orderId, x.side, x.price, x.quantity, x.liquidity]), [['BTC-USDT-1', sellId, 'SELL', '50000', '0.0001', 'TAKER']]);
    await eventually(async () => ((await app.inject({ url: '/api/v1/balances', headers: bob.auth })).json().length === 1 ? true : undefined), 10_000, 'bob balance');
    // Give the redelivered `place` time to be (not) applied, then check Alice's balances.
    await eventually(async () => {
      const { rows } = await app.db.write.query("SELECT last_offset FROM consumer_offsets WHERE consumer = 'matching_engine_saver_accounts'");
      return rows[0]?.last_offset === '2' ? true : undefined;
    }, 10_000, 'accounts offset');
    await new Promise((r) => setTimeout(r, 500));
    const balances = (await app.inject({ url: '/api/v1/balances', headers: alice.auth })).json();
    assert.deepEqual(balances, [{ asset: 'BTC', available: '0.0001', locked: '0' }, { asset: 'USDT', available: '990', locked: '5' }]);
    const { rows: tradeRows } = await app.db.write.query('SELECT count(*)::int AS n FROM trades');
    assert.equal(tradeRows[0].n, 1);

    // Redis, with the seed's keys and TTLs.
    const p = box.config.redisPrefix;
    const ttl = (key: string) => redis.ttl(p + key);
    assert.ok((await ttl(`orders:userId_${alice.userId}:orderId_${buyId}`)) > 86_000, 'open order cached for 24 h');
    assert.equal(await redis.exists(`${p}orders:userId_${bob.userId}:orderId_${sellId}`), 0, 'filled order not cached');
    assert.ok((await ttl(`accounts:userId_${alice.userId}:asset_USDT`)) > 86_000);
    await eventually(async () => ((await ttl('orderbook:BTC-USDT')) > 0 ? true : undefined), 10_000, 'orderbook cached');
    assert.ok((await ttl('orderbook:BTC-USDT')) <= 60);
    await eventually(async () => ((await ttl('ticker:BTC-USDT')) > 0 ? true : undefined), 10_000, 'ticker cached');
    assert.ok((await ttl('ticker:BTC-USDT')) <= 60);
    const book = (await app.inject({ url: '/api/v1/markets/BTC-USDT/orderbook' })).json();
    assert.deepEqual(book, { symbol: 'BTC-USDT', bids: [['50000', '0.0001']], asks: [], source: 'cache' });
    const ticker = (await app.inject({ url: '/api/v1/markets/BTC-USDT/ticker' })).json();
    assert.deepEqual([ticker.lastPrice, ticker.bestBid, ticker.volume, ticker.source], ['50000', '50000', '0.0001', 'cache']);
    const publicTrades = (await app.inject({ url: '/api/v1/markets/BTC-USDT/trades' })).json();
    assert.deepEqual(publicTrades.map((x: any) => [x.id, x.price, x.takerSide]), [['BTC-USDT-1', '50000', 'SELL']]);

    // WebSocket pushes.
    const [aliceWs, bobWs] = sockets;
    const aliceFill = await aliceWs.waitFor((m) => m.type === 'event' && m.channel === 'fills', 10_000, 'alice fill');
    assert.deepEqual([aliceFill.data.orderId, aliceFill.data.side, aliceFill.data.liquidity, aliceFill.data.quantity], [buyId, 'BUY', 'MAKER', '0.0001']);
    const bobFill = await bobWs.waitFor((m) => m.type === 'event' && m.channel === 'fills', 10_000, 'bob fill');
    assert.deepEqual([bobFill.data.orderId, bobFill.data.side, bobFill.data.liquidity], [sellId, 'SELL', 'TAKER']);
    assert.equal(bobFill.key, bob.userId);
    await bobWs.waitFor((m) => m.type === 'event' && m.channel === 'balances' && m.data.asset === 'USDT' && m.data.available === '5', 10_000, 'bob balance push');
    await aliceWs.waitFor((m) => m.type === 'event' && m.channel === 'orders' && m.data.event === 'ACCEPTED' && m.data.orderId === buyId, 10_000, 'alice accepted push');
    const aliceFilled = await aliceWs.waitFor((m) => m.type === 'event' && m.channel === 'orders' && m.data.status === 'PARTIALLY_FILLED', 10_000, 'alice partial fill push');
    assert.deepEqual([aliceFilled.data.orderId, aliceFilled.data.quantity, aliceFilled.data.filledQuantity], [buyId, '0.0002', '0.0001']);
    const bobFilled = await bobWs.waitFor((m) => m.type === 'event' && m.channel === 'orders' && m.data.event === 'FILLED', 10_000, 'bob filled push');
    assert.deepEqual([bobFilled.data.orderId, bobFilled.data.status, bobFilled.data.filledQuantity], [sellId, 'FILLED', '0.0001']);
    await watcher.waitFor((m) => m.type === 'event' && m.channel === 'trades' && m.data.id === 'BTC-USDT-1', 10_000, 'public trade');
    await watcher.waitFor((m) => m.type === 'event' && m.channel === 'orderbook' && m.data.bids.length === 1, 10_000, 'public book');
    await watcher.waitFor((m) => m.type === 'event' && m.channel === 'ticker' && m.data.lastPrice === '50000', 10_000, 'public ticker');
    assert.equal(aliceWs.messages.some((m) => m.type === 'event' && m.channel === 'fills' && m.data.orderId === sellId), false, "alice never sees bob's fill");
    for (const ws of [...sockets, watcher]) ws.close();
  });

  test('an unreadable message is skipped and does not block the ones behind it', async () => {
    const t = topics(box.config.kafkaPrefix);
    const user = await register(app);
    await produce(t.output, [{ key: 'x', value: { v: 99, events: [] } }]);
    await produceResults(t.output, [
      { key: 'x', value: { v: CONTRACT_VERSION, inputPartition: 0, inputOffset: '3', events: [{ type: 'BALANCE', accountId: user.userId, asset: 'ETH', available: 150_000_000, reserved: 0, timestampMs: Date.now() }] } },
    ]);
    const balances = await eventually(async () => {
      const list = (await app.inject({ url: '/api/v1/balances', headers: user.auth })).json();
      return list.length > 0 ? list : undefined;
    }, 15_000, 'balance after a bad message');
    assert.deepEqual(balances, [{ asset: 'ETH', available: '1.5', locked: '0' }]);
  });

  test('results re-emitted after an engine restart reach a WebSocket client at most once', async () => {
    const t = topics(box.config.kafkaPrefix);
    const alice = await register(app);
    const bob = await register(app);
    const ws = await WsClient.connect(url);
    await ws.request({ op: 'auth', token: alice.token }, 'authenticated');
    for (const channel of ['fills', 'balances']) await ws.request({ op: 'subscribe', channel }, 'subscribed');
    const ts = Date.now();
    const fill: ResultMessage = {
      v: CONTRACT_VERSION, inputPartition: 0, inputOffset: '10',
      events: [{
        type: 'TRADE', tradeId: 77, symbol: 'BTC-USDT', price: 5_000_000, quantity: 10_000, takerSide: 'SELL',
        takerOrderId: crypto.randomUUID(), takerAccountId: bob.userId, makerOrderId: crypto.randomUUID(), makerAccountId: alice.userId,
        takerRemaining: 0, makerRemaining: 0, timestampMs: ts,
      }],
    };
    const marker: ResultMessage = {
      v: CONTRACT_VERSION, inputPartition: 0, inputOffset: '11',
      events: [{ type: 'BALANCE', accountId: alice.userId, asset: 'BTC', available: 10_000, reserved: 0, timestampMs: ts }],
    };
    // The engine replays offset 10 from its snapshot after a restart and emits its results again.
    await produceResults(t.output, [fill, fill, marker].map((value) => ({ key: 'BTC-USDT', value })));
    await ws.waitFor((m) => m.type === 'event' && m.channel === 'balances' && m.data.asset === 'BTC', 15_000, 'marker balance');
    const fills = ws.messages.filter((m) => m.type === 'event' && m.channel === 'fills' && m.data.id === 'BTC-USDT-77');
    assert.equal(fills.length, 1);
    ws.close();
  });

  test('a deposit the engine rejects is told to the user on the balances channel', async () => {
    const t = topics(box.config.kafkaPrefix);
    const user = await register(app);
    const ws = await WsClient.connect(url);
    await ws.request({ op: 'auth', token: user.token }, 'authenticated');
    await ws.request({ op: 'subscribe', channel: 'balances' }, 'subscribed');
    await produceResults(t.output, [{
      key: 'USDT',
      value: { v: CONTRACT_VERSION, inputPartition: 0, inputOffset: '20', events: [{ type: 'REJECTED', commandType: 'DEPOSIT', reason: 'AMOUNT_TOO_LARGE', accountId: user.userId, timestampMs: Date.now() }] },
    }]);
    const pushed = await ws.waitFor((m) => m.type === 'event' && m.channel === 'balances' && m.data.event === 'DEPOSIT_REJECTED', 15_000, 'deposit rejection');
    assert.equal(pushed.data.reason, 'AMOUNT_TOO_LARGE');
    ws.close();
  });
});

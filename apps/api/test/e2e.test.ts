import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { REDIS_URL, appFor, eventually, register, sandbox, type Sandbox } from './helpers.js';
import { EngineProcess } from './engine-process.js';
import { WsClient } from './ws-client.js';

describe('end to end with the real matching engine', { timeout: 300_000 }, () => {
  let box: Sandbox;
  let app: FastifyInstance;
  let engine: EngineProcess;
  let url: string;
  let redis: Redis;
  before(async () => {
    box = await sandbox({ consumersEnabled: true, devDepositsEnabled: true });
    app = await appFor(box.config);
    url = (await app.listen({ host: '127.0.0.1', port: 0 })).replace('http', 'ws') + '/ws';
    engine = await EngineProcess.start(box.config, await app.instruments.all());
    redis = new Redis(REDIS_URL);
  });
  after(async () => {
    redis?.disconnect();
    await engine?.stop();
    await app?.close();
    await box?.drop();
  });

  test('two users cross through REST: trade saved, balances moved, book cached, both sockets get the fill; cancel releases the rest', async () => {
    const [alice, bob] = [await register(app), await register(app)];
    const sockets = await Promise.all([alice, bob].map(async (u) => {
      const ws = await WsClient.connect(url);
      await ws.request({ op: 'auth', token: u.token }, 'authenticated');
      await ws.request({ op: 'subscribe', channel: 'fills' }, 'subscribed');
      return ws;
    }));
    const post = (user: typeof alice, url: string, payload: object) => app.inject({ method: 'POST', url, headers: user.auth, payload });
    const balances = async (user: typeof alice) => (await app.inject({ url: '/api/v1/balances', headers: user.auth })).json();

    assert.equal((await post(alice, '/api/v1/dev/deposit', { asset: 'USDT', amount: '1000' })).statusCode, 202);
    assert.equal((await post(bob, '/api/v1/dev/deposit', { asset: 'BTC', amount: '1' })).statusCode, 202);
    await eventually(async () => ((await balances(alice)).length === 1 && (await balances(bob)).length === 1 ? true : undefined), 30_000, 'deposits');

    const buy = await post(alice, '/api/v1/orders', { symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', price: '50000', quantity: '0.02' });
    assert.equal(buy.statusCode, 202, buy.body);
    const buyId = buy.json().orderId;
    await eventually(async () => ((await app.inject({ url: '/api/v1/orders/open', headers: alice.auth })).json().length === 1 ? true : undefined), 30_000, 'buy on the book');
    const sell = await post(bob, '/api/v1/orders', { symbol: 'BTC-USDT', side: 'SELL', type: 'LIMIT', price: '50000', quantity: '0.01' });
    assert.equal(sell.statusCode, 202, sell.body);
    const sellId = sell.json().orderId;

    // The fill reaches each user's socket.
    const [aliceWs, bobWs] = sockets;
    const aliceFill = await aliceWs.waitFor((m) => m.type === 'event' && m.channel === 'fills', 30_000, 'alice fill');
    const bobFill = await bobWs.waitFor((m) => m.type === 'event' && m.channel === 'fills', 30_000, 'bob fill');
    assert.deepEqual([aliceFill.data.orderId, aliceFill.data.side, aliceFill.data.price, aliceFill.data.quantity, aliceFill.data.liquidity], [buyId, 'BUY', '50000', '0.01', 'MAKER']);
    assert.deepEqual([bobFill.data.orderId, bobFill.data.side, bobFill.data.liquidity], [sellId, 'SELL', 'TAKER']);

    // The trade is in PostgreSQL.
    const trades = await eventually(async () => {
      const { rows } = await app.db.write.query('SELECT symbol, price::text, quantity::text, buyer_id, seller_id, buy_order_id, sell_order_id, taker_side FROM trades');
      return rows.length > 0 ? rows : undefined;
    }, 30_000, 'trade row');
    assert.deepEqual(trades, [{
      symbol: 'BTC-USDT', price: '50000.000000000000000000', quantity: '0.010000000000000000',
      buyer_id: alice.userId, seller_id: bob.userId, buy_order_id: buyId, sell_order_id: sellId, taker_side: 'SELL',
    }]);

    // Balances moved: Alice paid 500 USDT of her 1000 reserved, Bob sold 0.01 BTC.
    const expected = {
      alice: [{ asset: 'BTC', available: '0.01', locked: '0' }, { asset: 'USDT', available: '0', locked: '500' }],
      bob: [{ asset: 'BTC', available: '0.99', locked: '0' }, { asset: 'USDT', available: '500', locked: '0' }],
    };
    await eventually(async () => {
      const [a, b] = [await balances(alice), await balances(bob)];
      return JSON.stringify([a, b]) === JSON.stringify([expected.alice, expected.bob]) ? true : undefined;
    }, 30_000, `balances ${JSON.stringify(expected)}`);

    // Orders: Alice's rests half filled, Bob's is filled.
    // Each consumer group runs at its own pace, so the orders saver may trail the trades and accounts savers.
    await eventually(async () => {
      const order = (await app.inject({ url: `/api/v1/orders/${buyId}`, headers: alice.auth })).json();
      return order.status === 'PARTIALLY_FILLED' && order.filledQuantity === '0.01' ? true : undefined;
    }, 30_000, 'buy partially filled');
    await eventually(async () => ((await app.inject({ url: `/api/v1/orders/${sellId}`, headers: bob.auth })).json().status === 'FILLED' ? true : undefined), 30_000, 'sell filled');

    // The order book in Redis shows what is left.
    const cached = await eventually(async () => {
      const raw = await redis.get(`${box.config.redisPrefix}orderbook:BTC-USDT`);
      const book = raw ? JSON.parse(raw) : undefined;
      return book && book.bids.length === 1 && book.bids[0][1] === '0.01' ? book : undefined;
    }, 30_000, 'order book in Redis');
    assert.deepEqual([cached.bids, cached.asks], [[['50000', '0.01']], []]);
    const ttl = await redis.ttl(`${box.config.redisPrefix}orderbook:BTC-USDT`);
    assert.ok(ttl > 0 && ttl <= 60, `orderbook TTL ${ttl}`);

    // Alice cancels the rest: the order is CANCELED and her reserved 500 USDT come back.
    const cancel = await app.inject({ method: 'DELETE', url: `/api/v1/orders/${buyId}`, headers: alice.auth });
    assert.equal(cancel.statusCode, 202, cancel.body);
    await eventually(async () => ((await app.inject({ url: `/api/v1/orders/${buyId}`, headers: alice.auth })).json().status === 'CANCELED' ? true : undefined), 30_000, 'cancelled');
    await eventually(async () => {
      const usdt = (await balances(alice)).find((b: { asset: string }) => b.asset === 'USDT');
      return usdt.available === '500' && usdt.locked === '0' ? true : undefined;
    }, 30_000, 'reserve released');
    const again = await app.inject({ method: 'DELETE', url: `/api/v1/orders/${buyId}`, headers: alice.auth });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().code, 'ORDER_NOT_OPEN');

    // An order the engine refuses is kept as REJECTED with the engine's reason.
    const tooBig = await post(bob, '/api/v1/orders', { symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', price: '50000', quantity: '1' });
    assert.equal(tooBig.statusCode, 202);
    const rejected = await eventually<{ status: string; reason: string; price: string; quantity: string }>(async () => {
      const res = await app.inject({ url: `/api/v1/orders/${tooBig.json().orderId}`, headers: bob.auth });
      return res.json().status === 'REJECTED' ? res.json() : undefined;
    }, 30_000, 'rejected order recorded');
    assert.deepEqual([rejected.status, rejected.reason, rejected.price, rejected.quantity], ['REJECTED', 'INSUFFICIENT_FUNDS', '50000', '1']);
    for (const ws of sockets) ws.close();
  });
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { SignJWT, importPKCS8 } from 'jose';
import { JWT_PRIVATE_KEY, REDIS_URL, appFor, eventually, register, sandbox, type Sandbox } from './helpers.js';
import { WsClient } from './ws-client.js';

describe('WebSocket /ws', () => {
  let box: Sandbox;
  let replicas: FastifyInstance[];
  let urls: string[];
  let redis: Redis;
  before(async () => {
    box = await sandbox({ wsHeartbeatMs: 300, wsMaxBufferedBytes: 256 * 1024 });
    // Two replicas of the API on one Redis: a client on either must get every event.
    replicas = [await appFor(box.config), await appFor(box.config)];
    urls = [];
    for (const app of replicas) {
      const address = await app.listen({ host: '127.0.0.1', port: 0 });
      urls.push(address.replace('http', 'ws') + '/ws');
    }
    redis = new Redis(REDIS_URL);
  });
  after(async () => {
    redis.disconnect();
    await Promise.all(replicas.map((a) => a.close()));
    await box.drop();
  });

  test('public channels fan out across replicas through Redis', async () => {
    const a = await WsClient.connect(urls[0]);
    const b = await WsClient.connect(urls[1]);
    for (const c of [a, b]) assert.equal((await c.request({ op: 'subscribe', channel: 'trades', symbol: 'BTC-USDT' }, 'subscribed')).key, 'BTC-USDT');
    await redis.publish(`${box.config.redisPrefix}ws:trades:BTC-USDT`, JSON.stringify({ id: 't1', price: '1' }));
    await redis.publish(`${box.config.redisPrefix}ws:trades:ETH-USDT`, JSON.stringify({ id: 'other' }));
    for (const c of [a, b]) {
      const ev = await c.waitFor((m) => m.type === 'event');
      assert.deepEqual(ev, { type: 'event', channel: 'trades', key: 'BTC-USDT', data: { id: 't1', price: '1' } });
    }
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(a.messages.filter((m) => m.type === 'event').length, 1, 'no event of an unsubscribed symbol');
    a.close();
    b.close();
  });

  test('private channels need a valid token and only carry the own user', async () => {
    const user = await register(replicas[0]);
    const other = await register(replicas[0]);
    const c = await WsClient.connect(urls[1]);
    assert.equal((await c.request({ op: 'subscribe', channel: 'orders' }, 'subscribed')).code, 'UNAUTHENTICATED');
    assert.equal((await c.request({ op: 'auth', token: 'garbage' }, 'authenticated')).code, 'TOKEN_INVALID');
    assert.equal((await c.request({ op: 'auth', token: user.token }, 'authenticated')).userId, user.userId);
    await c.request({ op: 'subscribe', channel: 'orders' }, 'subscribed');
    await redis.publish(`${box.config.redisPrefix}ws:orders:${other.userId}`, JSON.stringify({ orderId: 'not-mine' }));
    await redis.publish(`${box.config.redisPrefix}ws:orders:${user.userId}`, JSON.stringify({ orderId: 'mine' }));
    const ev = await c.waitFor((m) => m.type === 'event');
    assert.equal(ev.data.orderId, 'mine');
    c.close();
  });

  test('malformed messages get coded errors, the connection stays', async () => {
    const c = await WsClient.connect(urls[0]);
    c.socket.send('not json');
    assert.equal((await c.waitFor((m) => m.type === 'error')).code, 'INVALID_JSON');
    assert.equal((await c.request({ op: 'subscribe', channel: 'trades', symbol: 'x y' }, 'subscribed')).code, 'VALIDATION_FAILED');
    assert.equal((await c.request({ op: 'dance' }, 'pong')).code, 'VALIDATION_FAILED');
    assert.equal((await c.request({ op: 'ping' }, 'pong')).type, 'pong');
    c.close();
  });

  test('a client that stops answering heartbeats is dropped', async () => {
    const silent = await WsClient.connect(urls[0], { autoPong: false });
    const healthy = await WsClient.connect(urls[0]);
    await eventually(async () => (silent.closed ? true : undefined), 5_000, 'silent client dropped');
    assert.equal(healthy.closed, false);
    healthy.close();
  });

  test('a slow client is dropped instead of buffered without bound', async () => {
    // Heartbeats off the table here: only the send backlog may decide who is dropped.
    const app = await appFor({ ...box.config, wsHeartbeatMs: 60_000 });
    const url = (await app.listen({ host: '127.0.0.1', port: 0 })).replace('http', 'ws') + '/ws';
    const slow = await WsClient.connect(url);
    const fast = await WsClient.connect(url);
    for (const c of [slow, fast]) await c.request({ op: 'subscribe', channel: 'orderbook', symbol: 'ETH-USDT' }, 'subscribed');
    // Stop reading: the kernel buffers fill, then the server's send buffer grows past its limit.
    (slow.socket as any)._socket.pause();
    const big = JSON.stringify({ pad: 'x'.repeat(64 * 1024) });
    const channel = `${box.config.redisPrefix}ws:orderbook:ETH-USDT`;
    const dropped = await eventually(async () => {
      for (let i = 0; i < 20; i++) await redis.publish(channel, big);
      const metrics = await app.metrics.registry.metrics();
      return /ws_clients_dropped_total \d*[1-9]/.test(metrics) ? true : undefined;
    }, 20_000, 'slow client dropped');
    assert.equal(dropped, true);
    assert.equal(fast.closed, false);
    assert.ok(fast.messages.filter((m) => m.type === 'event').length >= 20);
    slow.close();
    fast.close();
    await app.close();
  });

  test('fails when subscribing to a symbol that is not traded, as REST does', async () => {
    const c = await WsClient.connect(urls[0]);
    const res = await c.request({ op: 'subscribe', channel: 'orderbook', symbol: 'DOGE-USDT' }, 'subscribed');
    assert.deepEqual([res.type, res.code], ['error', 'UNKNOWN_SYMBOL']);
    c.close();
  });

  test('a ticker and book snapshot come on subscribe even after the cache expired in a quiet minute', async () => {
    const c = await WsClient.connect(urls[0]);
    await redis.del(`${box.config.redisPrefix}ticker:ETH-USDT`, `${box.config.redisPrefix}orderbook:ETH-USDT`);
    await c.request({ op: 'subscribe', channel: 'ticker', symbol: 'ETH-USDT' }, 'subscribed');
    const ticker = await c.waitFor((m) => m.type === 'snapshot' && m.channel === 'ticker', 5_000, 'ticker snapshot');
    assert.deepEqual([ticker.key, ticker.data.source, ticker.data.tradeCount], ['ETH-USDT', 'database', 0]);
    await c.request({ op: 'subscribe', channel: 'orderbook', symbol: 'ETH-USDT' }, 'subscribed');
    const book = await c.waitFor((m) => m.type === 'snapshot' && m.channel === 'orderbook', 5_000, 'book snapshot');
    assert.deepEqual([book.data.bids, book.data.asks, book.data.source], [[], [], 'database']);
    c.close();
  });

  test('private subscriptions end when the token expires', async () => {
    const user = await register(replicas[0]);
    const key = await importPKCS8(JWT_PRIVATE_KEY, 'RS256');
    const shortLived = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject(user.userId)
      .setIssuer('orderbook-api')
      .setAudience('orderbook-api')
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + 2)
      .sign(key);
    const c = await WsClient.connect(urls[0]);
    await c.request({ op: 'auth', token: shortLived }, 'authenticated');
    await c.request({ op: 'subscribe', channel: 'fills' }, 'subscribed');
    const expired = await c.waitFor((m) => m.type === 'error', 5_000, 'expiry notice');
    assert.equal(expired.code, 'TOKEN_EXPIRED');
    await redis.publish(`${box.config.redisPrefix}ws:fills:${user.userId}`, JSON.stringify({ id: 'after-expiry' }));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(c.messages.some((m) => m.type === 'event'), false, 'no private event after expiry');
    c.close();
  });
});

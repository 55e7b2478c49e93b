import fp from 'fastify-plugin';
import websocket from '@fastify/websocket';
import type { WebSocket } from 'ws';
import type { FastifyInstance } from 'fastify';
import { decodeJwt } from 'jose';
import { ApiError, ErrorCode } from '../errors.js';
import { bookSnapshot, tickerSnapshot } from '../lib/market-data.js';

const PUBLIC = new Set(['orderbook', 'trades', 'ticker']);
const PRIVATE = new Set(['orders', 'balances', 'fills']);
const SYMBOL = /^[A-Z0-9]{1,12}-[A-Z0-9]{1,12}$/;
/** Largest client message accepted; subscriptions are tiny. */
const MAX_MESSAGE_BYTES = 4096;
const MAX_SUBSCRIPTIONS = 100;

interface Client {
  readonly socket: WebSocket;
  userId?: string;
  /** Ends the private subscriptions when the token they were authorised by expires. */
  expiry?: NodeJS.Timeout;
  alive: boolean;
  readonly topics: Set<string>;
}

/**
 * WebSocket endpoint `/ws`. Every replica psubscribes once to the Redis channels the notifier publishes on
 * and fans messages out to its own clients, so a client may be connected to any replica.
 */
export default fp(
  async (app) => {
    const { keys, config } = app;
    const byTopic = new Map<string, Set<Client>>();
    const clients = new Set<Client>();
    let heartbeat: NodeJS.Timeout | undefined;
    await app.register(websocket, {
      options: { maxPayload: MAX_MESSAGE_BYTES },
      // Tell clients to reconnect elsewhere (1001 "going away") rather than just dropping them.
      preClose(this: FastifyInstance, done: () => void) {
        clearInterval(heartbeat);
        for (const client of this.websocketServer.clients) client.close(1001, 'server shutting down');
        this.websocketServer.close(() => done());
      },
    });

    const drop = (client: Client, reason: string) => {
      app.metrics.wsDropped.inc();
      app.log.info({ reason, userId: client.userId }, 'dropping websocket client');
      client.socket.terminate();
    };

    /** Sends unless the client has fallen behind; a slow client is dropped, never buffered without bound. */
    const deliver = (client: Client, text: string) => {
      if (client.socket.readyState !== client.socket.OPEN) return;
      if (client.socket.bufferedAmount > config.wsMaxBufferedBytes) return drop(client, 'slow consumer');
      client.socket.send(text);
    };

    // No retry cap: the subscription waits for Redis rather than failing, and ioredis re-subscribes
    // after every reconnect, so a Redis restart only pauses fan-out.
    const subscriber = app.redis.duplicate({ maxRetriesPerRequest: null });
    subscriber.on('error', (err) => app.log.debug({ err }, 'redis subscriber error'));
    subscriber.psubscribe(keys.wsPattern()).catch((err) => app.log.warn({ err }, 'redis psubscribe failed'));
    subscriber.on('pmessage', (_pattern: string, channel: string, message: string) => {
      const topic = keys.wsTopic(channel);
      const targets = byTopic.get(topic);
      if (!targets || targets.size === 0) return;
      const sep = topic.indexOf(':');
      // The payload is already JSON; splice it in rather than parse and re-serialise per client.
      const text = `{"type":"event","channel":${JSON.stringify(topic.slice(0, sep))},"key":${JSON.stringify(topic.slice(sep + 1))},"data":${message}}`;
      for (const client of targets) deliver(client, text);
    });

    heartbeat = setInterval(() => {
      for (const client of clients) {
        if (!client.alive) {
          drop(client, 'missed heartbeat');
          continue;
        }
        client.alive = false;
        client.socket.ping();
      }
    }, config.wsHeartbeatMs);
    heartbeat.unref();

    const unsubscribeAll = (client: Client) => {
      for (const topic of client.topics) {
        const set = byTopic.get(topic);
        set?.delete(client);
        if (set?.size === 0) byTopic.delete(topic);
      }
      client.topics.clear();
    };

    const reply = (client: Client, body: object) => deliver(client, JSON.stringify(body));
    const fail = (client: Client, code: string, message: string) => reply(client, { type: 'error', code, message });

    /** The current book or ticker, rebuilt from PostgreSQL when the cache expired after a quiet minute. */
    const snapshot = async (client: Client, channel: string, symbol: string) => {
      const data =
        channel === 'orderbook' ? await bookSnapshot(app, symbol, 50) : channel === 'ticker' ? await tickerSnapshot(app, symbol) : undefined;
      if (data) deliver(client, JSON.stringify({ type: 'snapshot', channel, key: symbol, data: { ...data, ts: Date.now() } }));
    };

    /** Drops a client's private subscriptions and its user, and tells it why. */
    const expire = (client: Client) => {
      clearTimeout(client.expiry);
      client.expiry = undefined;
      for (const topic of [...client.topics]) {
        if (!PRIVATE.has(topic.slice(0, topic.indexOf(':')))) continue;
        client.topics.delete(topic);
        byTopic.get(topic)?.delete(client);
      }
      client.userId = undefined;
      fail(client, ErrorCode.TOKEN_EXPIRED, 'token expired: private subscriptions ended; send {"op":"auth"} with a new token and subscribe again');
    };

    const handle = async (client: Client, raw: string) => {
      let msg: { op?: unknown; channel?: unknown; symbol?: unknown; token?: unknown };
      try {
        msg = JSON.parse(raw);
      } catch {
        return fail(client, ErrorCode.INVALID_JSON, 'message is not JSON');
      }
      if (typeof msg !== 'object' || msg === null) return fail(client, ErrorCode.VALIDATION_FAILED, 'message must be an object');
      switch (msg.op) {
        case 'ping':
          return reply(client, { type: 'pong' });
        case 'auth': {
          if (typeof msg.token !== 'string') return fail(client, ErrorCode.VALIDATION_FAILED, 'auth needs a token');
          let userId: string;
          try {
            userId = await app.verifyToken(msg.token);
          } catch (err) {
            const code = err instanceof ApiError ? err.code : ErrorCode.TOKEN_INVALID;
            return fail(client, code, 'token rejected');
          }
          // Another user's token must not inherit the previous user's private subscriptions.
          if (client.userId !== undefined && client.userId !== userId) expire(client);
          client.userId = userId;
          clearTimeout(client.expiry);
          const { exp } = decodeJwt(msg.token);
          if (typeof exp === 'number') {
            client.expiry = setTimeout(() => expire(client), Math.max(0, exp * 1000 - Date.now()));
            client.expiry.unref();
          }
          return reply(client, { type: 'authenticated', userId: client.userId, expiresAt: typeof exp === 'number' ? new Date(exp * 1000).toISOString() : null });
        }
        case 'subscribe':
        case 'unsubscribe': {
          const channel = String(msg.channel);
          let topic: string;
          if (PUBLIC.has(channel)) {
            if (typeof msg.symbol !== 'string' || !SYMBOL.test(msg.symbol)) {
              return fail(client, ErrorCode.VALIDATION_FAILED, `${channel} needs a symbol like BTC-USDT`);
            }
            // As REST does: a symbol that is not traded is an error, not a silent subscription.
            if (msg.op === 'subscribe' && (await app.instruments.get(msg.symbol)) === undefined) {
              return fail(client, ErrorCode.UNKNOWN_SYMBOL, `unknown symbol ${msg.symbol}`);
            }
            topic = `${channel}:${msg.symbol}`;
          } else if (PRIVATE.has(channel)) {
            if (!client.userId) return fail(client, ErrorCode.UNAUTHENTICATED, `${channel} needs {"op":"auth"} first`);
            topic = `${channel}:${client.userId}`;
          } else {
            return fail(client, ErrorCode.VALIDATION_FAILED, 'channel must be orderbook, trades, ticker, orders, balances or fills');
          }
          if (msg.op === 'unsubscribe') {
            client.topics.delete(topic);
            byTopic.get(topic)?.delete(client);
            return reply(client, { type: 'unsubscribed', channel, key: topic.slice(channel.length + 1) });
          }
          if (client.topics.size >= MAX_SUBSCRIPTIONS) return fail(client, ErrorCode.VALIDATION_FAILED, 'too many subscriptions');
          client.topics.add(topic);
          let set = byTopic.get(topic);
          if (!set) byTopic.set(topic, (set = new Set()));
          set.add(client);
          reply(client, { type: 'subscribed', channel, key: topic.slice(channel.length + 1) });
          if (PUBLIC.has(channel)) await snapshot(client, channel, String(msg.symbol));
          return undefined;
        }
        default:
          return fail(client, ErrorCode.VALIDATION_FAILED, 'op must be ping, auth, subscribe or unsubscribe');
      }
    };

    app.get('/ws', { websocket: true, schema: { hide: true } }, (socket) => {
      const client: Client = { socket, alive: true, topics: new Set() };
      clients.add(client);
      socket.on('pong', () => (client.alive = true));
      socket.on('message', (data, isBinary) => {
        client.alive = true;
        if (isBinary) return fail(client, ErrorCode.VALIDATION_FAILED, 'send text frames');
        handle(client, data.toString()).catch((err) => app.log.error({ err }, 'websocket handler failed'));
      });
      socket.on('close', () => {
        clearTimeout(client.expiry);
        unsubscribeAll(client);
        clients.delete(client);
      });
    });

    app.addHook('onClose', async () => {
      subscriber.disconnect();
    });
  },
  { name: 'ws', dependencies: ['infra', 'auth', 'metrics'] },
);

import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorCode, notFound } from '../errors.js';
import { normalize } from '../lib/decimal.js';
import { RECENT_TRADES } from '../lib/keys.js';
import { publicInstrument } from '../lib/instruments.js';
import { SymbolParams, withErrors } from './schemas.js';

const InstrumentSchema = Type.Object({
  symbol: Type.String(),
  baseAsset: Type.String(),
  quoteAsset: Type.String(),
  tickSize: Type.String(),
  lotSize: Type.String(),
  minQty: Type.String(),
  status: Type.String(),
});
const Level = Type.Tuple([Type.String(), Type.String()], { description: '[price, quantity]' });
const Book = Type.Object({
  symbol: Type.String(),
  bids: Type.Array(Level),
  asks: Type.Array(Level),
  source: Type.String({ description: 'cache (engine snapshot) or database (rebuilt from open orders)' }),
});
const PublicTrade = Type.Object({
  id: Type.String(),
  symbol: Type.String(),
  price: Type.String(),
  quantity: Type.String(),
  takerSide: Type.String(),
  executedAt: Type.String(),
});
const NullableDecimal = Type.Union([Type.String(), Type.Null()]);
const Ticker = Type.Object({
  symbol: Type.String(),
  lastPrice: NullableDecimal,
  lastQuantity: NullableDecimal,
  bestBid: NullableDecimal,
  bestAsk: NullableDecimal,
  volume: Type.String({ description: 'base quantity traded since the engine started (cache) or ever (database)' }),
  tradeCount: Type.Integer(),
  source: Type.String(),
});

/** Markets, instruments and the public market data (Redis first, PostgreSQL when the cache has expired). */
const marketRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const known = async (symbol: string) => {
    const instrument = await app.instruments.get(symbol);
    if (!instrument) throw notFound(ErrorCode.UNKNOWN_SYMBOL, `unknown symbol ${symbol}`);
    return instrument;
  };

  app.get('/markets', { schema: { tags: ['markets'], response: { 200: Type.Array(InstrumentSchema), ...withErrors([429]) } } }, async () =>
    (await app.instruments.all()).map(publicInstrument),
  );

  app.get(
    '/markets/:symbol',
    { schema: { tags: ['markets'], params: SymbolParams, response: { 200: InstrumentSchema, ...withErrors([400, 404, 429]) } } },
    async (request) => publicInstrument(await known(request.params.symbol)),
  );

  app.get(
    '/markets/:symbol/orderbook',
    {
      schema: {
        tags: ['markets'],
        params: SymbolParams,
        querystring: Type.Object({ depth: Type.Integer({ minimum: 1, maximum: 500, default: 50 }) }, { additionalProperties: false }),
        response: { 200: Book, ...withErrors([400, 404, 429]) },
      },
    },
    async (request) => {
      const { symbol } = request.params;
      await known(symbol);
      const depth = request.query.depth;
      const cached = await app.redis.get(app.keys.orderbook(symbol)).catch(() => null);
      if (cached) {
        const book = JSON.parse(cached) as { bids: [string, string][]; asks: [string, string][] };
        return { symbol, bids: book.bids.slice(0, depth), asks: book.asks.slice(0, depth), source: 'cache' };
      }
      const { rows } = await app.db.read.query<{ side: string; price: string; qty: string }>(
        `SELECT side, price::text, sum(quantity - filled_quantity)::text AS qty FROM orders
          WHERE symbol = $1 AND status IN ('NEW', 'PARTIALLY_FILLED') AND price IS NOT NULL
          GROUP BY side, price ORDER BY side, CASE WHEN side = 'BUY' THEN -price ELSE price END LIMIT 1000`,
        [symbol],
      );
      const level = (r: { price: string; qty: string }): [string, string] => [normalize(r.price)!, normalize(r.qty)!];
      return {
        symbol,
        bids: rows.filter((r) => r.side === 'BUY').slice(0, depth).map(level),
        asks: rows.filter((r) => r.side === 'SELL').slice(0, depth).map(level),
        source: 'database',
      };
    },
  );

  app.get(
    '/markets/:symbol/trades',
    {
      schema: {
        tags: ['markets'],
        params: SymbolParams,
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: RECENT_TRADES, default: 50 }) }, { additionalProperties: false }),
        response: { 200: Type.Array(PublicTrade), ...withErrors([400, 404, 429]) },
      },
    },
    async (request) => {
      const { symbol } = request.params;
      await known(symbol);
      const cached = await app.redis.zrevrange(app.keys.trades(symbol), 0, request.query.limit - 1).catch(() => [] as string[]);
      if (cached.length > 0) return cached.map((t) => JSON.parse(t));
      const { rows } = await app.db.read.query(
        `SELECT id, symbol, price::text, quantity::text, taker_side, executed_at FROM trades
          WHERE symbol = $1 ORDER BY executed_at DESC, id DESC LIMIT $2`,
        [symbol, request.query.limit],
      );
      return rows.map((r) => ({
        id: r.id,
        symbol: r.symbol,
        price: normalize(r.price)!,
        quantity: normalize(r.quantity)!,
        takerSide: r.taker_side,
        executedAt: r.executed_at.toISOString(),
      }));
    },
  );

  app.get(
    '/markets/:symbol/ticker',
    { schema: { tags: ['markets'], params: SymbolParams, response: { 200: Ticker, ...withErrors([400, 404, 429]) } } },
    async (request) => {
      const { symbol } = request.params;
      await known(symbol);
      const cached = await app.redis.get(app.keys.ticker(symbol)).catch(() => null);
      if (cached) return { ...JSON.parse(cached), symbol, source: 'cache' };
      const { rows } = await app.db.read.query(
        `SELECT (SELECT price::text FROM trades WHERE symbol = $1 ORDER BY executed_at DESC, id DESC LIMIT 1) AS last_price,
                (SELECT quantity::text FROM trades WHERE symbol = $1 ORDER BY executed_at DESC, id DESC LIMIT 1) AS last_qty,
                (SELECT max(price)::text FROM orders WHERE symbol = $1 AND side = 'BUY' AND status IN ('NEW', 'PARTIALLY_FILLED')) AS best_bid,
                (SELECT min(price)::text FROM orders WHERE symbol = $1 AND side = 'SELL' AND status IN ('NEW', 'PARTIALLY_FILLED')) AS best_ask,
                coalesce(sum(quantity), 0)::text AS volume, count(*)::int AS trade_count
           FROM trades WHERE symbol = $1`,
        [symbol],
      );
      const r = rows[0];
      return {
        symbol,
        lastPrice: normalize(r.last_price),
        lastQuantity: normalize(r.last_qty),
        bestBid: normalize(r.best_bid),
        bestAsk: normalize(r.best_ask),
        volume: normalize(r.volume)!,
        tradeCount: r.trade_count,
        source: 'database',
      };
    },
  );
};

export default marketRoutes;

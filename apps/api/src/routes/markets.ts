import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorCode, badRequest, notFound } from '../errors.js';
import { normalize } from '../lib/decimal.js';
import { RECENT_TRADES } from '../lib/keys.js';
import { publicInstrument } from '../lib/instruments.js';
import { CANDLE_INTERVALS, MAX_CANDLES, candlePage, type CandleInterval } from '../lib/candles.js';
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
const CandleSchema = Type.Object({
  openTime: Type.String({ description: 'start of the bucket, ISO 8601 UTC' }),
  open: Type.String(),
  high: Type.String(),
  low: Type.String(),
  close: Type.String(),
  volume: Type.String({ description: 'base quantity traded in the bucket' }),
  trades: Type.Integer({ description: 'number of trades in the bucket' }),
});
const CandlePageSchema = Type.Object({
  symbol: Type.String(),
  interval: Type.String(),
  candles: Type.Array(CandleSchema, { description: 'oldest first; buckets without trades are left out' }),
  nextBefore: Type.String({ description: 'start of the scanned window: pass as `before` for the next older page' }),
});
const CandleQuery = Type.Object(
  {
    interval: Type.Union(
      Object.keys(CANDLE_INTERVALS).map((i) => Type.Literal(i)),
      { description: 'bucket width; buckets start on whole multiples since the Unix epoch (UTC midnight for 1d)' },
    ),
    limit: Type.Integer({ minimum: 1, maximum: MAX_CANDLES, default: 300, description: 'buckets to scan (the window is limit × interval)' }),
    before: Type.Optional(
      Type.String({ format: 'date-time', description: 'only buckets that start before this time; default now (the current bucket included)' }),
    ),
  },
  { additionalProperties: false },
);
/** Latest time a `before` may name: far enough for any client clock, small enough for every date type. */
const LATEST_BEFORE_MS = Date.parse('9999-01-01T00:00:00Z');
const NullableDecimal = Type.Union([Type.String(), Type.Null()]);
const Ticker = Type.Object({
  symbol: Type.String(),
  lastPrice: NullableDecimal,
  lastQuantity: NullableDecimal,
  bestBid: NullableDecimal,
  bestAsk: NullableDecimal,
  volume: Type.String({ description: 'base quantity traded since the engine started (cache) or ever (database)' }),
  tradeCount: Type.Integer(),
  open24h: Type.Union([Type.String(), Type.Null()], { description: 'price of the first trade in the last 24 hours (the reference of the 24h change); null without a trade' }),
  high24h: NullableDecimal,
  low24h: NullableDecimal,
  volume24h: Type.String({ description: 'base quantity traded in the last 24 hours' }),
  quoteVolume24h: Type.String({ description: 'quote amount traded in the last 24 hours' }),
  source: Type.String(),
});

/** Markets, instruments and the public market data (Redis first, PostgreSQL when the cache has expired). */
import { bookSnapshot, tickerSnapshot } from '../lib/market-data.js';

const marketRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const known = async (symbol: string) => {
    const instrument = await app.instruments.get(symbol);
    if (!instrument) throw notFound(ErrorCode.UNKNOWN_SYMBOL, `unknown symbol ${symbol}`);
    return instrument;
  };

  app.get('/markets', { schema: { tags: ['markets'], summary: 'Markets', description: 'Every instrument with its tick size, lot size and minimum quantity.', response: { 200: Type.Array(InstrumentSchema), ...withErrors([429]) } } }, async () =>
    (await app.instruments.all()).map(publicInstrument),
  );

  app.get(
    '/markets/:symbol',
    { schema: { tags: ['markets'], summary: 'One market', params: SymbolParams, response: { 200: InstrumentSchema, ...withErrors([400, 404, 429]) } } },
    async (request) => publicInstrument(await known(request.params.symbol)),
  );

  app.get(
    '/markets/:symbol/orderbook',
    {
      schema: {
        summary: 'Order book',
        description: 'Aggregated levels [price, quantity], best first; from the cache, else rebuilt from open orders (`source`).',
        tags: ['markets'],
        params: SymbolParams,
        querystring: Type.Object({ depth: Type.Integer({ minimum: 1, maximum: 500, default: 50 }) }, { additionalProperties: false }),
        response: { 200: Book, ...withErrors([400, 404, 429]) },
      },
    },
    async (request) => {
      const { symbol } = request.params;
      await known(symbol);
      return bookSnapshot(app, symbol, request.query.depth);
    },
  );

  app.get(
    '/markets/:symbol/trades',
    {
      schema: {
        summary: 'Recent public trades',
        description: 'Newest first.',
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
    '/markets/:symbol/candles',
    {
      schema: {
        summary: 'Candles (OHLCV)',
        description:
          'Open, high, low, close and base volume per bucket, aggregated from stored trades. A page covers the `limit` ' +
          'buckets before `before`; page back by passing the answer\'s `nextBefore` as `before`.',
        tags: ['markets'],
        params: SymbolParams,
        querystring: CandleQuery,
        response: { 200: CandlePageSchema, ...withErrors([400, 404, 429]) },
      },
    },
    async (request) => {
      const { symbol } = request.params;
      await known(symbol);
      const { interval, limit, before } = request.query;
      const beforeMs = before === undefined ? Date.now() + 1 : Date.parse(before);
      if (!(beforeMs > 0 && beforeMs <= LATEST_BEFORE_MS)) {
        throw badRequest(ErrorCode.VALIDATION_FAILED, `before must lie between 1970-01-01 and 9999-01-01, got ${before}`);
      }
      const page = await candlePage(app.db.read, symbol, interval as CandleInterval, limit, beforeMs);
      return { symbol, interval, ...page };
    },
  );

  app.get(
    '/markets/:symbol/ticker',
    { schema: { tags: ['markets'], summary: 'Ticker', description: 'Last trade, best bid and ask, volume since the engine started; and over the rolling 24 hours from stored trades: open (first trade), high, low, base and quote volume (refreshed at most once a second). From the cache, else rebuilt from PostgreSQL (`source`).', params: SymbolParams, response: { 200: Ticker, ...withErrors([400, 404, 429]) } } },
    async (request) => {
      const { symbol } = request.params;
      await known(symbol);
      return tickerSnapshot(app, symbol);
    },
  );
};

export default marketRoutes;

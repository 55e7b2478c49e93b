import { randomUUID } from 'node:crypto';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorCode, badRequest, conflict, notFound, unavailable } from '../errors.js';
import { normalize } from '../lib/decimal.js';
import { OPEN_STATUSES, ORDER_COLUMNS, orderFromRow, type PendingOrder } from '../lib/orders.js';
import { TTL_SECONDS } from '../lib/keys.js';
import { ORDER_TYPES, SIDES, TIME_IN_FORCE, cancelCommand, engineOrderType, placeCommand } from '../lib/commands.js';
import { userOf } from '../plugins/auth.js';
import { Decimal, IdParams, Limit, Symbol, authenticated, withErrors } from './schemas.js';

const PlaceBody = Type.Object(
  {
    symbol: Symbol,
    side: Type.Union(SIDES.map((s) => Type.Literal(s))),
    type: Type.Union(ORDER_TYPES.map((s) => Type.Literal(s))),
    timeInForce: Type.Optional(Type.Union(TIME_IN_FORCE.map((s) => Type.Literal(s)))),
    price: Type.Optional(Decimal),
    quantity: Decimal,
  },
  { additionalProperties: false },
);
const Accepted = Type.Object({ orderId: Type.String(), status: Type.Literal('ACCEPTED') });
const Order = Type.Object({
  id: Type.String(),
  symbol: Type.String(),
  side: Type.String(),
  type: Type.String(),
  timeInForce: Type.String(),
  price: Type.Union([Type.String(), Type.Null()]),
  quantity: Type.String(),
  filledQuantity: Type.String(),
  status: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()], { description: 'engine reason code of a rejection or cancellation' }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
const Trade = Type.Object({
  id: Type.String(),
  symbol: Type.String(),
  orderId: Type.String(),
  side: Type.String(),
  price: Type.String(),
  quantity: Type.String(),
  liquidity: Type.String({ description: 'TAKER or MAKER' }),
  executedAt: Type.String(),
});
const ListQuery = Type.Object(
  { symbol: Type.Optional(Symbol), limit: Limit, before: Type.Optional(Type.String({ format: 'date-time' })) },
  { additionalProperties: false },
);

/** Orders: place (202, produced to the engine), cancel, open orders, history; and the caller's trades. */
const orderRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('preHandler', app.authenticate);

  app.post(
    '/orders',
    {
      schema: {
        tags: ['orders'],
        security: authenticated,
        body: PlaceBody,
        response: { 202: Accepted, ...withErrors([400, 401, 404, 429, 503]) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const instrument = await app.instruments.get(body.symbol);
      if (!instrument || instrument.status !== 'TRADING') throw notFound(ErrorCode.UNKNOWN_SYMBOL, `unknown symbol ${body.symbol}`);
      const quantity = instrument.checkQuantity(body.quantity);
      if (typeof quantity === 'string') throw badRequest(ErrorCode.INVALID_QUANTITY, quantity);
      let price: bigint | undefined;
      if (body.type === 'LIMIT') {
        if (body.price === undefined) throw badRequest(ErrorCode.INVALID_PRICE, 'a LIMIT order needs a price');
        const checked = instrument.checkPrice(body.price);
        if (typeof checked === 'string') throw badRequest(ErrorCode.INVALID_PRICE, checked);
        price = checked;
      } else {
        if (body.price !== undefined) throw badRequest(ErrorCode.INVALID_PRICE, 'a MARKET order takes no price');
        if (body.timeInForce !== undefined && body.timeInForce !== 'IOC') {
          throw badRequest(ErrorCode.VALIDATION_FAILED, 'a MARKET order is always IOC');
        }
      }
      const orderId = randomUUID();
      const userId = userOf(request);
      const orderType = engineOrderType(body.type, body.timeInForce ?? 'GTC');
      // The engine's rejection names only the order id, so keep what was asked for until it answers. Not
      // awaited: it must not slow the order path, and without it only a rejected order's row is missing.
      const pending: PendingOrder = { symbol: body.symbol, side: body.side, orderType, price: body.price ?? null, quantity: body.quantity, ts: Date.now() };
      app.redis
        .set(app.keys.pendingOrder(userId, orderId), JSON.stringify(pending), 'EX', TTL_SECONDS.order)
        .catch((err) => request.log.warn({ err }, 'could not cache the pending order'));
      try {
        await app.engine.send(body.symbol, placeCommand({ orderId, userId, symbol: body.symbol, side: body.side, orderType, price, quantity }));
      } catch (err) {
        request.log.warn({ err }, 'produce to engine failed');
        throw unavailable('the order could not be queued; it was not accepted, retry later');
      }
      return reply.status(202).send({ orderId, status: 'ACCEPTED' as const });
    },
  );

  app.delete(
    '/orders/:id',
    {
      schema: {
        tags: ['orders'],
        security: authenticated,
        params: IdParams,
        response: { 202: Type.Object({ orderId: Type.String(), status: Type.Literal('CANCEL_REQUESTED') }), ...withErrors([400, 401, 404, 409, 429, 503]) },
      },
    },
    async (request, reply) => {
      const userId = userOf(request);
      const { rows } = await app.db.write.query<{ symbol: string; status: string }>(
        'SELECT symbol, status FROM orders WHERE id = $1 AND user_id = $2',
        [request.params.id, userId],
      );
      if (rows.length === 0) throw notFound(ErrorCode.ORDER_NOT_FOUND, 'no such order (it may not be processed yet)');
      if (!OPEN_STATUSES.includes(rows[0].status)) throw conflict(ErrorCode.ORDER_NOT_OPEN, `order is ${rows[0].status}`);
      try {
        await app.engine.send(rows[0].symbol, cancelCommand({ orderId: request.params.id, userId, symbol: rows[0].symbol }));
      } catch (err) {
        request.log.warn({ err }, 'produce to engine failed');
        throw unavailable('the cancel could not be queued, retry later');
      }
      return reply.status(202).send({ orderId: request.params.id, status: 'CANCEL_REQUESTED' as const });
    },
  );

  app.get(
    '/orders/open',
    {
      schema: {
        tags: ['orders'],
        security: authenticated,
        querystring: Type.Object({ symbol: Type.Optional(Symbol) }, { additionalProperties: false }),
        response: { 200: Type.Array(Order), ...withErrors([400, 401, 429]) },
      },
    },
    async (request) => {
      const { rows } = await app.db.read.query(
        `SELECT ${ORDER_COLUMNS} FROM orders WHERE user_id = $1 AND status = ANY($2) AND ($3::text IS NULL OR symbol = $3)
          ORDER BY created_at DESC LIMIT 500`,
        [userOf(request), OPEN_STATUSES, request.query.symbol ?? null],
      );
      return rows.map(orderFromRow);
    },
  );

  app.get(
    '/orders',
    { schema: { tags: ['orders'], security: authenticated, querystring: ListQuery, response: { 200: Type.Array(Order), ...withErrors([400, 401, 429]) } } },
    async (request) => {
      const { symbol, limit, before } = request.query;
      const { rows } = await app.db.read.query(
        `SELECT ${ORDER_COLUMNS} FROM orders WHERE user_id = $1 AND ($2::text IS NULL OR symbol = $2)
           AND ($3::timestamptz IS NULL OR created_at < $3) ORDER BY created_at DESC LIMIT $4`,
        [userOf(request), symbol ?? null, before ?? null, limit],
      );
      return rows.map(orderFromRow);
    },
  );

  app.get(
    '/orders/:id',
    { schema: { tags: ['orders'], security: authenticated, params: IdParams, response: { 200: Order, ...withErrors([400, 401, 404, 429]) } } },
    async (request) => {
      const { rows } = await app.db.read.query(`SELECT ${ORDER_COLUMNS} FROM orders WHERE id = $1 AND user_id = $2`, [
        request.params.id,
        userOf(request),
      ]);
      if (rows.length === 0) throw notFound(ErrorCode.ORDER_NOT_FOUND, 'no such order (it may not be processed yet)');
      return orderFromRow(rows[0]);
    },
  );

  app.get(
    '/trades',
    { schema: { tags: ['orders'], security: authenticated, querystring: ListQuery, response: { 200: Type.Array(Trade), ...withErrors([400, 401, 429]) } } },
    async (request) => {
      const userId = userOf(request);
      const { symbol, limit, before } = request.query;
      // A self-trade is one row in which the user is both sides; it is listed once per side.
      const { rows } = await app.db.read.query(
        `SELECT * FROM (
           SELECT id, symbol, buy_order_id AS order_id, 'BUY' AS side, price::text, quantity::text,
                  CASE WHEN taker_side = 'BUY' THEN 'TAKER' ELSE 'MAKER' END AS liquidity, executed_at
             FROM trades WHERE buyer_id = $1
           UNION ALL
           SELECT id, symbol, sell_order_id, 'SELL', price::text, quantity::text,
                  CASE WHEN taker_side = 'SELL' THEN 'TAKER' ELSE 'MAKER' END, executed_at
             FROM trades WHERE seller_id = $1) t
          WHERE ($2::text IS NULL OR symbol = $2) AND ($3::timestamptz IS NULL OR executed_at < $3)
          ORDER BY executed_at DESC, id DESC LIMIT $4`,
        [userId, symbol ?? null, before ?? null, limit],
      );
      return rows.map((r) => ({
        id: r.id,
        symbol: r.symbol,
        orderId: r.order_id,
        side: r.side,
        price: normalize(r.price)!,
        quantity: normalize(r.quantity)!,
        liquidity: r.liquidity,
        executedAt: r.executed_at.toISOString(),
      }));
    },
  );
};

export default orderRoutes;

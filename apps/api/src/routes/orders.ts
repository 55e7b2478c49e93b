import { randomUUID } from 'node:crypto';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { ErrorCode, badRequest, conflict, notFound, unavailable } from '../errors.js';
import { normalize } from '../lib/decimal.js';
import { decodeCursor, encodeCursor, type CursorKey } from '../lib/cursor.js';
import { CANCELLABLE_STATUSES, ORDER_COLUMNS, orderFromRow, type Order as OrderRow } from '../lib/orders.js';
import { ORDER_TYPES, SIDES, TIME_IN_FORCE, apiOrderType, cancelCommand, engineOrderType, placeCommand } from '../lib/commands.js';
import { userOf } from '../plugins/auth.js';
import { Decimal, IdParams, Limit, Symbol, authenticated, withErrors } from './schemas.js';

const ClientOrderId = Type.String({
  pattern: '^[A-Za-z0-9._:-]{1,64}$',
  description: 'your own id for the order, unique per account: placing again with the same id and order returns the first order instead of a second one',
});
const PlaceBody = Type.Object(
  {
    symbol: Symbol,
    side: Type.Union(SIDES.map((s) => Type.Literal(s))),
    type: Type.Union(ORDER_TYPES.map((s) => Type.Literal(s))),
    timeInForce: Type.Optional(Type.Union(TIME_IN_FORCE.map((s) => Type.Literal(s)))),
    price: Type.Optional(Decimal),
    quantity: Decimal,
    clientOrderId: Type.Optional(ClientOrderId),
  },
  { additionalProperties: false },
);
const Placed = Type.Object({
  orderId: Type.String(),
  status: Type.String({ description: 'PENDING when just queued; a repeated clientOrderId answers the order\'s current status' }),
  clientOrderId: Type.Union([Type.String(), Type.Null()]),
});
const Order = Type.Object({
  id: Type.String(),
  symbol: Type.String(),
  side: Type.String(),
  type: Type.String(),
  timeInForce: Type.String(),
  price: Type.Union([Type.String(), Type.Null()]),
  quantity: Type.String(),
  filledQuantity: Type.String(),
  status: Type.String({ description: 'PENDING (queued, the engine has not answered), NEW, PARTIALLY_FILLED, FILLED, CANCELED or REJECTED' }),
  reason: Type.Union([Type.String(), Type.Null()], { description: 'engine reason code of a rejection or cancellation' }),
  clientOrderId: Type.Union([Type.String(), Type.Null()]),
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
  {
    symbol: Type.Optional(Symbol),
    limit: Limit,
    cursor: Type.Optional(Type.String({ maxLength: 512, description: 'the X-Next-Cursor header of the previous page' })),
    before: Type.Optional(Type.String({ format: 'date-time', description: 'only rows strictly older than this time (use cursor to page)' })),
  },
  { additionalProperties: false },
);
const PAGING = 'Newest first. A full page carries an `X-Next-Cursor` header; pass it as `cursor` for the next page.';

/** The cursor a query names, or a 400. */
function cursorOf(text: string | undefined): CursorKey | undefined {
  if (text === undefined) return undefined;
  const key = decodeCursor(text);
  if (!key) throw badRequest(ErrorCode.INVALID_CURSOR, 'cursor is not one this API issued');
  return key;
}

/** Sets X-Next-Cursor when the page is full, so a client knows there may be more. */
function nextCursor(reply: FastifyReply, rows: unknown[], limit: number, keyOf: (row: never) => CursorKey): void {
  if (rows.length === limit && rows.length > 0) reply.header('x-next-cursor', encodeCursor(keyOf(rows[rows.length - 1] as never)));
}

/** Whether a repeated placement asks for the same order as the stored one. */
const sameOrder = (o: OrderRow, b: { symbol: string; side: string; type: string; timeInForce?: string; price?: string; quantity: string }) =>
  o.symbol === b.symbol &&
  o.side === b.side &&
  o.type === b.type &&
  o.timeInForce === (b.type === 'MARKET' ? 'IOC' : (b.timeInForce ?? 'GTC')) &&
  o.price === (b.price === undefined ? null : normalize(b.price)) &&
  o.quantity === normalize(b.quantity);

/** Orders: place (202, produced to the engine), cancel, open orders, history; and the caller's trades. */
const orderRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('preHandler', app.authenticate);

  app.post(
    '/orders',
    {
      schema: {
        tags: ['orders'],
        summary: 'Place an order',
        description:
          'Validates the order against the instrument (tick, lot, minimum size), stores it as PENDING and queues it for the ' +
          'matching engine. 202 means the order is durably queued, not that the engine accepted it: its outcome (NEW, ' +
          'REJECTED with a reason, fills) arrives on the `orders` WebSocket channel and in GET /orders/{id}. ' +
          'With a clientOrderId the call is idempotent: repeating it returns the first order (200).',
        security: authenticated,
        body: PlaceBody,
        response: { 200: Placed, 202: Placed, ...withErrors([400, 401, 403, 404, 409, 429, 503]) },
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
      const { type, timeInForce } = apiOrderType(orderType);
      const clientOrderId = body.clientOrderId ?? null;
      // The row exists before the engine can see the command: a cancel right after the 202 finds the order,
      // and a rejection has the order's details to record.
      const inserted = await app.pendingOrders.insert({
        id: orderId,
        userId,
        symbol: body.symbol,
        side: body.side,
        type,
        timeInForce,
        price: body.price ?? null,
        quantity: body.quantity,
        clientOrderId,
        createdAt: new Date(),
      });
      if (!inserted) {
        const { rows } = await app.db.write.query(`SELECT ${ORDER_COLUMNS} FROM orders WHERE user_id = $1 AND client_order_id = $2`, [userId, clientOrderId]);
        const first = orderFromRow(rows[0]);
        if (!sameOrder(first, body)) throw conflict(ErrorCode.CLIENT_ORDER_ID_REUSED, `clientOrderId ${clientOrderId} names another order (${first.id})`);
        return reply.status(200).send({ orderId: first.id, status: first.status, clientOrderId });
      }
      try {
        await app.engine.send(body.symbol, placeCommand({ orderId, userId, symbol: body.symbol, side: body.side, orderType, price, quantity }));
      } catch (err) {
        request.log.warn({ err }, 'produce to engine failed');
        // Not queued: forget it, so the same clientOrderId can be retried. Should the produce have landed after
        // all, the engine's ACCEPTED writes the row again.
        await app.db.write
          .query("DELETE FROM orders WHERE id = $1 AND status = 'PENDING'", [orderId])
          .catch((e) => request.log.error({ err: e, orderId }, 'could not remove an order that was not queued'));
        throw unavailable('the order could not be queued; it was not accepted, retry later');
      }
      return reply.status(202).send({ orderId, status: 'PENDING', clientOrderId });
    },
  );

  app.delete(
    '/orders/:id',
    {
      schema: {
        tags: ['orders'],
        summary: 'Cancel an order',
        description:
          'Queues a cancel for an open or still PENDING order. 202 means the cancel is queued; the engine reports ' +
          'CANCELLED on the `orders` WebSocket channel. Cancelling again before that answers 202 without a second command.',
        security: authenticated,
        params: IdParams,
        response: { 202: Type.Object({ orderId: Type.String(), status: Type.Literal('CANCEL_REQUESTED') }), ...withErrors([400, 401, 403, 404, 409, 429, 503]) },
      },
    },
    async (request, reply) => {
      const userId = userOf(request);
      const orderId = request.params.id;
      // Only the request that marks the order sends the command; the engine would reject a second one.
      const marked = await app.db.write.query<{ symbol: string }>(
        `UPDATE orders SET cancel_requested_at = now()
          WHERE id = $1 AND user_id = $2 AND status = ANY($3) AND cancel_requested_at IS NULL RETURNING symbol`,
        [orderId, userId, CANCELLABLE_STATUSES],
      );
      if (marked.rows.length === 0) {
        const { rows } = await app.db.write.query<{ status: string }>('SELECT status FROM orders WHERE id = $1 AND user_id = $2', [orderId, userId]);
        if (rows.length === 0) throw notFound(ErrorCode.ORDER_NOT_FOUND, 'no such order');
        if (!CANCELLABLE_STATUSES.includes(rows[0].status)) throw conflict(ErrorCode.ORDER_NOT_OPEN, `order is ${rows[0].status}`);
        return reply.status(202).send({ orderId, status: 'CANCEL_REQUESTED' as const });
      }
      const { symbol } = marked.rows[0];
      try {
        await app.engine.send(symbol, cancelCommand({ orderId, userId, symbol }));
      } catch (err) {
        request.log.warn({ err }, 'produce to engine failed');
        await app.db.write.query('UPDATE orders SET cancel_requested_at = NULL WHERE id = $1', [orderId]).catch(() => undefined);
        throw unavailable('the cancel could not be queued, retry later');
      }
      return reply.status(202).send({ orderId, status: 'CANCEL_REQUESTED' as const });
    },
  );

  app.get(
    '/orders/open',
    {
      schema: {
        tags: ['orders'],
        security: authenticated,
        summary: 'Your open orders',
        description: 'Orders resting on the book (NEW, PARTIALLY_FILLED) and PENDING ones the engine has not answered yet; at most 500, newest first.',
        querystring: Type.Object({ symbol: Type.Optional(Symbol) }, { additionalProperties: false }),
        response: { 200: Type.Array(Order), ...withErrors([400, 401, 403, 429]) },
      },
    },
    async (request) => {
      const { rows } = await app.db.read.query(
        `SELECT ${ORDER_COLUMNS} FROM orders WHERE user_id = $1 AND status = ANY($2) AND ($3::text IS NULL OR symbol = $3)
          ORDER BY created_at DESC, id DESC LIMIT 500`,
        [userOf(request), CANCELLABLE_STATUSES, request.query.symbol ?? null],
      );
      return rows.map(orderFromRow);
    },
  );

  app.get(
    '/orders',
    {
      schema: {
        tags: ['orders'],
        summary: 'Your order history',
        description: PAGING,
        security: authenticated,
        querystring: ListQuery,
        response: { 200: Type.Array(Order), ...withErrors([400, 401, 403, 429]) },
      },
    },
    async (request, reply) => {
      const { symbol, limit, before } = request.query;
      const cursor = cursorOf(request.query.cursor);
      const { rows } = await app.db.read.query(
        `SELECT ${ORDER_COLUMNS} FROM orders WHERE user_id = $1 AND ($2::text IS NULL OR symbol = $2)
           AND ($3::timestamptz IS NULL OR created_at < $3)
           AND ($4::timestamptz IS NULL OR (created_at, id) < ($4, $5::uuid))
         ORDER BY created_at DESC, id DESC LIMIT $6`,
        [userOf(request), symbol ?? null, before ?? null, cursor ? new Date(cursor.ms) : null, cursor?.id ?? null, limit],
      );
      const orders = rows.map(orderFromRow);
      nextCursor(reply, orders, limit, (o: OrderRow) => ({ ms: Date.parse(o.createdAt), id: o.id }));
      return orders;
    },
  );

  app.get(
    '/orders/:id',
    {
      schema: {
        tags: ['orders'],
        summary: 'One of your orders',
        description: 'Known from the moment POST /orders answered (status PENDING until the engine answers).',
        security: authenticated,
        params: IdParams,
        response: { 200: Order, ...withErrors([400, 401, 403, 404, 429]) },
      },
    },
    async (request) => {
      const { rows } = await app.db.read.query(`SELECT ${ORDER_COLUMNS} FROM orders WHERE id = $1 AND user_id = $2`, [
        request.params.id,
        userOf(request),
      ]);
      if (rows.length === 0) throw notFound(ErrorCode.ORDER_NOT_FOUND, 'no such order');
      return orderFromRow(rows[0]);
    },
  );

  app.get(
    '/trades',
    {
      schema: {
        tags: ['orders'],
        summary: 'Your fills',
        description: `${PAGING} A self-trade is listed once per side.`,
        security: authenticated,
        querystring: ListQuery,
        response: { 200: Type.Array(Trade), ...withErrors([400, 401, 403, 429]) },
      },
    },
    async (request, reply) => {
      const userId = userOf(request);
      const { symbol, limit, before } = request.query;
      const cursor = cursorOf(request.query.cursor);
      // A self-trade is one row in which the user is both sides; it is listed once per side, so the side
      // is part of the sort key.
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
            AND ($4::timestamptz IS NULL OR (executed_at, id, side) < ($4, $5::text, $6::text))
          ORDER BY executed_at DESC, id DESC, side DESC LIMIT $7`,
        [userId, symbol ?? null, before ?? null, cursor ? new Date(cursor.ms) : null, cursor?.id ?? null, cursor?.side ?? '', limit],
      );
      const trades = rows.map((r) => ({
        id: r.id as string,
        symbol: r.symbol as string,
        orderId: r.order_id as string,
        side: r.side as string,
        price: normalize(r.price)!,
        quantity: normalize(r.quantity)!,
        liquidity: r.liquidity as string,
        executedAt: (r.executed_at as Date).toISOString(),
      }));
      nextCursor(reply, trades, limit, (t: (typeof trades)[number]) => ({ ms: Date.parse(t.executedAt), id: t.id, side: t.side }));
      return trades;
    },
  );
};

export default orderRoutes;

import { normalize } from './decimal.js';

/** Statuses of orders that rest on the book (and in the Redis order cache). */
export const OPEN_STATUSES = ['NEW', 'PARTIALLY_FILLED'];

/**
 * Statuses of orders a cancel is routed to the engine for: resting ones, and PENDING ones (queued by
 * POST /orders, not yet answered by the engine), since the engine sees the cancel after the place.
 */
export const CANCELLABLE_STATUSES = ['PENDING', ...OPEN_STATUSES];

/** Columns every order read selects, with numerics as text so no precision is lost on the way. */
export const ORDER_COLUMNS = `id, user_id, symbol, side, type, time_in_force, price::text, quantity::text,
  filled_quantity::text, status, reason, client_order_id, created_at, updated_at`;

/** An order in API units. */
export interface Order {
  id: string;
  userId: string;
  symbol: string;
  side: string;
  type: string;
  timeInForce: string;
  price: string | null;
  quantity: string;
  filledQuantity: string;
  status: string;
  reason: string | null;
  clientOrderId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Maps a row selected with ORDER_COLUMNS. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const orderFromRow = (r: any): Order => ({
  id: r.id,
  userId: r.user_id,
  symbol: r.symbol,
  side: r.side,
  type: r.type,
  timeInForce: r.time_in_force,
  price: normalize(r.price),
  quantity: normalize(r.quantity)!,
  filledQuantity: normalize(r.filled_quantity)!,
  status: r.status,
  reason: r.reason,
  clientOrderId: r.client_order_id,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

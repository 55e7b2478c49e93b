import type { CancelCommand, DepositCommand, EngineOrderType, PlaceCommand, Side } from './engine-contract.js';

/** Order sides, types and time-in-force values of the REST API. */
export const SIDES = ['BUY', 'SELL'] as const;
export const ORDER_TYPES = ['LIMIT', 'MARKET'] as const;
export const TIME_IN_FORCE = ['GTC', 'IOC', 'FOK', 'POST_ONLY'] as const;
export type TimeInForce = (typeof TIME_IN_FORCE)[number];

/** The engine folds time-in-force into its order type. */
export function engineOrderType(type: (typeof ORDER_TYPES)[number], tif: TimeInForce): EngineOrderType {
  if (type === 'MARKET') return 'MARKET';
  return tif === 'GTC' ? 'LIMIT' : tif;
}

/** The API's (type, timeInForce) of an engine order type. */
export function apiOrderType(t: EngineOrderType): { type: 'LIMIT' | 'MARKET'; timeInForce: TimeInForce } {
  if (t === 'MARKET') return { type: 'MARKET', timeInForce: 'IOC' };
  return { type: 'LIMIT', timeInForce: t === 'LIMIT' ? 'GTC' : t };
}

export const placeCommand = (o: {
  orderId: string;
  userId: string;
  symbol: string;
  side: Side;
  orderType: EngineOrderType;
  price?: bigint;
  quantity: bigint;
}): PlaceCommand => ({
  type: 'PLACE',
  orderId: o.orderId,
  accountId: o.userId,
  symbol: o.symbol,
  side: o.side,
  orderType: o.orderType,
  ...(o.price === undefined ? {} : { price: Number(o.price) }),
  quantity: Number(o.quantity),
  timestampMs: Date.now(),
});

export const cancelCommand = (c: { orderId: string; userId: string; symbol: string }): CancelCommand => ({
  type: 'CANCEL',
  orderId: c.orderId,
  accountId: c.userId,
  symbol: c.symbol,
  timestampMs: Date.now(),
});

export const depositCommand = (d: { userId: string; asset: string; amount: bigint }): DepositCommand => ({
  type: 'DEPOSIT',
  accountId: d.userId,
  asset: d.asset,
  amount: Number(d.amount),
  timestampMs: Date.now(),
});

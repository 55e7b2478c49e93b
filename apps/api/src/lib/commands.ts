/** Order sides, types and time-in-force values accepted by the REST API. */
export const SIDES = ['BUY', 'SELL'] as const;
export const ORDER_TYPES = ['LIMIT', 'MARKET'] as const;
export const TIME_IN_FORCE = ['GTC', 'IOC', 'FOK'] as const;

export interface PlaceOrder {
  orderId: string;
  userId: string;
  symbol: string;
  side: (typeof SIDES)[number];
  type: (typeof ORDER_TYPES)[number];
  timeInForce: (typeof TIME_IN_FORCE)[number];
  price?: string;
  quantity: string;
  clientOrderId?: string;
}

/** Builds the engine's PLACE command. */
export const placeCommand = (o: PlaceOrder) => ({ ...o, command: 'PLACE_ORDER', ts: Date.now() });

/** Builds the engine's CANCEL command. */
export const cancelCommand = (c: { orderId: string; userId: string; symbol: string }) => ({ type: 'CANCEL_ORDER', ...c, ts: Date.now() });

/** Builds the engine's DEPOSIT command (dev only). */
export const depositCommand = (d: { userId: string; asset: string; amount: string }) => ({ type: 'DEPOSIT', ...d, ts: Date.now() });

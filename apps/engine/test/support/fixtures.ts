import type { Command, EngineEvent, PlaceCommand } from '../../src/contract';
import type { Instrument } from '../../src/core/exchange';

/** BTC priced in USDT cents per lot of 1000 satoshi-like units; tick 5. */
export const BTC: Instrument = { symbol: 'BTC-USDT', baseAsset: 'BTC', quoteAsset: 'USDT', tickSize: 5, lotSize: 10 };
export const ETH: Instrument = { symbol: 'ETH-USDT', baseAsset: 'ETH', quoteAsset: 'USDT', tickSize: 1, lotSize: 1 };
export const INSTRUMENTS = [BTC, ETH];

let clock = 1_700_000_000_000;

/** Omit that keeps a union a union. */
type WithoutTimestamp<C> = C extends unknown ? Omit<C, 'timestampMs'> : never;

/** A command with a deterministic, increasing timestamp. */
export function cmd(c: WithoutTimestamp<Command>): Command {
  return { ...c, timestampMs: clock++ } as Command;
}

/** A limit-style PLACE on BTC-USDT. */
export function order(
  orderId: string,
  accountId: string,
  side: 'BUY' | 'SELL',
  price: number | undefined,
  quantity: number,
  orderType: PlaceCommand['orderType'] = 'LIMIT',
  symbol = BTC.symbol,
): PlaceCommand {
  return cmd({ type: 'PLACE', orderId, accountId, symbol, side, orderType, price, quantity }) as PlaceCommand;
}

/** Funds an account generously in both BTC-USDT assets and ETH. */
export function fund(accountId: string, amount = 1_000_000_000): Command[] {
  return ['BTC', 'USDT', 'ETH'].map((asset) => cmd({ type: 'DEPOSIT', accountId, asset, amount }));
}

export function ofType<T extends EngineEvent['type']>(events: EngineEvent[], type: T): Extract<EngineEvent, { type: T }>[] {
  return events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);
}

import fc from 'fast-check';
import type { Command } from '../../src/contract';
import { BTC, ETH } from './fixtures';

const ACCOUNTS = ['a0', 'a1', 'a2', 'a3'];
const ORDER_TYPES = ['LIMIT', 'LIMIT', 'LIMIT', 'MARKET', 'IOC', 'FOK', 'POST_ONLY'] as const;

const op = fc.record({
  kind: fc.constantFrom('place', 'place', 'place', 'place', 'cancel', 'move', 'reduce', 'deposit', 'withdraw'),
  account: fc.nat(ACCOUNTS.length - 1),
  eth: fc.boolean(),
  buy: fc.boolean(),
  orderType: fc.constantFrom(...ORDER_TYPES),
  ticks: fc.integer({ min: -8, max: 8 }),
  lots: fc.integer({ min: 1, max: 12 }),
  ref: fc.nat(),
  amount: fc.integer({ min: 1, max: 5000 }),
  junk: fc.nat(9),
});

/**
 * Random command streams with a small price range and few accounts, so orders cross, self-trades happen,
 * funds run out and cancels hit both live and dead orders. A tenth of the values are invalid on purpose.
 */
export const commandStream = fc.array(op, { minLength: 20, maxLength: 300, size: 'max' }).map((ops) => {
  const commands: Command[] = ACCOUNTS.flatMap((accountId) =>
    ['BTC', 'ETH', 'USDT'].map((asset) => ({ type: 'DEPOSIT' as const, accountId, asset, amount: 20_000, timestampMs: 0 })),
  );
  const placed: Array<{ id: string; accountId: string; symbol: string }> = [];
  ops.forEach((o, i) => {
    const instrument = o.eth ? ETH : BTC;
    const accountId = ACCOUNTS[o.account];
    const timestampMs = i + 1;
    const price = instrument.tickSize * (100 + o.ticks) + (o.junk === 0 ? 1 : 0);
    const quantity = instrument.lotSize * o.lots + (o.junk === 1 ? 1 : 0);
    const target = placed.length > 0 ? placed[o.ref % placed.length] : undefined;
    switch (o.kind) {
      case 'place': {
        const orderId = o.junk === 2 && target ? target.id : `o${i}`;
        placed.push({ id: orderId, accountId, symbol: instrument.symbol });
        commands.push({
          type: 'PLACE', orderId, accountId, symbol: instrument.symbol, side: o.buy ? 'BUY' : 'SELL',
          orderType: o.orderType, price: o.orderType === 'MARKET' ? undefined : price, quantity, timestampMs,
        });
        break;
      }
      case 'cancel':
      case 'move':
      case 'reduce': {
        if (!target) break;
        const base = { orderId: target.id, accountId: o.junk === 3 ? accountId : target.accountId, symbol: target.symbol, timestampMs };
        if (o.kind === 'cancel') commands.push({ type: 'CANCEL', ...base });
        else if (o.kind === 'move') commands.push({ type: 'MOVE', ...base, price });
        else commands.push({ type: 'REDUCE', ...base, quantity });
        break;
      }
      case 'deposit':
        commands.push({ type: 'DEPOSIT', accountId, asset: o.buy ? 'USDT' : instrument.baseAsset, amount: o.amount, timestampMs });
        break;
      case 'withdraw':
        commands.push({ type: 'WITHDRAW', accountId, asset: o.buy ? 'USDT' : instrument.baseAsset, amount: o.amount, timestampMs });
        break;
    }
  });
  return commands;
});

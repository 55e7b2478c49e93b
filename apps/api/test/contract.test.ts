import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type {
  OrderbookMessage as EngineOrderbookMessage,
  ResultMessage as EngineResultMessage,
  TickerMessage as EngineTickerMessage,
  Command as EngineCommand,
} from '../../engine/src/contract/index.js';
// The engine is a CommonJS package. Under Node 24 a named import of its transpiled contract fails
// ("does not provide an export named 'CommandSchema'"); the module object carries every export.
import * as engineContract from '../../engine/src/contract/index.js';

const { CommandSchema, parseCommand, Topics, CONTRACT_VERSION: ENGINE_CONTRACT_VERSION } =
  ((engineContract as unknown as { default?: typeof engineContract }).default ?? engineContract);
import {
  CONTRACT_VERSION,
  decodeOrderbook,
  decodeResult,
  decodeTicker,
  type OrderbookMessage,
  type ResultMessage,
  type TickerMessage,
  type CancelCommand,
  type DepositCommand,
  type PlaceCommand,
} from '../src/lib/engine-contract.js';
import { cancelCommand, depositCommand, engineOrderType, placeCommand } from '../src/lib/commands.js';
import { topics } from '../src/lib/topics.js';

// Compile-time half of the contract check: what the engine emits must be assignable to what the API reads,
// and what the API sends must be assignable to the engine's command type. `npm run typecheck` fails on drift.
export const engineResultsAreReadable = (m: EngineResultMessage): ResultMessage => m;
export const engineBooksAreReadable = (m: EngineOrderbookMessage): OrderbookMessage => m;
export const engineTickersAreReadable = (m: EngineTickerMessage): TickerMessage => m;
export const apiCommandsAreEngineCommands = (c: PlaceCommand | CancelCommand | DepositCommand): EngineCommand => c;

describe('engine wire contract', () => {
  test('contract version and topic names match the engine', () => {
    assert.equal(CONTRACT_VERSION, ENGINE_CONTRACT_VERSION);
    assert.deepEqual(topics(''), Topics);
  });

  test("the commands the API produces pass the engine's own parser", () => {
    const userId = crypto.randomUUID();
    const orderId = crypto.randomUUID();
    const commands = [
      placeCommand({ orderId, userId, symbol: 'BTC-USDT', side: 'BUY', orderType: engineOrderType('LIMIT', 'GTC'), price: 5_000_000n, quantity: 10_000n }),
      placeCommand({ orderId, userId, symbol: 'BTC-USDT', side: 'SELL', orderType: engineOrderType('MARKET', 'IOC'), quantity: 10_000n }),
      placeCommand({ orderId, userId, symbol: 'ETH-USDT', side: 'SELL', orderType: engineOrderType('LIMIT', 'POST_ONLY'), price: 10n, quantity: 100_000n }),
      cancelCommand({ orderId, userId, symbol: 'BTC-USDT' }),
      depositCommand({ userId, asset: 'USDT', amount: 1_000_000_000n }),
    ];
    for (const c of commands) {
      const wire = JSON.stringify(c);
      const parsed = parseCommand(wire);
      assert.equal(parsed.ok, true, wire);
      assert.deepEqual(CommandSchema.parse(JSON.parse(wire)), c);
    }
  });

  test('the decoders accept what the engine emits and refuse what it does not', () => {
    const pos = { v: 1, inputPartition: 0, inputOffset: '7' } as const;
    const result: EngineResultMessage = {
      ...pos,
      events: [{ type: 'BALANCE', accountId: 'a', asset: 'USDT', available: 1, reserved: 0, timestampMs: 1 }],
    };
    assert.deepEqual(decodeResult(JSON.stringify(result)), result);
    const book: EngineOrderbookMessage = { ...pos, type: 'BOOK_SNAPSHOT', symbol: 'BTC-USDT', bids: [[1, 2]], asks: [], timestampMs: 1 };
    assert.deepEqual(decodeOrderbook(JSON.stringify(book)), book);
    const ticker: EngineTickerMessage = {
      ...pos, type: 'TICKER', symbol: 'BTC-USDT', lastPrice: null, lastQuantity: null, bestBid: 1, bestAsk: null, volume: 0, tradeCount: 0, timestampMs: 1,
    };
    assert.deepEqual(decodeTicker(JSON.stringify(ticker)), ticker);
    for (const bad of ['nope', '{}', JSON.stringify({ ...result, v: 2 }), JSON.stringify({ ...result, inputOffset: 7 })]) {
      assert.throws(() => decodeResult(bad), { name: 'Error' }, bad);
    }
  });
});

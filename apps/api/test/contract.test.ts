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

const {
  CommandSchema,
  parseCommand,
  Topics,
  CONTRACT_VERSION: ENGINE_CONTRACT_VERSION,
  EVENT_CODES: ENGINE_EVENT_CODES,
  EVENT_FIELDS: ENGINE_EVENT_FIELDS,
  encodeResult,
} =
  ((engineContract as unknown as { default?: typeof engineContract }).default ?? engineContract);
import {
  CONTRACT_VERSION,
  EVENT_CODES,
  EVENT_FIELDS,
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
    const pos = { v: CONTRACT_VERSION, inputPartition: 0, inputOffset: '7' } as const;
    const events: EngineResultMessage['events'] = [
      { type: 'ACCEPTED', orderId: 'o', accountId: 'a', symbol: 'BTC-USDT', side: 'BUY', orderType: 'MARKET', price: null, quantity: 5, timestampMs: 1 },
      { type: 'TRADE', tradeId: 3, symbol: 'BTC-USDT', price: 10, quantity: 5, takerSide: 'BUY', takerOrderId: 'o', takerAccountId: 'a', makerOrderId: 'm', makerAccountId: 'b', takerRemaining: 0, makerRemaining: 1, timestampMs: 1 },
      { type: 'BALANCE', accountId: 'a', asset: 'USDT', available: 1, reserved: 0, timestampMs: 1 },
      { type: 'REJECTED', commandType: 'CANCEL', reason: 'ORDER_NOT_FOUND', orderId: 'x', accountId: 'a', symbol: 'BTC-USDT', timestampMs: 1 },
      { type: 'REJECTED', commandType: null, reason: 'MALFORMED_JSON', detail: 'message is not valid JSON', timestampMs: 2 },
    ];
    const wire = encodeResult(pos, events);
    assert.deepEqual(decodeResult(wire), { ...pos, events });
    const book: EngineOrderbookMessage = { ...pos, type: 'BOOK_SNAPSHOT', symbol: 'BTC-USDT', bids: [[1, 2]], asks: [], timestampMs: 1 };
    assert.deepEqual(decodeOrderbook(JSON.stringify(book)), book);
    const ticker: EngineTickerMessage = {
      ...pos, type: 'TICKER', symbol: 'BTC-USDT', lastPrice: null, lastQuantity: null, bestBid: 1, bestAsk: null, volume: 0, tradeCount: 0, timestampMs: 1,
    };
    assert.deepEqual(decodeTicker(JSON.stringify(ticker)), ticker);
    const compact = JSON.parse(wire);
    for (const bad of ['nope', '{}', JSON.stringify({ ...compact, v: 3 }), JSON.stringify({ ...compact, o: 7 }), JSON.stringify({ ...compact, e: [['Z']] })]) {
      assert.throws(() => decodeResult(bad), { name: 'Error' }, bad);
    }
  });

  test("the API reads the compact result form with the engine's own codes and field lists", () => {
    assert.deepEqual(EVENT_CODES, ENGINE_EVENT_CODES);
    assert.deepEqual(EVENT_FIELDS, ENGINE_EVENT_FIELDS);
  });

  test('fails when a result is in the version 1 form (one object per event), naming both versions', () => {
    const v1 = JSON.stringify({ v: 1, inputPartition: 0, inputOffset: '7', events: [{ type: 'BALANCE', accountId: 'a', asset: 'USDT', available: 1, reserved: 0, timestampMs: 1 }] });
    assert.throws(() => decodeResult(v1), { message: `contract version 1, expected ${CONTRACT_VERSION}` });
  });
});

import type { BookSnapshot, ResultBatch, TickerState } from './results.js';

/** Translates one matching_engine_output message into the API's result model. */
export function decodeResults(value: string): ResultBatch {
  const msg = JSON.parse(value);
  return { orders: msg.orders ?? [], trades: msg.trades ?? [], balances: msg.balances ?? [] };
}

/** Translates one orderbook_output message. */
export function decodeBook(value: string): BookSnapshot | undefined {
  return JSON.parse(value);
}

/** Translates one ticker_engine_output message. */
export function decodeTicker(value: string): TickerState | undefined {
  return JSON.parse(value);
}

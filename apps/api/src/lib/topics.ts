/** Kafka topic names of seed 001, with a prefix so test runs on a shared broker stay apart. */
export function topics(prefix: string) {
  return {
    input: `${prefix}matching_engine_input`,
    output: `${prefix}matching_engine_output`,
    orderbook: `${prefix}orderbook_output`,
    ticker: `${prefix}ticker_engine_output`,
  } as const;
}

/** Consumer groups of seed 001 (the position saver has no counterpart on a spot exchange). */
export const GROUPS = {
  orders: 'matching_engine_saver_orders',
  trades: 'matching_engine_saver_trades',
  accounts: 'matching_engine_saver_accounts',
  notifier: 'matching_engine_notifier',
  orderbook: 'orderbook_consumer',
  ticker: 'ticker_consumer',
} as const;

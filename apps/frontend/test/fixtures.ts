import type { AccountSnapshot, Market, OrderBookSnapshot, Ticker, Trade } from "@/lib/types";

export const btc: Market = {
  symbol: "BTC-USDT",
  baseAsset: "BTC",
  quoteAsset: "USDT",
  tickSize: "0.01",
  lotSize: "0.0001",
  minQty: "0.0002",
  lastPrice: "30000.5",
  change24hPercent: "2.5",
  volume24h: "12.3",
};

export const book: OrderBookSnapshot = {
  symbol: "BTC-USDT",
  bids: [
    { price: "29999.5", quantity: "0.5" },
    { price: "29990", quantity: "1.5" },
  ],
  asks: [
    { price: "30001", quantity: "0.25" },
    { price: "30010", quantity: "2" },
  ],
};

export const ticker: Ticker = {
  symbol: "BTC-USDT",
  lastPrice: "30000.5",
  open24h: "29268.78",
  change24hPercent: "2.50",
  high24h: "30500",
  low24h: "29000",
  volume24h: "1234.5",
  quoteVolume24h: "36987654.321",
};

export const trades: Trade[] = [
  { id: "t2", symbol: "BTC-USDT", price: "30000.5", quantity: "0.1", side: "buy", time: Date.UTC(2026, 0, 1, 12, 0, 30) },
  { id: "t1", symbol: "BTC-USDT", price: "29999", quantity: "0.2", side: "sell", time: Date.UTC(2026, 0, 1, 12, 0, 10) },
];

export const account: AccountSnapshot = {
  balances: [
    { asset: "USDT", available: "1000", locked: "0" },
    { asset: "BTC", available: "0.5", locked: "0" },
  ],
  openOrders: [
    {
      id: "o-1",
      symbol: "BTC-USDT",
      side: "buy",
      type: "limit",
      timeInForce: "GTC",
      price: "29000",
      quantity: "0.01",
      filledQuantity: "0",
      status: "open",
      createdAt: Date.UTC(2026, 0, 1, 11, 0),
    },
  ],
  orderHistory: [],
  trades: [
    {
      id: "BTC-USDT-7",
      symbol: "BTC-USDT",
      orderId: "o-0",
      side: "sell",
      price: "30500",
      quantity: "0.002",
      liquidity: "maker",
      time: Date.UTC(2026, 0, 1, 10, 30),
    },
  ],
};

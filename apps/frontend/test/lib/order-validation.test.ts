import { describe, expect, it } from "vitest";
import { OrderFormError, validateOrder } from "@/lib/order-validation";
import type { OrderDraft } from "@/lib/types";
import { account, btc } from "../fixtures";

const ctx = { market: btc, balances: account.balances, referencePrice: "30001" };
const draft = (over: Partial<OrderDraft>): OrderDraft => ({
  symbol: "BTC-USDT",
  side: "buy",
  type: "limit",
  timeInForce: "GTC",
  price: "30000",
  quantity: "0.01",
  ...over,
});
const codes = (d: OrderDraft) => validateOrder(d, ctx).map((p) => p.code);

describe("validateOrder", () => {
  it("accepts an order on tick and lot within balance", () => {
    expect(codes(draft({}))).toEqual([]);
  });

  it("fails when the price is off the tick size", () => {
    expect(codes(draft({ price: "30000.001" }))).toEqual([OrderFormError.PRICE_NOT_ON_TICK]);
  });

  it("fails when the amount is off the lot size", () => {
    expect(codes(draft({ quantity: "0.00025" }))).toEqual([OrderFormError.QUANTITY_NOT_ON_LOT]);
  });

  it("fails when the amount is below the market's minimum", () => {
    expect(codes(draft({ quantity: "0.0001" }))).toEqual([OrderFormError.QUANTITY_BELOW_MIN]);
  });

  it("fails when a limit buy costs more than the quote balance", () => {
    expect(codes(draft({ quantity: "0.04" }))).toEqual([OrderFormError.INSUFFICIENT_BALANCE]);
  });

  it("fails when a sell exceeds the base balance", () => {
    expect(codes(draft({ side: "sell", quantity: "0.6" }))).toEqual([OrderFormError.INSUFFICIENT_BALANCE]);
  });

  it("estimates a market buy at the best ask", () => {
    expect(codes(draft({ type: "market", price: "", quantity: "0.0333" }))).toEqual([]);
    expect(codes(draft({ type: "market", price: "", quantity: "0.0334" }))).toEqual([OrderFormError.INSUFFICIENT_BALANCE]);
  });

  it("fails when fields are empty or not numbers, reporting each field", () => {
    expect(codes(draft({ price: "", quantity: "" }))).toEqual([OrderFormError.PRICE_REQUIRED, OrderFormError.QUANTITY_REQUIRED]);
    expect(codes(draft({ price: "abc", quantity: "0" }))).toEqual([OrderFormError.PRICE_INVALID, OrderFormError.QUANTITY_INVALID]);
  });

  it("fails when post-only is asked of a market order", () => {
    expect(codes(draft({ type: "market", timeInForce: "POST_ONLY" }))).toContain(OrderFormError.POST_ONLY_NEEDS_LIMIT);
  });
});

import { compareDecimal, isDecimal, isMultipleOf, multiplyDecimal } from "./decimal";
import type { Balance, Market, OrderDraft } from "./types";

/** Coded reasons an order draft is refused before it reaches the API. */
export const OrderFormError = {
  PRICE_REQUIRED: "PRICE_REQUIRED",
  PRICE_INVALID: "PRICE_INVALID",
  PRICE_NOT_ON_TICK: "PRICE_NOT_ON_TICK",
  QUANTITY_REQUIRED: "QUANTITY_REQUIRED",
  QUANTITY_INVALID: "QUANTITY_INVALID",
  QUANTITY_NOT_ON_LOT: "QUANTITY_NOT_ON_LOT",
  QUANTITY_BELOW_MIN: "QUANTITY_BELOW_MIN",
  INSUFFICIENT_BALANCE: "INSUFFICIENT_BALANCE",
  POST_ONLY_NEEDS_LIMIT: "POST_ONLY_NEEDS_LIMIT",
} as const;

/** One of {@link OrderFormError}. */
export type OrderFormErrorCode = (typeof OrderFormError)[keyof typeof OrderFormError];

/** A problem with one field of the form. */
export interface FieldProblem {
  readonly field: "price" | "quantity" | "form";
  readonly code: OrderFormErrorCode;
  readonly message: string;
}

/** Inputs besides the draft: the market's rules, balances, and a reference price for market buys. */
export interface ValidationContext {
  readonly market: Pick<Market, "tickSize" | "lotSize" | "minQty" | "baseAsset" | "quoteAsset">;
  readonly balances: readonly Balance[];
  /** Best ask, used to estimate what a market buy costs; null when the book is empty. */
  readonly referencePrice: string | null;
}

function available(balances: readonly Balance[], asset: string): string {
  return balances.find((b) => b.asset === asset)?.available ?? "0";
}

/**
 * Checks a draft against tick size, lot size and the available balance.
 * Returns every problem at once so the form can mark each field; an empty list means the API may take it.
 */
export function validateOrder(draft: OrderDraft, ctx: ValidationContext): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const { market } = ctx;
  const isLimit = draft.type === "limit";
  const price = draft.price.trim();
  const quantity = draft.quantity.trim();

  if (!isLimit && draft.timeInForce === "POST_ONLY") {
    problems.push({ field: "form", code: OrderFormError.POST_ONLY_NEEDS_LIMIT, message: "Post-only needs a limit price" });
  }
  let priceOk = false;
  if (isLimit) {
    if (price === "") {
      problems.push({ field: "price", code: OrderFormError.PRICE_REQUIRED, message: "Enter a price" });
    } else if (!isDecimal(price) || compareDecimal(price, "0") <= 0) {
      problems.push({ field: "price", code: OrderFormError.PRICE_INVALID, message: "Price must be a positive number" });
    } else if (!isMultipleOf(price, market.tickSize)) {
      problems.push({
        field: "price",
        code: OrderFormError.PRICE_NOT_ON_TICK,
        message: `Price must be a multiple of the tick size ${market.tickSize}`,
      });
    } else {
      priceOk = true;
    }
  }

  let quantityOk = false;
  if (quantity === "") {
    problems.push({ field: "quantity", code: OrderFormError.QUANTITY_REQUIRED, message: "Enter an amount" });
  } else if (!isDecimal(quantity) || compareDecimal(quantity, "0") <= 0) {
    problems.push({ field: "quantity", code: OrderFormError.QUANTITY_INVALID, message: "Amount must be a positive number" });
  } else if (compareDecimal(quantity, market.minQty) < 0) {
    problems.push({
      field: "quantity",
      code: OrderFormError.QUANTITY_BELOW_MIN,
      message: `Amount must be at least ${market.minQty}`,
    });
  } else if (!isMultipleOf(quantity, market.lotSize)) {
    problems.push({
      field: "quantity",
      code: OrderFormError.QUANTITY_NOT_ON_LOT,
      message: `Amount must be a multiple of the lot size ${market.lotSize}`,
    });
  } else {
    quantityOk = true;
  }

  if (quantityOk && (priceOk || !isLimit)) {
    if (draft.side === "sell") {
      const have = available(ctx.balances, market.baseAsset);
      if (compareDecimal(quantity, have) > 0) {
        problems.push({
          field: "quantity",
          code: OrderFormError.INSUFFICIENT_BALANCE,
          message: `Not enough ${market.baseAsset}: ${have} available`,
        });
      }
    } else {
      const unitPrice = isLimit ? price : ctx.referencePrice;
      const have = available(ctx.balances, market.quoteAsset);
      if (unitPrice !== null && compareDecimal(multiplyDecimal(unitPrice, quantity), have) > 0) {
        problems.push({
          field: "quantity",
          code: OrderFormError.INSUFFICIENT_BALANCE,
          message: `Not enough ${market.quoteAsset}: ${have} available`,
        });
      }
    }
  }
  return problems;
}

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

/** One check of a field: when `fails` holds, the field gets `code` and `message`; later rules are skipped. */
interface Rule {
  readonly fails: (value: string) => boolean;
  readonly code: OrderFormErrorCode;
  readonly message: string;
}

const notPositive = (v: string) => !isDecimal(v) || compareDecimal(v, "0") <= 0;

function priceRules(market: ValidationContext["market"]): Rule[] {
  return [
    { fails: (v) => v === "", code: OrderFormError.PRICE_REQUIRED, message: "Enter a price" },
    { fails: notPositive, code: OrderFormError.PRICE_INVALID, message: "Price must be a positive number" },
    {
      fails: (v) => !isMultipleOf(v, market.tickSize),
      code: OrderFormError.PRICE_NOT_ON_TICK,
      message: `Price must be a multiple of the tick size ${market.tickSize}`,
    },
  ];
}

function quantityRules(market: ValidationContext["market"]): Rule[] {
  return [
    { fails: (v) => v === "", code: OrderFormError.QUANTITY_REQUIRED, message: "Enter an amount" },
    { fails: notPositive, code: OrderFormError.QUANTITY_INVALID, message: "Amount must be a positive number" },
    {
      fails: (v) => compareDecimal(v, market.minQty) < 0,
      code: OrderFormError.QUANTITY_BELOW_MIN,
      message: `Amount must be at least ${market.minQty}`,
    },
    {
      fails: (v) => !isMultipleOf(v, market.lotSize),
      code: OrderFormError.QUANTITY_NOT_ON_LOT,
      message: `Amount must be a multiple of the lot size ${market.lotSize}`,
    },
  ];
}

/** Applies `rules` in order; records the first failure for `field` and returns whether all passed. */
function check(field: FieldProblem["field"], value: string, rules: readonly Rule[], problems: FieldProblem[]): boolean {
  const failed = rules.find((r) => r.fails(value));
  if (failed) problems.push({ field, code: failed.code, message: failed.message });
  return failed === undefined;
}

/**
 * Checks a draft against tick size, lot size, minimum quantity and the available balance.
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
  const priceOk = !isLimit || check("price", price, priceRules(market), problems);
  const quantityOk = check("quantity", quantity, quantityRules(market), problems);
  if (!priceOk || !quantityOk) return problems;

  const [asset, needed] =
    draft.side === "sell"
      ? [market.baseAsset, quantity]
      : [
          market.quoteAsset,
          isLimit ? multiplyDecimal(price, quantity) : ctx.referencePrice && multiplyDecimal(ctx.referencePrice, quantity),
        ];
  const have = available(ctx.balances, asset);
  // A market buy into an empty book has no cost estimate; the engine rejects it if funds fall short.
  if (needed !== null && compareDecimal(needed, have) > 0) {
    problems.push({ field: "quantity", code: OrderFormError.INSUFFICIENT_BALANCE, message: `Not enough ${asset}: ${have} available` });
  }
  return problems;
}

"use client";
import Link from "next/link";
import { useEffect, useId, useState, type FormEvent } from "react";
import { baseForQuote } from "@/lib/book";
import { compareDecimal, divideFloorToStep, isDecimal, multiplyDecimal } from "@/lib/decimal";
import { formatAmount } from "@/lib/format";
import { validateOrder, type FieldProblem } from "@/lib/order-validation";
import type { ActionResult, Balance, BookLevel, Market, OrderDraft, OrderType, Side, TimeInForce } from "@/lib/types";

/** A price picked elsewhere (the ladder); `nonce` makes picking the same price twice still apply. */
export interface PricePick {
  readonly price: string;
  readonly nonce: number;
}

/** Props of {@link OrderForm}. */
export interface OrderFormProps {
  readonly market: Market;
  /** Null when signed out: the form then invites the user to sign in. */
  readonly balances: readonly Balance[] | null;
  readonly bestBid: string | null;
  readonly bestAsk: string | null;
  /** The asks, best first: a market buy by quote amount is sized against them. @default - none */
  readonly asks?: readonly BookLevel[];
  readonly pick?: PricePick | null;
  readonly onSubmit: (draft: OrderDraft) => Promise<ActionResult<string>>;
  /** Where the sign-in link returns to. */
  readonly returnTo: string;
}

const TIF_LABEL: Record<TimeInForce, string> = {
  GTC: "Good till cancelled",
  IOC: "Immediate or cancel",
  FOK: "Fill or kill (all now or nothing)",
  POST_ONLY: "Post only (maker)",
};

/** A decimal input with its hint and, when set, its error, both tied to the input for screen readers. */
function DecimalField(props: {
  id: string;
  name: string;
  label: string;
  hint: string;
  value: string;
  onChange: (value: string) => void;
  problem: FieldProblem | undefined;
}) {
  const { id, name, label, hint, value, onChange, problem } = props;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        inputMode="decimal"
        autoComplete="off"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={problem ? true : undefined}
        aria-describedby={`${id}-hint${problem ? ` ${id}-err` : ""}`}
      />
      <p id={`${id}-hint`} className="hint">
        {hint}
      </p>
      {problem ? (
        <p id={`${id}-err`} className="field-error">
          {problem.message}
        </p>
      ) : null}
    </div>
  );
}

/** What a market buy's amount is entered in: the base asset, or the quote asset to spend. */
type AmountUnit = "base" | "quote";

/** Buy/sell form with limit and market orders, IOC, FOK and post-only, market buys by quote amount, checked against tick, lot and balance. */
export function OrderForm({ market, balances, bestBid, bestAsk, asks = [], pick, onSubmit, returnTo }: OrderFormProps) {
  const id = useId();
  const [side, setSide] = useState<Side>("buy");
  const [type, setType] = useState<OrderType>("limit");
  const [tif, setTif] = useState<TimeInForce>("GTC");
  const [price, setPrice] = useState("");
  const [quantity, setQuantity] = useState("");
  const [unit, setUnit] = useState<AmountUnit>("base");
  const [spend, setSpend] = useState("");
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    if (pick) {
      setPrice(pick.price);
      setType("limit");
      setProblems((p) => p.filter((x) => x.field !== "price"));
    }
  }, [pick]);

  const problemFor = (field: FieldProblem["field"]) => problems.find((p) => p.field === field);
  // A market buy by quote amount: the engine takes base quantities only, so the amount is converted here
  // against the asks as they stand; the engine then spends at most the available balance.
  const byQuote = type === "market" && side === "buy" && unit === "quote";
  const quoteFill = byQuote && isDecimal(spend.trim()) && compareDecimal(spend.trim(), "0") > 0 ? baseForQuote(asks, spend.trim(), market.lotSize) : null;
  const spendAsset = side === "buy" ? market.quoteAsset : market.baseAsset;
  const available = balances?.find((b) => b.asset === spendAsset)?.available ?? "0";
  const total = type === "limit" && isDecimal(price) && isDecimal(quantity) ? multiplyDecimal(price, quantity) : null;
  // Buys are sized at the limit price, or the best ask for a market buy; without a price there is no size.
  const sizingPrice = side === "sell" ? "1" : type === "limit" ? price : bestAsk;
  const canSize = sizingPrice !== null && isDecimal(sizingPrice) && compareDecimal(sizingPrice, "0") > 0;

  function sizeTo(fraction: string) {
    if (byQuote) {
      setSpend(multiplyDecimal(available, fraction));
      setProblems((p) => p.filter((x) => x.field !== "quantity"));
      return;
    }
    if (!canSize) return;
    const qty = divideFloorToStep(multiplyDecimal(available, fraction), sizingPrice, market.lotSize);
    setQuantity(qty);
    setProblems((p) => p.filter((x) => x.field !== "quantity"));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!balances) return;
    const qty = byQuote ? (quoteFill?.quantity ?? "") : quantity;
    const draft: OrderDraft = { symbol: market.symbol, side, type, timeInForce: type === "limit" ? tif : "IOC", price, quantity: qty };
    const found = byQuote ? validateSpend(spend.trim(), quoteFill) : validateOrder(draft, { market, balances, referencePrice: side === "buy" ? bestAsk : bestBid });
    setProblems(found);
    setResult(null);
    if (found.length > 0) return;
    setBusy(true);
    try {
      const res = await onSubmit({ ...draft, price: price.trim(), quantity: qty.trim() });
      const spent = byQuote ? ` for about ${formatAmount(quoteFill?.cost)} ${market.quoteAsset}` : "";
      setResult(res.ok ? { ok: true, text: `Order sent: ${side} ${formatAmount(qty.trim())} ${market.baseAsset}${spent}` } : { ok: false, text: res.message });
      if (res.ok) {
        setQuantity("");
        setSpend("");
      }
    } catch {
      setResult({ ok: false, text: "Could not reach the exchange; try again" });
    } finally {
      setBusy(false);
    }
  }

  /** Problems of a quote amount to spend: unreadable, or buying less than the minimum from the asks. */
  function validateSpend(amount: string, fill: typeof quoteFill): FieldProblem[] {
    if (amount === "") return [{ field: "quantity", code: "QUANTITY_REQUIRED", message: "Enter an amount" }];
    if (!fill) return [{ field: "quantity", code: "QUANTITY_INVALID", message: "Amount must be a positive number" }];
    if (compareDecimal(fill.quantity, market.minQty) < 0) {
      return [{ field: "quantity", code: "QUANTITY_BELOW_MIN", message: `${amount} ${market.quoteAsset} buys less than the minimum ${market.minQty} ${market.baseAsset} at the current asks` }];
    }
    if (compareDecimal(amount, available) > 0) {
      return [{ field: "quantity", code: "INSUFFICIENT_BALANCE", message: `Not enough ${market.quoteAsset}: ${formatAmount(available)} available` }];
    }
    return [];
  }

  const priceProblem = problemFor("price");
  const qtyProblem = problemFor("quantity");
  const formProblem = problemFor("form");

  return (
    <section className="panel order-form" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="panel-title">
        Place order
      </h2>
      {balances === null ? (
        <p className="signin-hint">
          <Link href={`/signin?next=${encodeURIComponent(returnTo)}`}>Sign in</Link> or{" "}
          <Link href={`/signup?next=${encodeURIComponent(returnTo)}`}>create an account</Link> to trade.
        </p>
      ) : (
        <form onSubmit={submit} noValidate>
          <fieldset className="segmented side-toggle">
            <legend className="visually-hidden">Side</legend>
            {(["buy", "sell"] as const).map((s) => (
              <label key={s} className={`seg seg-${s}${side === s ? " seg-on" : ""}`}>
                <input type="radio" name="side" value={s} checked={side === s} onChange={() => setSide(s)} />
                {s === "buy" ? "Buy" : "Sell"}
              </label>
            ))}
          </fieldset>
          <fieldset className="segmented">
            <legend className="visually-hidden">Order type</legend>
            {(["limit", "market"] as const).map((t) => (
              <label key={t} className={`seg${type === t ? " seg-on" : ""}`}>
                <input type="radio" name="type" value={t} checked={type === t} onChange={() => setType(t)} />
                {t === "limit" ? "Limit" : "Market"}
              </label>
            ))}
          </fieldset>

          {type === "limit" ? (
            <>
              <DecimalField
                id={`${id}-price`}
                name="price"
                label={`Price (${market.quoteAsset})`}
                hint={`Tick ${market.tickSize}`}
                value={price}
                onChange={setPrice}
                problem={priceProblem}
              />
              <div className="field">
                <label htmlFor={`${id}-tif`}>Time in force</label>
                <select id={`${id}-tif`} name="timeInForce" value={tif} onChange={(e) => setTif(e.target.value as TimeInForce)}>
                  {(Object.keys(TIF_LABEL) as TimeInForce[]).map((k) => (
                    <option key={k} value={k}>
                      {TIF_LABEL[k]}
                    </option>
                  ))}
                </select>
              </div>
            </>
          ) : (
            <>
              <p className="hint">Fills now at the best available prices; any rest is cancelled.</p>
              {side === "buy" ? (
                <fieldset className="segmented">
                  <legend className="visually-hidden">Amount in</legend>
                  {(
                    [
                      ["base", `Amount in ${market.baseAsset}`],
                      ["quote", `Spend ${market.quoteAsset}`],
                    ] as const
                  ).map(([u, label]) => (
                    <label key={u} className={`seg${unit === u ? " seg-on" : ""}`}>
                      <input type="radio" name="amountUnit" value={u} checked={unit === u} onChange={() => setUnit(u)} />
                      {label}
                    </label>
                  ))}
                </fieldset>
              ) : null}
            </>
          )}

          {byQuote ? (
            <DecimalField
              id={`${id}-spend`}
              name="spend"
              label={`Spend (${market.quoteAsset})`}
              hint={
                quoteFill
                  ? `≈ ${formatAmount(quoteFill.quantity)} ${market.baseAsset} at up to ${formatAmount(quoteFill.worstPrice)} ${market.quoteAsset}${quoteFill.bookTooThin ? "; the book holds no more" : ""}`
                  : `Converted to ${market.baseAsset} at the current asks, in lots of ${market.lotSize}`
              }
              value={spend}
              onChange={setSpend}
              problem={qtyProblem}
            />
          ) : (
            <DecimalField
              id={`${id}-qty`}
              name="quantity"
              label={`Amount (${market.baseAsset})`}
              hint={`Lot ${market.lotSize}, minimum ${market.minQty}`}
              value={quantity}
              onChange={setQuantity}
              problem={qtyProblem}
            />
          )}

          <div className="size-buttons" role="group" aria-label="Size as a share of your available balance">
            {(
              [
                ["0.25", "25%"],
                ["0.5", "50%"],
                ["0.75", "75%"],
                ["1", "Max"],
              ] as const
            ).map(([fraction, label]) => (
              <button key={label} type="button" className="btn btn-ghost btn-small" onClick={() => sizeTo(fraction)} disabled={!canSize && !byQuote}>
                {label}
              </button>
            ))}
          </div>

          <dl className="order-summary">
            <div>
              <dt>Available</dt>
              <dd>
                {formatAmount(available)} {spendAsset}
              </dd>
            </div>
            <div>
              <dt>Total</dt>
              <dd>{total === null ? "—" : `${formatAmount(total)} ${market.quoteAsset}`}</dd>
            </div>
          </dl>
          {formProblem ? <p className="field-error">{formProblem.message}</p> : null}
          <button type="submit" className={`btn btn-${side} btn-block`} disabled={busy}>
            {busy ? "Sending…" : `${side === "buy" ? "Buy" : "Sell"} ${market.baseAsset}`}
          </button>
          <p className={result?.ok === false ? "form-msg form-msg-error" : "form-msg"} role="status" aria-live="polite">
            {result?.text ?? ""}
          </p>
        </form>
      )}
    </section>
  );
}

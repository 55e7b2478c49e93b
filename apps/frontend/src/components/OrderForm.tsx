"use client";
import Link from "next/link";
import { useEffect, useId, useState, type FormEvent } from "react";
import { compareDecimal, divideFloorToStep, isDecimal, multiplyDecimal } from "@/lib/decimal";
import { validateOrder, type FieldProblem } from "@/lib/order-validation";
import type { ActionResult, Balance, Market, OrderDraft, OrderType, Side, TimeInForce } from "@/lib/types";

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
  readonly pick?: PricePick | null;
  readonly onSubmit: (draft: OrderDraft) => Promise<ActionResult<string>>;
  /** Where the sign-in link returns to. */
  readonly returnTo: string;
}

const TIF_LABEL: Record<TimeInForce, string> = {
  GTC: "Good till cancelled",
  IOC: "Immediate or cancel",
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

/** Buy/sell form with limit and market orders, IOC and post-only, checked against tick, lot and balance. */
export function OrderForm({ market, balances, bestBid, bestAsk, pick, onSubmit, returnTo }: OrderFormProps) {
  const id = useId();
  const [side, setSide] = useState<Side>("buy");
  const [type, setType] = useState<OrderType>("limit");
  const [tif, setTif] = useState<TimeInForce>("GTC");
  const [price, setPrice] = useState("");
  const [quantity, setQuantity] = useState("");
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
  const spendAsset = side === "buy" ? market.quoteAsset : market.baseAsset;
  const available = balances?.find((b) => b.asset === spendAsset)?.available ?? "0";
  const total = type === "limit" && isDecimal(price) && isDecimal(quantity) ? multiplyDecimal(price, quantity) : null;
  // Buys are sized at the limit price, or the best ask for a market buy; without a price there is no size.
  const sizingPrice = side === "sell" ? "1" : type === "limit" ? price : bestAsk;
  const canSize = sizingPrice !== null && isDecimal(sizingPrice) && compareDecimal(sizingPrice, "0") > 0;

  function sizeTo(fraction: string) {
    if (!canSize) return;
    const qty = divideFloorToStep(multiplyDecimal(available, fraction), sizingPrice, market.lotSize);
    setQuantity(qty);
    setProblems((p) => p.filter((x) => x.field !== "quantity"));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!balances) return;
    const draft: OrderDraft = { symbol: market.symbol, side, type, timeInForce: type === "limit" ? tif : "IOC", price, quantity };
    const found = validateOrder(draft, { market, balances, referencePrice: side === "buy" ? bestAsk : bestBid });
    setProblems(found);
    setResult(null);
    if (found.length > 0) return;
    setBusy(true);
    try {
      const res = await onSubmit({ ...draft, price: price.trim(), quantity: quantity.trim() });
      setResult(res.ok ? { ok: true, text: `Order sent: ${side} ${quantity} ${market.baseAsset}` } : { ok: false, text: res.message });
      if (res.ok) setQuantity("");
    } catch {
      setResult({ ok: false, text: "Could not reach the exchange; try again" });
    } finally {
      setBusy(false);
    }
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
            <p className="hint">Fills now at the best available prices; any rest is cancelled.</p>
          )}

          <DecimalField
            id={`${id}-qty`}
            name="quantity"
            label={`Amount (${market.baseAsset})`}
            hint={`Lot ${market.lotSize}, minimum ${market.minQty}`}
            value={quantity}
            onChange={setQuantity}
            problem={qtyProblem}
          />

          <div className="size-buttons" role="group" aria-label="Size as a share of your available balance">
            {(
              [
                ["0.25", "25%"],
                ["0.5", "50%"],
                ["0.75", "75%"],
                ["1", "Max"],
              ] as const
            ).map(([fraction, label]) => (
              <button key={label} type="button" className="btn btn-ghost btn-small" onClick={() => sizeTo(fraction)} disabled={!canSize}>
                {label}
              </button>
            ))}
          </div>

          <dl className="order-summary">
            <div>
              <dt>Available</dt>
              <dd>
                {available} {spendAsset}
              </dd>
            </div>
            <div>
              <dt>Total</dt>
              <dd>{total === null ? "—" : `${total} ${market.quoteAsset}`}</dd>
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

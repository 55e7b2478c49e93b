"use client";
import { formatAmount, formatPrice } from "@/lib/format";
import type { FillNotice } from "@/lib/use-fill-notices";
import type { Market } from "@/lib/types";

/** Props of {@link FillToasts}. */
export interface FillToastsProps {
  readonly market: Market;
  readonly notices: readonly FillNotice[];
  readonly priceDecimals: number;
  readonly onDismiss: (key: string) => void;
}

/** Fill notifications in a corner; a polite live region, so screen readers announce each new fill. */
export function FillToasts({ market, notices, priceDecimals, onDismiss }: FillToastsProps) {
  return (
    <div className="toasts" role="status" aria-live="polite" aria-label="Fill notifications">
      {notices.map(({ key, fill }) => (
        <div key={key} className={`toast toast-${fill.side}`}>
          <p>
            <strong>{fill.side === "buy" ? "Bought" : "Sold"}</strong> {formatAmount(fill.quantity)} {market.baseAsset} at{" "}
            {formatPrice(fill.price, priceDecimals)} {market.quoteAsset}
            <span className="muted"> ({fill.liquidity})</span>
          </p>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => onDismiss(key)} aria-label="Dismiss notification">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

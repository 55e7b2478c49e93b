"use client";
import { useState } from "react";
import { formatAmount, formatDateTime, formatPrice } from "@/lib/format";
import type { ActionResult, Order } from "@/lib/types";

const STATUS_LABEL: Record<Order["status"], string> = {
  pending: "Pending",
  open: "Open",
  partially_filled: "Partially filled",
  filled: "Filled",
  cancelled: "Cancelled",
  rejected: "Rejected",
};

const TIF_SHORT = { GTC: "GTC", IOC: "IOC", FOK: "FOK", POST_ONLY: "Post only" } as const;

/** Props of {@link OrdersTable}. */
export interface OrdersTableProps {
  readonly orders: readonly Order[];
  readonly priceDecimals: number;
  readonly sizeDecimals: number;
  readonly emptyText: string;
  /** When given, each row gets a Cancel button (open orders). */
  readonly onCancel?: (orderId: string) => Promise<ActionResult<null>>;
}

/** Open orders (with cancel) or order history of the signed-in user. */
export function OrdersTable({ orders, priceDecimals, sizeDecimals, emptyText, onCancel }: OrdersTableProps) {
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<string | null>(null);

  async function cancel(orderId: string) {
    if (!onCancel) return;
    setPending((p) => new Set(p).add(orderId));
    setError(null);
    const res = await onCancel(orderId).catch(() => ({ ok: false as const, code: "NETWORK", message: "Could not reach the exchange" }));
    if (!res.ok) {
      setError(res.message);
      setPending((p) => {
        const n = new Set(p);
        n.delete(orderId);
        return n;
      });
    }
  }

  if (orders.length === 0) return <p className="empty">{emptyText}</p>;
  return (
    <>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="table-scroll">
        <table className="data-table compact">
          <thead>
            <tr>
              <th scope="col">Time (UTC)</th>
              <th scope="col">Side</th>
              <th scope="col">Type</th>
              <th scope="col" className="num">
                Price
              </th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col" className="num">
                Filled
              </th>
              <th scope="col">Status</th>
              {onCancel ? (
                <th scope="col" className="sticky-action">
                  <span className="visually-hidden">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {orders.map((o) => (
              <tr key={o.id}>
                <td className="muted">{formatDateTime(o.createdAt)}</td>
                <td className={o.side === "buy" ? "change-up" : "change-down"}>{o.side === "buy" ? "Buy" : "Sell"}</td>
                <td>{o.type === "market" ? "Market" : `Limit ${TIF_SHORT[o.timeInForce]}`}</td>
                <td className="num">{o.price === null ? "Market" : formatPrice(o.price, priceDecimals)}</td>
                <td className="num">{formatAmount(o.quantity, sizeDecimals)}</td>
                <td className="num">{formatAmount(o.filledQuantity, sizeDecimals)}</td>
                <td title={o.rejectReason}>
                  {STATUS_LABEL[o.status]}
                  {o.rejectReason ? <span className="muted"> ({o.rejectReason})</span> : null}
                </td>
                {onCancel ? (
                  <td className="sticky-action">
                    <button
                      type="button"
                      className="btn btn-ghost btn-small"
                      onClick={() => void cancel(o.id)}
                      disabled={pending.has(o.id)}
                      aria-label={`Cancel ${o.side} ${o.quantity} at ${o.price ?? "market"}`}
                    >
                      {pending.has(o.id) ? "Cancelling…" : "Cancel"}
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

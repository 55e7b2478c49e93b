"use client";
import { useState } from "react";
import { formatAmount } from "@/lib/format";
import type { ActionResult, Balance } from "@/lib/types";

/** Props of {@link BalancesTable}. */
export interface BalancesTableProps {
  readonly balances: readonly Balance[];
  /** Present only where test deposits are enabled. */
  readonly onDeposit?: () => Promise<ActionResult<null>>;
  /** Called after a successful deposit so the page refreshes balances. */
  readonly onChanged?: () => void;
}

/** The user's balances per asset, available and locked in open orders. */
export function BalancesTable({ balances, onDeposit, onChanged }: BalancesTableProps) {
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState("");

  async function deposit() {
    if (!onDeposit) return;
    setBusy(true);
    const res = await onDeposit().catch(() => ({ ok: false as const, code: "NETWORK", message: "Could not reach the exchange" }));
    setBusy(false);
    setMsg(res.ok ? "Test funds credited" : res.message);
    if (res.ok) onChanged?.();
  }

  return (
    <>
      {balances.length === 0 ? (
        <p className="empty">No balances yet.</p>
      ) : (
        <table className="data-table compact">
          <thead>
            <tr>
              <th scope="col">Asset</th>
              <th scope="col" className="num">
                Available
              </th>
              <th scope="col" className="num">
                In orders
              </th>
            </tr>
          </thead>
          <tbody>
            {balances.map((b) => (
              <tr key={b.asset}>
                <th scope="row">{b.asset}</th>
                <td className="num">{formatAmount(b.available)}</td>
                <td className="num muted">{formatAmount(b.locked)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {onDeposit ? (
        <div className="deposit-row">
          <button type="button" className="btn btn-ghost btn-small" onClick={() => void deposit()} disabled={busy}>
            {busy ? "Depositing…" : "Get test funds"}
          </button>
          <span role="status" className="muted">
            {msg}
          </span>
        </div>
      ) : null}
    </>
  );
}

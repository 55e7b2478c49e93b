"use client";
import { useId, useState, type FormEvent } from "react";
import { formatDateTime } from "@/lib/format";
import type { ActionResult, ApiKey, CreatedApiKey } from "@/lib/types";

/** Props of {@link ApiKeysPanel}. */
export interface ApiKeysPanelProps {
  readonly initialKeys: readonly ApiKey[];
  /** `trade`: the key may place and cancel orders as well as read. */
  readonly createKey: (label: string, trade: boolean) => Promise<ActionResult<CreatedApiKey>>;
  readonly revokeKey: (id: string) => Promise<ActionResult<null>>;
  readonly listKeys: () => Promise<ActionResult<ApiKey[]>>;
}

/** API key management: create (secret shown once), list, revoke with confirmation. */
export function ApiKeysPanel({ initialKeys, createKey, revokeKey, listKeys }: ApiKeysPanelProps) {
  const id = useId();
  const [keys, setKeys] = useState<readonly ApiKey[]>(initialKeys);
  const [label, setLabel] = useState("");
  const [trade, setTrade] = useState(false);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function reload() {
    const res = await listKeys();
    if (res.ok) setKeys(res.value);
  }

  async function create(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const res = await createKey(label, trade);
    setBusy(false);
    if (!res.ok) {
      setError(res.message);
      return;
    }
    setCreated(res.value);
    setLabel("");
    await reload();
  }

  async function revoke(keyId: string) {
    setConfirming(null);
    setError(null);
    const res = await revokeKey(keyId);
    if (!res.ok) setError(res.message);
    await reload();
  }

  const active = keys.filter((k) => !k.revoked);
  return (
    <section className="panel keys" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>API keys</h1>
      <p className="muted">
        Keys sign requests with HMAC-SHA256 over timestamp, method, path and body. The secret is shown once, right after you create the key.
      </p>
      <form onSubmit={create} className="inline-form">
        <div className="field">
          <label htmlFor={`${id}-label`}>Key name</label>
          <input id={`${id}-label`} value={label} onChange={(e) => setLabel(e.target.value)} maxLength={64} required />
        </div>
        <label className="check">
          <input type="checkbox" checked={trade} onChange={(e) => setTrade(e.target.checked)} /> Allow trading (place and cancel orders)
        </label>
        <button type="submit" className="btn btn-primary" disabled={busy || label.trim() === ""}>
          Create key
        </button>
      </form>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {created ? (
        <div className="secret-box" role="region" aria-label="New API key">
          <p>
            <strong>Copy the secret now.</strong> It will not be shown again.
          </p>
          <dl>
            <div>
              <dt>Key</dt>
              <dd>
                <code>{created.key}</code>
              </dd>
            </div>
            <div>
              <dt>Secret</dt>
              <dd>
                <code>{created.secret}</code>
              </dd>
            </div>
          </dl>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => setCreated(null)}>
            I have saved it
          </button>
        </div>
      ) : null}
      {active.length === 0 ? (
        <p className="empty">No active keys.</p>
      ) : (
        <table className="data-table compact">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Created (UTC)</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {active.map((k) => (
              <tr key={k.id}>
                <th scope="row">{k.label}</th>
                <td className="muted">{formatDateTime(k.createdAt)}</td>
                <td className="actions">
                  {confirming === k.id ? (
                    <>
                      <button type="button" className="btn btn-danger btn-small" onClick={() => void revoke(k.id)}>
                        Confirm revoke
                      </button>{" "}
                      <button type="button" className="btn btn-ghost btn-small" onClick={() => setConfirming(null)}>
                        Keep
                      </button>
                    </>
                  ) : (
                    <button
                      type="button"
                      className="btn btn-ghost btn-small"
                      onClick={() => setConfirming(k.id)}
                      aria-label={`Revoke ${k.label}`}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

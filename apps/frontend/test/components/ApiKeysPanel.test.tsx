import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { ApiKeysPanel } from "@/components/ApiKeysPanel";
import type { ApiKey } from "@/lib/types";

const existing: ApiKey = { id: "k-1", label: "bot", createdAt: Date.UTC(2026, 0, 2, 9, 30), revoked: false };

function setup() {
  let keys: ApiKey[] = [existing];
  const createKey = vi.fn(async (label: string, _trade: boolean) => {
    const k = { id: "k-2", label, createdAt: Date.UTC(2026, 0, 3), revoked: false };
    keys = [...keys, k];
    return { ok: true as const, value: { ...k, key: "ak_live_123", secret: "s3cr3t-value" } };
  });
  const revokeKey = vi.fn(async (id: string) => {
    keys = keys.map((k) => (k.id === id ? { ...k, revoked: true } : k));
    return { ok: true as const, value: null };
  });
  const listKeys = vi.fn(async () => ({ ok: true as const, value: keys }));
  render(<ApiKeysPanel initialKeys={[existing]} createKey={createKey} revokeKey={revokeKey} listKeys={listKeys} />);
  return { createKey, revokeKey, user: userEvent.setup() };
}

describe("ApiKeysPanel", () => {
  it("shows a new key's secret once, until the user dismisses it", async () => {
    const { createKey, user } = setup();
    await user.type(screen.getByLabelText("Key name"), "trading bot");
    await user.click(screen.getByRole("button", { name: "Create key" }));
    expect(createKey).toHaveBeenCalledWith("trading bot", false);
    const box = screen.getByRole("region", { name: "New API key" });
    expect(within(box).getByText("s3cr3t-value")).toBeTruthy();
    expect(within(box).getByText("ak_live_123")).toBeTruthy();
    expect(screen.getByRole("rowheader", { name: "trading bot" })).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "I have saved it" }));
    expect(screen.queryByText("s3cr3t-value")).toBeNull();
  });

  it("creates a key that may trade only when the user allows it", async () => {
    const { createKey, user } = setup();
    await user.type(screen.getByLabelText("Key name"), "bot 2");
    await user.click(screen.getByRole("checkbox", { name: /Allow trading/ }));
    await user.click(screen.getByRole("button", { name: "Create key" }));
    expect(createKey).toHaveBeenCalledWith("bot 2", true);
  });

  it("revokes a key only after confirmation", async () => {
    const { revokeKey, user } = setup();
    await user.click(screen.getByRole("button", { name: "Revoke bot" }));
    expect(revokeKey).not.toHaveBeenCalled();
    await user.click(screen.getByRole("button", { name: "Confirm revoke" }));
    expect(revokeKey).toHaveBeenCalledWith("k-1");
    expect(await screen.findByText("No active keys.")).toBeTruthy();
  });

  it("shows the reason a key could not be created", async () => {
    render(
      <ApiKeysPanel
        initialKeys={[]}
        createKey={vi.fn().mockResolvedValue({ ok: false, code: "SIGNED_OUT", message: "Your session has ended; sign in again" })}
        revokeKey={vi.fn()}
        listKeys={vi.fn()}
      />
    );
    await userEvent.type(screen.getByLabelText("Key name"), "x");
    await userEvent.click(screen.getByRole("button", { name: "Create key" }));
    expect((await screen.findByRole("alert")).textContent).toBe("Your session has ended; sign in again");
  });
});

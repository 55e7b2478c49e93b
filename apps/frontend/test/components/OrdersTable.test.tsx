import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { OrdersTable } from "@/components/OrdersTable";
import { account } from "../fixtures";

describe("OrdersTable", () => {
  it("lists open orders and cancels one", async () => {
    const onCancel = vi.fn().mockResolvedValue({ ok: true, value: null });
    render(<OrdersTable orders={account.openOrders} priceDecimals={2} sizeDecimals={4} emptyText="none" onCancel={onCancel} />);
    const row = screen.getAllByRole("row")[1];
    expect(
      within(row)
        .getAllByRole("cell")
        .map((c) => c.textContent)
    ).toEqual(["2026-01-01 11:00", "Buy", "Limit GTC", "29,000.00", "0.0100", "0.0000", "Open", "Cancel"]);
    await userEvent.click(screen.getByRole("button", { name: "Cancel buy 0.01 at 29000" }));
    expect(onCancel).toHaveBeenCalledWith("o-1");
    expect(screen.getByRole("button", { name: /Cancel buy/ }).textContent).toBe("Cancelling…");
  });

  it("shows the reason when a cancel fails and lets the user retry", async () => {
    const onCancel = vi.fn().mockResolvedValue({ ok: false, code: "ORDER_NOT_OPEN", message: "Order is no longer open" });
    render(<OrdersTable orders={account.openOrders} priceDecimals={2} sizeDecimals={4} emptyText="none" onCancel={onCancel} />);
    await userEvent.click(screen.getByRole("button", { name: /Cancel buy/ }));
    expect((await screen.findByRole("alert")).textContent).toBe("Order is no longer open");
    expect(screen.getByRole("button", { name: /Cancel buy/ }).textContent).toBe("Cancel");
  });

  it("shows the empty text", () => {
    render(<OrdersTable orders={[]} priceDecimals={2} sizeDecimals={4} emptyText="No open orders" />);
    expect(screen.getByText("No open orders")).toBeTruthy();
  });
});

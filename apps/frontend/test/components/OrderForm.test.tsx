import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { OrderForm } from "@/components/OrderForm";
import { account, book, btc } from "../fixtures";

function renderForm(onSubmit = vi.fn().mockResolvedValue({ ok: true, value: "o-9" }), balances = account.balances) {
  render(
    <OrderForm
      market={btc}
      balances={balances}
      bestBid="29999.5"
      bestAsk="30001"
      asks={book.asks}
      onSubmit={onSubmit}
      returnTo="/trade/BTC-USDT"
    />
  );
  return { onSubmit, user: userEvent.setup() };
}

/** A market buy form switched to spending the quote asset. */
async function spendForm(onSubmit: Parameters<typeof renderForm>[0], balances = account.balances) {
  const { user } = renderForm(onSubmit, balances);
  await user.click(screen.getByRole("radio", { name: "Market" }));
  await user.click(screen.getByRole("radio", { name: "Spend USDT" }));
  return user;
}

describe("OrderForm", () => {
  it("sends a limit buy with the entered price and amount and confirms it", async () => {
    const { onSubmit, user } = renderForm();
    await user.type(screen.getByLabelText("Price (USDT)"), "30000.25");
    await user.type(screen.getByLabelText("Amount (BTC)"), "0.01");
    expect(screen.getByText("300.0025 USDT")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Buy BTC" }));
    expect(onSubmit).toHaveBeenCalledWith({
      symbol: "BTC-USDT",
      side: "buy",
      type: "limit",
      timeInForce: "GTC",
      price: "30000.25",
      quantity: "0.01",
    });
    expect(await screen.findByText("Order sent: buy 0.01 BTC")).toBeTruthy();
  });

  it("refuses a price off the tick and an amount off the lot, and says why next to each field", async () => {
    const { onSubmit, user } = renderForm();
    await user.type(screen.getByLabelText("Price (USDT)"), "30000.001");
    await user.type(screen.getByLabelText("Amount (BTC)"), "0.00025");
    await user.click(screen.getByRole("button", { name: "Buy BTC" }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByLabelText("Price (USDT)").getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByText("Price must be a multiple of the tick size 0.01")).toBeTruthy();
    expect(screen.getByText("Amount must be a multiple of the lot size 0.0001")).toBeTruthy();
  });

  it("refuses a sell larger than the available balance", async () => {
    const { onSubmit, user } = renderForm();
    await user.click(screen.getByRole("radio", { name: "Sell" }));
    expect(screen.getByText("0.5 BTC")).toBeTruthy();
    await user.type(screen.getByLabelText("Price (USDT)"), "30000");
    await user.type(screen.getByLabelText("Amount (BTC)"), "0.6");
    await user.click(screen.getByRole("button", { name: "Sell BTC" }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByText("Not enough BTC: 0.5 available")).toBeTruthy();
  });

  it("sends IOC and post-only limit orders and market orders without a price", async () => {
    const { onSubmit, user } = renderForm();
    await user.type(screen.getByLabelText("Price (USDT)"), "30000");
    await user.type(screen.getByLabelText("Amount (BTC)"), "0.001");
    await user.selectOptions(screen.getByLabelText("Time in force"), "POST_ONLY");
    await user.click(screen.getByRole("button", { name: "Buy BTC" }));
    expect(onSubmit).toHaveBeenLastCalledWith(expect.objectContaining({ type: "limit", timeInForce: "POST_ONLY", price: "30000" }));

    await user.click(screen.getByRole("radio", { name: "Market" }));
    expect(screen.queryByLabelText("Price (USDT)")).toBeNull();
    await user.type(screen.getByLabelText("Amount (BTC)"), "0.002");
    await user.click(screen.getByRole("button", { name: "Buy BTC" }));
    expect(onSubmit).toHaveBeenLastCalledWith(expect.objectContaining({ type: "market", quantity: "0.002" }));
  });

  it("sends a fill-or-kill limit order", async () => {
    const { onSubmit, user } = renderForm();
    await user.type(screen.getByLabelText("Price (USDT)"), "30001");
    await user.type(screen.getByLabelText("Amount (BTC)"), "0.002");
    await user.selectOptions(screen.getByLabelText("Time in force"), "Fill or kill (all now or nothing)");
    await user.click(screen.getByRole("button", { name: "Buy BTC" }));
    expect(onSubmit).toHaveBeenLastCalledWith(expect.objectContaining({ type: "limit", timeInForce: "FOK", price: "30001", quantity: "0.002" }));
  });

  it("sends a market buy for a quote amount as the base quantity the asks give for it", async () => {
    const onSubmit = vi.fn().mockResolvedValue({ ok: true, value: "o-9" });
    const user = await spendForm(onSubmit, [{ asset: "USDT", available: "10000", locked: "0" }]);
    await user.type(screen.getByLabelText("Spend (USDT)"), "9000");
    // 0.25 BTC at 30,001 costs 7,500.25; the remaining 1,499.75 buys 0.0499 BTC at 30,010.
    expect(screen.getByText("≈ 0.2999 BTC at up to 30,010 USDT")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Buy BTC" }));
    expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ type: "market", side: "buy", quantity: "0.2999" }));
    expect(await screen.findByText("Order sent: buy 0.2999 BTC for about 8,997.749 USDT")).toBeTruthy();
  });

  it("fails when the quote amount buys less than the minimum quantity", async () => {
    const onSubmit = vi.fn();
    const user = await spendForm(onSubmit);
    await user.type(screen.getByLabelText("Spend (USDT)"), "5");
    await user.click(screen.getByRole("button", { name: "Buy BTC" }));
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByText("5 USDT buys less than the minimum 0.0002 BTC at the current asks")).toBeTruthy();
  });

  it("sizes an order from a share of the available balance, in whole lots", async () => {
    const { user } = renderForm();
    await user.type(screen.getByLabelText("Price (USDT)"), "30000");
    await user.click(screen.getByRole("button", { name: "50%" }));
    expect((screen.getByLabelText("Amount (BTC)") as HTMLInputElement).value).toBe("0.0166");
    await user.click(screen.getByRole("radio", { name: "Sell" }));
    await user.click(screen.getByRole("button", { name: "Max" }));
    expect((screen.getByLabelText("Amount (BTC)") as HTMLInputElement).value).toBe("0.5");
  });

  it("cannot size a limit buy before it has a price", () => {
    renderForm();
    expect(screen.getByRole("button", { name: "25%" })).toHaveProperty("disabled", true);
  });

  it("shows the API's refusal", async () => {
    const { user } = renderForm(vi.fn().mockResolvedValue({ ok: false, code: "INVALID_PRICE", message: "price off tick" }));
    await user.type(screen.getByLabelText("Price (USDT)"), "30000");
    await user.type(screen.getByLabelText("Amount (BTC)"), "0.001");
    await user.click(screen.getByRole("button", { name: "Buy BTC" }));
    expect(await screen.findByText("price off tick")).toBeTruthy();
  });

  it("invites a signed-out visitor to sign in, returning to this market", () => {
    render(<OrderForm market={btc} balances={null} bestBid={null} bestAsk={null} onSubmit={vi.fn()} returnTo="/trade/BTC-USDT" />);
    expect(screen.getByRole("link", { name: "Sign in" }).getAttribute("href")).toBe("/signin?next=%2Ftrade%2FBTC-USDT");
    expect(screen.queryByRole("button", { name: /Buy/ })).toBeNull();
  });
});

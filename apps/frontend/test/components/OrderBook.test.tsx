import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { OrderBook } from "@/components/OrderBook";
import { book, btc } from "../fixtures";

describe("OrderBook", () => {
  it("shows asks above bids with the spread between them", () => {
    render(<OrderBook market={btc} book={book} priceDecimals={2} sizeDecimals={4} />);
    const asks = within(screen.getByRole("list", { name: /asks/i })).getAllByRole("button");
    const bids = within(screen.getByRole("list", { name: /bids/i })).getAllByRole("button");
    expect(asks.map((b) => b.textContent)).toEqual(["Ask 30,010.00 2.0000 2.2500", "Ask 30,001.00 0.2500 0.2500"]);
    expect(bids[0]).toHaveProperty("textContent", "Bid 29,999.50 0.5000 0.5000");
    expect(screen.getByLabelText("Spread").textContent).toBe("Spread 1.50 (0.005%)");
  });

  it("copies a level's price into the form when the user picks it with the keyboard", async () => {
    const onPick = vi.fn();
    render(<OrderBook market={btc} book={book} priceDecimals={2} sizeDecimals={4} onPickPrice={onPick} />);
    const best = screen.getByRole("button", { name: /^Bid 29,999.50/ });
    best.focus();
    await userEvent.keyboard("{Enter}");
    expect(onPick).toHaveBeenCalledWith("29999.5");
  });

  it("says when a side is empty", () => {
    render(<OrderBook market={btc} book={{ symbol: "BTC-USDT", bids: [], asks: [] }} priceDecimals={2} sizeDecimals={4} />);
    expect(screen.getByText("No asks")).toBeTruthy();
    expect(screen.getByText("No bids")).toBeTruthy();
    expect(screen.getByLabelText("Spread").textContent).toBe("Spread —");
  });
});

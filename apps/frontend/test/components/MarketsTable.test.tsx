import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { MarketsTable } from "@/components/MarketsTable";
import { btc } from "../fixtures";

describe("MarketsTable", () => {
  it("lists each market with last price and a signed 24h change, linking to its trading page", () => {
    const eth = { ...btc, symbol: "ETH-USDT", baseAsset: "ETH", lastPrice: null, change24hPercent: "-1.234", volume24h: null };
    render(<MarketsTable markets={[btc, eth]} />);
    const [, btcRow, ethRow] = screen.getAllByRole("row");
    expect(within(btcRow).getByRole("link").getAttribute("href")).toBe("/trade/BTC-USDT");
    expect(
      within(btcRow)
        .getAllByRole("cell")
        .map((c) => c.textContent)
    ).toEqual(["30,000.50", "+2.50%", "12.3"]);
    expect(
      within(ethRow)
        .getAllByRole("cell")
        .map((c) => c.textContent)
    ).toEqual(["—", "-1.23%", "—"]);
    expect(within(ethRow).getAllByRole("cell")[1].className).toContain("change-down");
  });

  it("says when there are no markets", () => {
    render(<MarketsTable markets={[]} />);
    expect(screen.getByText("No markets are listed yet.")).toBeTruthy();
  });
});

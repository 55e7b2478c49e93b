/**
 * The trading page's layout at phone width in a real browser, without the stack: the page is rendered
 * with React's server renderer from fixtures (a signed-in user with an open order) and styled with the
 * app's own globals.css, so the browser lays out exactly what users get.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error plain ESM helper shared with the benchmark
import { CHROMIUM_FLAGS, chromiumPath } from "../tools/chromium.mjs";
import { TradingView } from "@/components/TradingView";
import type { AccountSnapshot } from "@/lib/types";
import { account, book, btc, ticker, trades } from "../test/fixtures";

const CSS = readFileSync(path.resolve(import.meta.dirname, "../app/globals.css"), "utf8");
const never = () => new Promise<never>(() => undefined);

/** An account with a long-priced open order, the widest row the orders table shows. */
const withOpenOrder: AccountSnapshot = {
  ...account,
  openOrders: [
    {
      ...account.openOrders[0],
      price: "123456.78",
      quantity: "12.3456",
      filledQuantity: "1.2345",
      status: "partially_filled",
      timeInForce: "POST_ONLY",
    },
  ],
};

function page(): string {
  const markup = renderToStaticMarkup(
    createElement(TradingView, {
      market: btc,
      initial: { book, trades, ticker },
      account: withOpenOrder,
      wsUrl: "ws://127.0.0.1:9/ws",
      actions: { loadMarket: never, loadAccount: never, loadCandles: never, placeOrder: never, cancelOrder: never },
    })
  );
  return `<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width, initial-scale=1">
<style>${CSS}</style></head><body><main id="main">${markup}</main></body></html>`;
}

describe("trading page at 390 px with an open order", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_FLAGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("does not scroll sideways, and the Cancel button is on screen and clickable", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const tab = await context.newPage();
    await tab.setContent(page());
    const layout = await tab.evaluate(() => {
      const vw = document.documentElement.clientWidth;
      const cancel = [...document.querySelectorAll("button")].find((b) => /^Cancel/.test(b.getAttribute("aria-label") ?? b.textContent ?? ""));
      if (!cancel) return { vw, scrollWidth: document.documentElement.scrollWidth, cancel: null };
      // Scroll the page down to the button, never sideways: it must be on screen without scrolling the table.
      window.scrollTo(0, cancel.getBoundingClientRect().top + window.scrollY - 200);
      const r = cancel.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return {
        vw,
        scrollWidth: document.documentElement.scrollWidth,
        cancel: { left: Math.round(r.left), right: Math.round(r.right), onTop: hit === cancel || cancel.contains(hit) },
        pageScrollX: window.scrollX,
      };
    });
    await context.close();
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.vw);
    expect(layout.cancel).not.toBeNull();
    expect(layout.cancel!.left).toBeGreaterThanOrEqual(0);
    expect(layout.cancel!.right).toBeLessThanOrEqual(layout.vw);
    expect(layout.cancel!.onTop).toBe(true);
    expect(layout.pageScrollX).toBe(0);
  });
});

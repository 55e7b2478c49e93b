import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TradingView, type TradingActions } from "@/components/TradingView";
import { account, book, btc, ticker, trades } from "../fixtures";
import { socketRecorder } from "../fake-socket";

// The chart library draws on canvas, which jsdom lacks; the chart's own logic is tested through candles.
vi.mock("lightweight-charts", () => ({
  ColorType: { Solid: "solid" },
  CandlestickSeries: {},
  HistogramSeries: {},
  createChart: () => ({
    addSeries: () => ({ setData: () => undefined }),
    priceScale: () => ({ applyOptions: () => undefined }),
    remove: () => undefined,
  }),
}));

function actions(over: Partial<TradingActions> = {}): TradingActions {
  return {
    loadMarket: vi.fn().mockResolvedValue({ ok: true, value: { book, trades, ticker } }),
    loadAccount: vi.fn().mockResolvedValue({ ok: true, value: account }),
    loadCandles: vi.fn().mockResolvedValue({ ok: true, value: [] }),
    placeOrder: vi.fn().mockResolvedValue({ ok: true, value: "o-2" }),
    cancelOrder: vi.fn().mockResolvedValue({ ok: true, value: null }),
    ...over,
  };
}

function renderView(acts = actions(), signedIn = true) {
  const rec = socketRecorder();
  render(
    <TradingView
      market={btc}
      initial={{ book, trades, ticker }}
      account={signedIn ? account : null}
      wsUrl="ws://api.test/ws"
      actions={acts}
      createSocket={rec.create}
    />
  );
  return { rec, acts };
}

beforeEach(() => vi.useFakeTimers({ shouldAdvanceTime: true }));
afterEach(() => vi.useRealTimers());

describe("TradingView", () => {
  it("renders the market's ticker, book, trades and the user's open orders from the server snapshot", () => {
    renderView();
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("BTC/USDT");
    expect(screen.getByLabelText("Last price").textContent).toBe("30,000.50");
    expect(screen.getByRole("tab", { name: "Open orders (1)" }).getAttribute("aria-selected")).toBe("true");
    const tape = within(screen.getByRole("region", { name: "Recent trades" }));
    expect(tape.getAllByRole("row")).toHaveLength(3);
  });

  it("links to the other markets and marks the current one", () => {
    const rec = socketRecorder();
    const eth = { ...btc, symbol: "ETH-USDT", baseAsset: "ETH" };
    render(
      <TradingView
        market={btc}
        markets={[btc, eth]}
        initial={{ book, trades, ticker }}
        account={null}
        wsUrl="ws://x/ws"
        actions={actions()}
        createSocket={rec.create}
      />
    );
    const nav = within(screen.getByRole("navigation", { name: "Switch market" }));
    expect(nav.getByRole("link", { name: "BTC/USDT" }).getAttribute("aria-current")).toBe("page");
    expect(nav.getByRole("link", { name: "ETH/USDT" }).getAttribute("href")).toBe("/trade/ETH-USDT");
  });

  it("goes live, applies pushed trades and book changes, and refreshes the account", async () => {
    const { rec, acts } = renderView();
    expect(screen.getByText("Connecting…")).toBeTruthy();
    act(() => rec.last().open());
    expect(screen.getByText("Live")).toBeTruthy();
    expect(rec.last().sent.map((f) => JSON.parse(f))).toEqual([
      { op: "subscribe", channel: "orderbook", symbol: "BTC-USDT" },
      { op: "subscribe", channel: "trades", symbol: "BTC-USDT" },
      { op: "subscribe", channel: "ticker", symbol: "BTC-USDT" },
    ]);
    act(() => {
      rec.last().receive({ type: "subscribed", channel: "trades", key: "BTC-USDT" });
      rec.last().receive({
        type: "event",
        channel: "trades",
        key: "BTC-USDT",
        data: { id: "t3", symbol: "BTC-USDT", price: "30002", quantity: "0.3", takerSide: "BUY", executedAt: "2026-01-01T12:01:00.000Z" },
      });
      rec.last().receive({
        type: "event",
        channel: "orderbook",
        key: "BTC-USDT",
        data: { symbol: "BTC-USDT", bids: [["30002", "1"]], asks: [["30003", "4"]], ts: 5 },
      });
      rec.last().receive({ type: "event", channel: "orderbook", key: "BTC-USDT", data: { symbol: "BTC-USDT", bids: [], asks: [], ts: 4 } });
      rec.last().receive({
        type: "event",
        channel: "trades",
        key: "ETH-USDT",
        data: { id: "x", price: "1", quantity: "1", executedAt: "2026-01-01T12:02:00.000Z" },
      });
    });
    expect(screen.getByLabelText("Last price").textContent).toBe("30,002.00");
    const tape = within(screen.getByRole("region", { name: "Recent trades" }));
    expect(tape.getAllByRole("row")[1].textContent).toContain("30,002.00");
    expect(screen.getByRole("button", { name: /^Bid 30,002.00 1.0000/ })).toBeTruthy();
    expect(screen.getByRole("button", { name: /^Ask 30,003.00 4.0000/ })).toBeTruthy();
    await act(() => vi.advanceTimersByTimeAsync(300));
    expect(acts.loadAccount).toHaveBeenCalledWith("BTC-USDT");
  });

  it("shows when it is offline and catches up from a fresh snapshot after reconnecting", async () => {
    const newer = { book: { ...book, asks: [{ price: "30005", quantity: "9" }] }, trades, ticker: { ...ticker, lastPrice: "30005" } };
    const acts = actions({ loadMarket: vi.fn().mockResolvedValue({ ok: true, value: newer }) });
    const { rec } = renderView(acts);
    act(() => rec.last().open());
    act(() => rec.last().drop());
    expect(screen.getByText(/Offline — reconnecting/)).toBeTruthy();
    await act(() => vi.advanceTimersByTimeAsync(1000));
    act(() => rec.last().open());
    await act(() => vi.advanceTimersByTimeAsync(10));
    expect(rec.sockets).toHaveLength(2);
    expect(screen.getByText("Live")).toBeTruthy();
    expect(acts.loadMarket).toHaveBeenCalledWith("BTC-USDT");
    expect(screen.getByRole("button", { name: /^Ask 30,005.00 9.0000/ })).toBeTruthy();
    expect(screen.getByLabelText("Last price").textContent).toBe("30,005.00");
  });

  it("fills the order form's price from a picked ladder level and places the order", async () => {
    const { acts } = renderView();
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    await user.click(screen.getByRole("button", { name: /^Ask 30,001.00/ }));
    expect((screen.getByLabelText("Price (USDT)") as HTMLInputElement).value).toBe("30001");
    await user.type(screen.getByLabelText("Amount (BTC)"), "0.001");
    await user.click(screen.getByRole("button", { name: "Buy BTC" }));
    expect(acts.placeOrder).toHaveBeenCalledWith(expect.objectContaining({ price: "30001", quantity: "0.001", side: "buy" }));
  });

  it("moves between account tabs with the arrow keys and shows balances", async () => {
    renderView();
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    screen.getByRole("tab", { name: /Open orders/ }).focus();
    await user.keyboard("{ArrowLeft}");
    const balancesTab = screen.getByRole("tab", { name: "Balances" });
    expect(document.activeElement).toBe(balancesTab);
    const panel = screen.getByRole("tabpanel", { name: "Balances" });
    expect(within(panel).getByRole("row", { name: /USDT/ }).textContent).toBe("USDT1,0000");
  });

  it("lists the user's own trades in the My trades tab with price, amount, total and role", async () => {
    renderView();
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    await user.click(screen.getByRole("tab", { name: "My trades" }));
    const panel = screen.getByRole("tabpanel", { name: "My trades" });
    expect(within(panel).getAllByRole("row")[1].textContent).toBe("2026-01-01 10:30Sell30,500.000.002061.00Maker");
  });

  it("announces a fill that appears after the page loaded, once, and not the ones it started with", async () => {
    const fill = { id: "BTC-USDT-8", symbol: "BTC-USDT", orderId: "o-1", side: "buy" as const, price: "29000", quantity: "1234.5", liquidity: "taker" as const, time: Date.UTC(2026, 0, 1, 12) };
    const acts = actions({ loadAccount: vi.fn().mockResolvedValue({ ok: true, value: { ...account, trades: [fill, ...account.trades] } }) });
    renderView(acts);
    const toasts = screen.getByRole("status", { name: "Fill notifications" });
    expect(toasts.textContent).toBe("");
    await act(() => vi.advanceTimersByTimeAsync(5_000));
    expect(toasts.textContent).toContain("Bought 1,234.5 BTC at 29,000.00 USDT (taker)");
    await act(() => vi.advanceTimersByTimeAsync(2_000));
    expect(within(toasts).getAllByText(/Bought/)).toHaveLength(1);
    // Gone 8 s after it appeared, although the account was refreshed (and re-rendered) meanwhile.
    await act(() => vi.advanceTimersByTimeAsync(6_500));
    expect(toasts.textContent).toBe("");
  });

  it("announces a fill pushed on the fill stream at once, for this market only, and refreshes the account", async () => {
    const listeners = new Map<string, (ev: { data: string }) => void>();
    const source = { addEventListener: (type: string, l: (ev: { data: string }) => void) => void listeners.set(type, l), close: vi.fn() };
    const createFillSource = vi.fn(() => source);
    const acts = actions();
    render(
      <TradingView
        market={btc}
        initial={{ book, trades, ticker }}
        account={account}
        wsUrl="ws://api.test/ws"
        actions={acts}
        createSocket={socketRecorder().create}
        fillsUrl="/api/fills"
        createFillSource={createFillSource}
      />
    );
    expect(createFillSource).toHaveBeenCalledWith("/api/fills");
    const push = (data: object) => act(() => listeners.get("fill")!({ data: JSON.stringify(data) }));
    push({ id: "ETH-USDT-3", symbol: "ETH-USDT", orderId: "o-5", side: "BUY", price: "3000", quantity: "1", liquidity: "TAKER", executedAt: "2026-01-01T12:00:00Z" });
    push({ id: "BTC-USDT-9", symbol: "BTC-USDT", orderId: "o-1", side: "BUY", price: "29000", quantity: "0.01", liquidity: "MAKER", executedAt: "2026-01-01T12:00:00Z" });
    const toasts = screen.getByRole("status", { name: "Fill notifications" });
    expect(toasts.textContent).toBe("Bought 0.01 BTC at 29,000.00 USDT (maker)×");
    await act(() => vi.advanceTimersByTimeAsync(300));
    expect(acts.loadAccount).toHaveBeenCalledWith("BTC-USDT");
    act(() => listeners.get("expired")!({ data: "{}" }));
    expect(source.close).toHaveBeenCalled();
  });

  it("draws the depth chart from the live book", () => {
    renderView();
    expect(screen.getByRole("img", { name: /^Market depth: bids 2.0000 BTC from 29,999.50 down to 29,990.00; asks 2.2500 BTC from 30,001.00 up to 30,010.00$/ })).toBeTruthy();
  });

  it("loads the candles of the interval the user picks", async () => {
    const { acts } = renderView();
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    expect(acts.loadCandles).toHaveBeenCalledWith("BTC-USDT", "1m");
    await user.click(screen.getByRole("button", { name: "1h" }));
    expect(acts.loadCandles).toHaveBeenLastCalledWith("BTC-USDT", "1h");
    expect(screen.getByRole("button", { name: "1h" }).getAttribute("aria-pressed")).toBe("true");
  });

  it("polls the account while the tab is visible and pauses while it is hidden", async () => {
    const { acts } = renderView();
    await act(() => vi.advanceTimersByTimeAsync(5_000));
    expect(acts.loadAccount).toHaveBeenCalledTimes(1);
    const visibility = vi.spyOn(document, "visibilityState", "get").mockReturnValue("hidden");
    await act(() => vi.advanceTimersByTimeAsync(10_000));
    expect(acts.loadAccount).toHaveBeenCalledTimes(1);
    visibility.mockReturnValue("visible");
    await act(async () => void document.dispatchEvent(new Event("visibilitychange")));
    expect(acts.loadAccount).toHaveBeenCalledTimes(2);
    visibility.mockRestore();
  });

  it("tells a signed-out visitor to sign in instead of showing account tabs", () => {
    renderView(actions(), false);
    expect(screen.getByText("Sign in to see your orders and balances.")).toBeTruthy();
    expect(screen.queryByRole("tablist")).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { applyLevelChanges, baseForQuote, buildLadder } from "@/lib/book";
import { book } from "../fixtures";

describe("applyLevelChanges", () => {
  it("updates, adds and removes levels and keeps both sides sorted best first", () => {
    const next = applyLevelChanges(book, [
      { side: "bid", price: "29999.5", quantity: "0" },
      { side: "bid", price: "29995", quantity: "3" },
      { side: "ask", price: "30000", quantity: "1" },
      { side: "ask", price: "30010", quantity: "0.5" },
    ]);
    expect(next.bids).toEqual([
      { price: "29995", quantity: "3" },
      { price: "29990", quantity: "1.5" },
    ]);
    expect(next.asks.map((l) => l.price)).toEqual(["30000", "30001", "30010"]);
    expect(next.asks[2].quantity).toBe("0.5");
    expect(book.bids).toHaveLength(2);
  });

  it("skips malformed changes", () => {
    const next = applyLevelChanges(book, [{ side: "ask", price: "NaN", quantity: "1" }]);
    expect(next.asks).toEqual(book.asks);
  });
});

describe("buildLadder", () => {
  it("puts the best ask last, sums totals and measures the spread", () => {
    const ladder = buildLadder(book, 10);
    expect(ladder.asks.map((r) => [r.price, r.total])).toEqual([
      ["30010", "2.25"],
      ["30001", "0.25"],
    ]);
    expect(ladder.bids.map((r) => r.total)).toEqual(["0.5", "2"]);
    expect(ladder.spread).toBe("1.5");
    expect(ladder.asks[0].depth).toBe(1);
    expect(ladder.bids[0].depth).toBeCloseTo(0.5 / 2.25);
  });

  it("has no spread when a side is empty", () => {
    expect(buildLadder({ symbol: "X-Y", bids: [], asks: book.asks }, 5).spread).toBeNull();
  });
});

describe("baseForQuote", () => {
  const asks = [
    { price: "100", quantity: "1" },
    { price: "200", quantity: "2" },
  ];

  it("takes whole levels while the money lasts, then whole lots of the next level", () => {
    expect(baseForQuote(asks, "250", "0.01")).toEqual({ quantity: "1.75", cost: "250", worstPrice: "200", bookTooThin: false });
    expect(baseForQuote(asks, "333", "0.01")).toEqual({ quantity: "2.16", cost: "332", worstPrice: "200", bookTooThin: false });
  });

  it("says when the asks run out before the amount is spent", () => {
    expect(baseForQuote(asks, "1000", "0.01")).toEqual({ quantity: "3", cost: "500", worstPrice: "200", bookTooThin: true });
  });

  it("buys nothing when the amount does not pay for one lot", () => {
    expect(baseForQuote(asks, "0.5", "0.01")).toEqual({ quantity: "0", cost: "0", worstPrice: null, bookTooThin: false });
  });
});

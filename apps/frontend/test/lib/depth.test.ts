import { describe, expect, it } from "vitest";
import { depthCurve, depthPath } from "@/lib/depth";
import { book } from "../fixtures";

describe("depthCurve", () => {
  it("accumulates each side from the best price outwards, with exact totals for the labels", () => {
    const curve = depthCurve(book)!;
    expect(curve.bids).toEqual([
      { price: 29999.5, total: 0.5 },
      { price: 29990, total: 2 },
    ]);
    expect(curve.asks).toEqual([
      { price: 30001, total: 0.25 },
      { price: 30010, total: 2.25 },
    ]);
    expect([curve.bidTotal, curve.askTotal, curve.maxTotal]).toEqual(["2", "2.25", 2.25]);
  });

  it("centres the price range on the mid so the spread sits in the middle", () => {
    const curve = depthCurve(book)!;
    const mid = (29999.5 + 30001) / 2;
    expect(curve.maxPrice - mid).toBeCloseTo(mid - curve.minPrice, 9);
    expect(curve.minPrice).toBeLessThanOrEqual(29990);
    expect(curve.maxPrice).toBeGreaterThanOrEqual(30010);
  });

  it("is null for an empty book", () => {
    expect(depthCurve({ symbol: "BTC-USDT", bids: [], asks: [] })).toBeNull();
  });
});

describe("depthPath", () => {
  it("draws a closed staircase from the best price to the chart's edge, rising by each level", () => {
    const curve = { bids: [], asks: [{ price: 10, total: 1 }, { price: 15, total: 2 }], bidTotal: "0", askTotal: "2", minPrice: 0, maxPrice: 20, maxTotal: 2 };
    expect(depthPath(curve, "ask", 200, 100)).toBe("M100,100 L100,100 L100,50 L150,50 L150,0 L200,0 L200,100 Z");
    expect(depthPath(curve, "bid", 200, 100)).toBe("");
  });
});

import { describe, expect, it } from "vitest";
import { safeReturnPath } from "@/lib/safe-path";

describe("safeReturnPath", () => {
  it("keeps same-site paths", () => {
    expect(safeReturnPath("/trade/BTC-USDT?x=1")).toBe("/trade/BTC-USDT?x=1");
  });

  it("refuses anything that could leave the site", () => {
    for (const bad of ["https://evil.example", "//evil.example", "/\\evil.example", "/\t/evil.example", "evil", "", null, 42]) {
      expect(safeReturnPath(bad)).toBe("/");
    }
  });
});

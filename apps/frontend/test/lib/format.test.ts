import { describe, expect, it } from "vitest";
import { formatAmount, formatPrice } from "@/lib/format";

describe("formatAmount", () => {
  it("groups thousands and keeps every digit of the exact value", () => {
    expect(formatAmount("1234567.000123")).toBe("1,234,567.000123");
  });

  it("pads or trims to the column's decimals, grouping the integer part", () => {
    expect(formatAmount("12345.5", 4)).toBe("12,345.5000");
    expect(formatAmount("0.123456", 2)).toBe("0.12");
  });

  it("shows a dash for a missing amount", () => {
    expect(formatAmount(null)).toBe("—");
  });
});

describe("formatPrice", () => {
  it("groups thousands at the market's decimals", () => {
    expect(formatPrice("1234567.5", 2)).toBe("1,234,567.50");
  });
});

import { describe, expect, it } from "vitest";
import {
  addDecimal,
  compareDecimal,
  decimalsOf,
  divideFloorToStep,
  isDecimal,
  isMultipleOf,
  multiplyDecimal,
  subtractDecimal,
} from "@/lib/decimal";

describe("decimal", () => {
  it("accepts plain decimals only", () => {
    expect(["1", "0.5", "100.250"].map(isDecimal)).toEqual([true, true, true]);
    expect(["", "-1", "1e3", ".5", "1.", "1,5"].map(isDecimal)).toEqual([false, false, false, false, false, false]);
  });

  it("checks multiples exactly where floats would not", () => {
    expect(isMultipleOf("0.3", "0.1")).toBe(true);
    expect(isMultipleOf("30000.25", "0.01")).toBe(true);
    expect(isMultipleOf("30000.255", "0.01")).toBe(false);
    expect(isMultipleOf("0.00015", "0.0001")).toBe(false);
  });

  it("multiplies, adds and subtracts exactly", () => {
    expect(multiplyDecimal("0.1", "0.2")).toBe("0.02");
    expect(multiplyDecimal("30000.5", "0.0002")).toBe("6.0001");
    expect(addDecimal("0.1", "0.2")).toBe("0.3");
    expect(subtractDecimal("1", "0.25")).toBe("0.75");
    expect(subtractDecimal("1", "2")).toBe("0");
  });

  it("compares across scales", () => {
    expect(compareDecimal("1.50", "1.5")).toBe(0);
    expect(compareDecimal("2", "10")).toBe(-1);
  });

  it("counts the decimals of a step", () => {
    expect(decimalsOf("0.01")).toBe(2);
    expect(decimalsOf("0.00010")).toBe(4);
    expect(decimalsOf("1")).toBe(0);
  });

  it("divides down to whole steps", () => {
    expect(divideFloorToStep("1000", "30001", "0.0001")).toBe("0.0333");
    expect(divideFloorToStep("0.5", "1", "0.0001")).toBe("0.5");
    expect(divideFloorToStep("0.00009", "1", "0.0001")).toBe("0");
    expect(() => divideFloorToStep("1", "0", "0.1")).toThrow(RangeError);
  });
});

/**
 * Exact decimal arithmetic on strings, just enough for order validation and display.
 * Prices and sizes are compared against tick/lot sizes exactly; floats would accept 0.30000000000000004.
 */

const DECIMAL_RE = /^\d+(\.\d+)?$/;

/** A non-negative decimal as an integer scaled by 10^scale. */
interface Scaled {
  readonly units: bigint;
  readonly scale: number;
}

/** True when `text` is a plain non-negative decimal such as "12", "0.5" or "100.250". */
export function isDecimal(text: string): boolean {
  return DECIMAL_RE.test(text);
}

function toScaled(text: string): Scaled {
  if (!isDecimal(text)) throw new RangeError(`not a decimal: ${text}`);
  const [whole, frac = ""] = text.split(".");
  return { units: BigInt(whole + frac), scale: frac.length };
}

function align(a: Scaled, b: Scaled): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * 10n ** BigInt(scale - a.scale), b.units * 10n ** BigInt(scale - b.scale), scale];
}

function fromScaled(units: bigint, scale: number): string {
  const digits = units.toString().padStart(scale + 1, "0");
  if (scale === 0) return digits;
  const whole = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale).replace(/0+$/, "");
  return frac ? `${whole}.${frac}` : whole;
}

/** -1, 0 or 1 as a is less than, equal to or greater than b. */
export function compareDecimal(a: string, b: string): -1 | 0 | 1 {
  const [x, y] = align(toScaled(a), toScaled(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

/** True when `value` is a whole number of `step`s (step > 0). */
export function isMultipleOf(value: string, step: string): boolean {
  const [x, s] = align(toScaled(value), toScaled(step));
  if (s === 0n) return true;
  return x % s === 0n;
}

/** Exact product of two decimals. */
export function multiplyDecimal(a: string, b: string): string {
  const x = toScaled(a);
  const y = toScaled(b);
  return fromScaled(x.units * y.units, x.scale + y.scale);
}

/** Exact sum of two decimals. */
export function addDecimal(a: string, b: string): string {
  const [x, y, scale] = align(toScaled(a), toScaled(b));
  return fromScaled(x + y, scale);
}

/** Exact difference a - b, floored at zero (quantities never go negative on screen). */
export function subtractDecimal(a: string, b: string): string {
  const [x, y, scale] = align(toScaled(a), toScaled(b));
  return fromScaled(x > y ? x - y : 0n, scale);
}

/** Number of decimal places in a step such as a tick size ("0.01" → 2). */
export function decimalsOf(step: string): number {
  const frac = step.split(".")[1] ?? "";
  return frac.replace(/0+$/, "").length;
}

/** Canonical form: no leading zeros, no trailing fractional zeros. */
export function normalizeDecimal(text: string): string {
  const s = toScaled(text);
  return fromScaled(s.units, s.scale);
}

/**
 * The largest whole number of `step`s not above `a / b` (b, step > 0), e.g. how much base a quote
 * balance buys at a price, in lots. Exact: the division happens on scaled integers.
 */
export function divideFloorToStep(a: string, b: string, step: string): string {
  const [x, y] = align(toScaled(a), toScaled(multiplyDecimal(b, step)));
  if (y === 0n) throw new RangeError("division by zero");
  return multiplyDecimal((x / y).toString(), step);
}

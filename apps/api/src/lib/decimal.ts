/** Fixed-point helpers for prices and quantities, which travel as decimal strings and never as floats. */

/** Digits kept after the point; matches numeric(38, 18) in PostgreSQL. */
export const SCALE = 18;

/** A non-negative decimal string with at most 20 integer digits and 18 fractional digits. */
export const DECIMAL_PATTERN = '^(0|[1-9][0-9]{0,19})(\\.[0-9]{1,18})?$';

/** Parses a decimal string (already matched by DECIMAL_PATTERN) into an integer count of 10^-18 units. */
export function toUnits(value: string): bigint {
  const [int, frac = ''] = value.split('.');
  return BigInt(int + frac.padEnd(SCALE, '0'));
}

/** Formats 10^-18 units as the shortest decimal string. */
export function fromUnits(units: bigint): string {
  const neg = units < 0n;
  const s = (neg ? -units : units).toString().padStart(SCALE + 1, '0');
  const int = s.slice(0, -SCALE);
  const frac = s.slice(-SCALE).replace(/0+$/, '');
  return (neg ? '-' : '') + (frac ? `${int}.${frac}` : int);
}

/** Normalises a PostgreSQL numeric or any decimal string to the shortest form ("1.500" -> "1.5"). */
export function normalize(value: string | null): string | null {
  if (value === null) return null;
  const neg = value.startsWith('-');
  return fromUnits((neg ? -1n : 1n) * toUnits(neg ? value.slice(1) : value));
}

/** True when `value` is a whole multiple of `step` (both in 10^-18 units). */
export const isMultiple = (value: bigint, step: bigint): boolean => step > 0n && value % step === 0n;

/** Display helpers. They take exact decimal strings and never round through floats for prices. */

/** Pads or trims a decimal string to `decimals` places for aligned columns (truncates, never rounds up). */
export function fixedDecimals(value: string, decimals: number): string {
  const [whole, frac = ""] = value.split(".");
  if (decimals <= 0) return whole;
  return `${whole}.${frac.padEnd(decimals, "0").slice(0, decimals)}`;
}

/** Adds thousands separators to the integer part of a decimal string. */
export function groupThousands(value: string): string {
  const [whole, frac] = value.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

/** Formats a price for a market with the given number of decimals. */
export function formatPrice(value: string | null | undefined, decimals: number): string {
  if (value === null || value === undefined || value === "") return "—";
  return groupThousands(fixedDecimals(value, decimals));
}

/**
 * Formats an amount (quantity, balance, total): thousands separators, and exactly `decimals` places when
 * given (for aligned columns), else every digit the exact value has.
 */
export function formatAmount(value: string | null | undefined, decimals?: number): string {
  if (value === null || value === undefined || value === "") return "—";
  return groupThousands(decimals === undefined ? value : fixedDecimals(value, decimals));
}

/** Formats a percent change with an explicit sign, e.g. "+1.20%". */
export function formatPercent(value: string | null | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  const n = Number(value);
  if (!Number.isFinite(n)) return "—";
  return `${n > 0 ? "+" : ""}${n.toFixed(2)}%`;
}

/** Direction of a change, for colouring: "up", "down" or "flat". */
export function direction(value: string | null | undefined): "up" | "down" | "flat" {
  const n = Number(value);
  if (!value || !Number.isFinite(n) || n === 0) return "flat";
  return n > 0 ? "up" : "down";
}

/** Wall-clock time of day in UTC, HH:MM:SS; UTC so every user reads the same tape. */
export function formatTime(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(11, 19);
}

/** Date and time in UTC, YYYY-MM-DD HH:MM. */
export function formatDateTime(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

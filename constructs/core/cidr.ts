/** IPv4 CIDR helpers used by the schema's network rules. */

function parse(cidr: string): { base: number; bits: number } | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (octets.some((o) => o > 255) || bits > 32) return undefined;
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - bits);
  // A CIDR whose address has host bits set is almost always a typo for another range.
  if (base % size !== 0) return undefined;
  return { base, bits };
}

/** True for a canonical IPv4 CIDR (no host bits set), e.g. `10.0.0.0/16`. */
export function isValidCidr(cidr: string): boolean {
  return parse(cidr) !== undefined;
}

/** True when the two CIDRs share at least one address. Invalid input never overlaps. */
export function cidrsOverlap(a: string, b: string): boolean {
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return false;
  const xEnd = x.base + 2 ** (32 - x.bits);
  const yEnd = y.base + 2 ** (32 - y.bits);
  return x.base < yEnd && y.base < xEnd;
}

/**
 * The `index`-th subnet of `newBits` extra prefix bits inside `cidr` (Terraform's `cidrsubnet`), computed
 * at synth time so plans show literal ranges.
 */
export function cidrSubnet(cidr: string, newBits: number, index: number): string {
  const p = parse(cidr);
  if (!p) throw new Error(`cidrSubnet: invalid CIDR ${cidr}`);
  const bits = p.bits + newBits;
  if (bits > 32 || index < 0 || index >= 2 ** newBits) {
    throw new Error(`cidrSubnet: subnet ${index} of /${bits} does not fit in ${cidr}`);
  }
  const base = p.base + index * 2 ** (32 - bits);
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256);
  return `${octets.join(".")}/${bits}`;
}

/** Ranges that never route on the internet: RFC 1918 and the carrier-grade NAT range (RFC 6598). */
const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"];

/** True when the whole CIDR lies inside a private range. */
export function isPrivateCidr(cidr: string): boolean {
  const p = parse(cidr);
  if (!p) return false;
  return PRIVATE_RANGES.some((range) => {
    const r = parse(range)!;
    return p.bits >= r.bits && cidrsOverlap(cidr, range);
  });
}

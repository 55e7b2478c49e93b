/**
 * The one place physical names are built. Names are deterministic (no random suffixes), so a re-plan
 * never replaces a resource, and two environments can share an account or project without clashing.
 */
const PREFIX = /^[a-z][a-z0-9-]{0,19}$/;

/** Builds physical names from a validated environment prefix. */
export class Naming {
  /** @param prefix the environment name; lowercase letters, digits and '-', at most 20 characters. */
  constructor(readonly prefix: string) {
    if (!PREFIX.test(prefix)) {
      throw new Error(`Naming: prefix "${prefix}" is invalid; use lowercase letters, digits and '-', starting with a letter, at most 20 characters`);
    }
  }

  /**
   * `<prefix>-<part>-<part>`, lowercased, limited to `maxLength`. When the name is too long it is cut and
   * ends with a short stable hash of the full name, so two long names never collide.
   * @param maxLength the target resource's limit (GCP mostly 63, IAM roles 64, ElastiCache 40).
   */
  name(parts: readonly string[], maxLength = 63): string {
    const full = [this.prefix, ...parts]
      .join("-")
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, "-")
      .replace(/-+/g, "-")
      .replace(/-$/, "");
    if (full.length <= maxLength) return full;
    const hash = stableHash(full).slice(0, 6);
    return `${full.slice(0, maxLength - 7).replace(/-$/, "")}-${hash}`;
  }
}

/** FNV-1a, base 36: short, stable across runs and machines. */
function stableHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36).padStart(7, "0");
}

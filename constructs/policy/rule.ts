/**
 * One policy rule: a small pure check of one resource's synthesized attributes (snake_case, as in
 * cdk.tf.json). A value that is still a Terraform token is unknown at synth time; rules treat unknown
 * as compliant and leave it to the security scan of the plan.
 */
export interface PolicyRule {
  /** Stable id, `OBP-<AREA>-<NNN>`; suppressions and messages refer to it. */
  readonly id: string;
  /** Terraform resource types the rule looks at. */
  readonly resourceTypes: readonly string[];
  /**
   * Returns undefined when compliant, else `what is wrong, and why` (the framework prefixes the id).
   * @param attributes the resource's synthesized attributes
   */
  check(attributes: Record<string, unknown>, resourceType: string): string | undefined;
}

/** Reads a nested attribute; cdktf synthesizes single blocks as objects or one-element arrays. */
export function attr(attributes: Record<string, unknown>, ...path: string[]): unknown {
  let cur: unknown = attributes;
  for (const key of path) {
    if (Array.isArray(cur)) cur = cur[0];
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return Array.isArray(cur) && cur.length === 1 && typeof cur[0] === "object" ? cur[0] : cur;
}

/** True when a synthesized value is a Terraform expression, i.e. unknown at synth time. */
export function isToken(value: unknown): boolean {
  return typeof value === "string" && value.includes("${");
}

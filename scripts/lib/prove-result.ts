import * as fs from "node:fs";

/** One row of `npm run prove`'s table: what happened to one stack. */
export interface ProveResult {
  readonly stack: string;
  /** Resources in state after apply. */
  readonly applied: number;
  readonly apply: "ok" | "failed" | "skipped";
  /** "n/a" on rows that are not a Terraform stack (the server-side dry-run of an environment's charts). */
  readonly replan: "empty" | "changes" | "failed" | "skipped" | "n/a";
  readonly drift: "detected" | "missed" | "failed" | "skipped" | "n/a";
  /**
   * An apps stack's next release (new image tags): upgraded, the API's pre-upgrade migration Job completed,
   * re-plan empty. Absent (shown "n/a") on every other row.
   */
  readonly upgrade?: "ok" | "failed" | "skipped" | "n/a";
  readonly destroy: "ok" | "leftovers" | "failed" | "skipped" | "n/a";
  readonly seconds: number;
  /** Why something was skipped or failed: the stack, the resource address and the API's own message. */
  readonly notes: readonly string[];
}

/**
 * The aws-*-infra rows an earlier `npm run prove:aws -- --json FILE` wrote, by stack. An absent or unreadable
 * file gives no rows (each AWS environment's row then fails and says why); a file that is not such a list is
 * an error.
 */
export function readAwsResults(file: string): Map<string, ProveResult> {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return new Map();
  }
  const rows = JSON.parse(text) as unknown;
  const isRow = (r: unknown): r is ProveResult =>
    typeof r === "object" && r !== null && typeof (r as ProveResult).stack === "string" && typeof (r as ProveResult).seconds === "number" && Array.isArray((r as ProveResult).notes);
  if (!Array.isArray(rows) || !rows.every(isRow)) throw new Error(`${file} is not a list of prove rows (stack, applied, apply, re-plan, drift, destroy, seconds, notes)`);
  return new Map(rows.map((r) => [r.stack, r]));
}

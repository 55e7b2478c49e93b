/** One row of `npm run prove`'s table: what happened to one stack. */
export interface ProveResult {
  readonly stack: string;
  /** Resources in state after apply. */
  readonly applied: number;
  readonly apply: "ok" | "failed" | "skipped";
  /** "n/a" on rows that are not a Terraform stack (the server-side dry-run of an environment's charts). */
  readonly replan: "empty" | "changes" | "failed" | "skipped" | "n/a";
  readonly drift: "detected" | "missed" | "failed" | "skipped" | "n/a";
  readonly destroy: "ok" | "leftovers" | "failed" | "skipped" | "n/a";
  readonly seconds: number;
  /** Why something was skipped or failed: the stack, the resource address and the API's own message. */
  readonly notes: readonly string[];
}

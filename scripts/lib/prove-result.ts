/** One row of `npm run prove`'s table: what happened to one stack. */
export interface ProveResult {
  readonly stack: string;
  /** Resources in state after apply. */
  readonly applied: number;
  readonly apply: "ok" | "failed" | "skipped";
  readonly replan: "empty" | "changes" | "failed" | "skipped";
  readonly drift: "detected" | "missed" | "failed" | "skipped";
  readonly destroy: "ok" | "leftovers" | "failed" | "skipped";
  readonly seconds: number;
  /** Why something was skipped or failed: the stack, the resource address and the API's own message. */
  readonly notes: readonly string[];
}

import type { PolicySuppression } from "../constructs/policy/policy-aspect";
import type { PolicyRule } from "../constructs/policy/rule";
import * as rules from "../constructs/policy/rules";

/** Every policy rule, run on every stack by the aspect registered at the app root. */
export const ALL_RULES: readonly PolicyRule[] = Object.values(rules);

/**
 * The one list of suppressions. Each names the rule, the construct path (a `/*` suffix matches below it)
 * and why the exception is safe. Empty is the goal.
 */
export const SUPPRESSIONS: readonly PolicySuppression[] = [];

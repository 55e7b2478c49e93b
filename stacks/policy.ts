import { Aspects, type App, type IAspect, TerraformStack } from "cdktf";
import { PolicyAspect, type PolicySuppression } from "../constructs/policy/policy-aspect";
import type { PolicyRule } from "../constructs/policy/rule";
import * as rules from "../constructs/policy/rules";

/** Every policy rule, run on every stack by the aspect registered at the app root. */
export const ALL_RULES: readonly PolicyRule[] = Object.values(rules);

/**
 * The one list of suppressions. Each names the rule, the construct path (a `/*` suffix matches below it)
 * and why the exception is safe. Empty is the goal.
 */
export const SUPPRESSIONS: readonly PolicySuppression[] = [];

/**
 * Registers the policy aspect on every stack of the app. (cdktf invokes aspects from each stack down,
 * so an aspect added to the App itself would never run.) Call once, after all stacks exist.
 */
export function applyPolicy(app: App, aspect: IAspect = new PolicyAspect(ALL_RULES, SUPPRESSIONS)): void {
  for (const child of app.node.findAll()) {
    if (TerraformStack.isStack(child)) Aspects.of(child).add(aspect);
  }
}

import { type IAspect, TerraformResource } from "cdktf";
import type { IConstruct } from "constructs";
import type { PolicyRule } from "./rule";

/** A rule switched off for one construct path (or a path prefix ending in `/*`), with the reason. */
export interface PolicySuppression {
  readonly ruleId: string;
  readonly path: string;
  readonly reason: string;
}

/**
 * Runs every policy rule on every resource of the types it names. A failure becomes a construct
 * validation error, so synth stops (before the stack is written) with `[path] RULE-ID: what, why`.
 */
export class PolicyAspect implements IAspect {
  constructor(
    private readonly rules: readonly PolicyRule[],
    private readonly suppressions: readonly PolicySuppression[] = [],
  ) {
    for (const s of suppressions) {
      if (!rules.some((r) => r.id === s.ruleId)) throw new Error(`PolicyAspect: suppression names unknown rule ${s.ruleId}`);
      if (s.reason.trim().length < 10) throw new Error(`PolicyAspect: suppression of ${s.ruleId} at ${s.path} needs a reason`);
    }
  }

  visit(node: IConstruct): void {
    if (!TerraformResource.isTerraformResource(node)) return;
    const type = node.terraformResourceType;
    const applicable = this.rules.filter((r) => r.resourceTypes.includes(type));
    if (applicable.length === 0) return;
    const synthesized = node.toTerraform() as { resource?: Record<string, Record<string, Record<string, unknown>>> };
    const attributes = Object.values(synthesized.resource?.[type] ?? {})[0] ?? {};
    const path = node.node.path;
    const failures = applicable
      .filter((rule) => !this.isSuppressed(rule.id, path))
      .map((rule) => {
        const problem = rule.check(attributes, type);
        return problem ? `${rule.id}: ${problem}` : undefined;
      })
      .filter((m): m is string => m !== undefined);
    if (failures.length > 0) node.node.addValidation({ validate: () => failures });
  }

  private isSuppressed(ruleId: string, path: string): boolean {
    return this.suppressions.some(
      (s) => s.ruleId === ruleId && (s.path === path || (s.path.endsWith("/*") && path.startsWith(s.path.slice(0, -1)))),
    );
  }
}

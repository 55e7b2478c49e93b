/**
 * Resource budget of an environment, read from the values we pass to every Helm release of its `platform`
 * and `apps` stacks (operators, the custom resources they run, and the apps).
 *
 * What counts as a workload, and how many times, is `constructs/addons/workloads.ts` (the platform
 * namespaces' quotas are computed from the same walk). The budget sums the steady state (`count`, DaemonSets
 * on every pool's minimum nodes); ResourceQuotas are ceilings, not usage, and are not added to the totals:
 * `npm run budget` prints each namespace's quota next to its sum and fails when a sum exceeds its quota.
 */
import { parseAllDocuments } from "yaml";
import type { ResourceBudget } from "../../constructs/addons/sizing";
import { cpuCores, isObject, memoryMiB, workloadsIn, type Workload } from "../../constructs/addons/workloads";

export { cpuCores, DAEMONSETS, memoryMiB, workloadsIn, type Amounts, type Workload } from "../../constructs/addons/workloads";

function deepMerge(a: unknown, b: unknown): unknown {
  if (!isObject(a) || !isObject(b)) return b;
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = k in out ? deepMerge(out[k], v) : v;
  return out;
}

/** The values a synthesized `helm_release` passes: its YAML documents merged in order. */
export function releaseValues(release: Record<string, unknown>): unknown {
  const docs = Array.isArray(release.values) ? release.values : [];
  let merged: unknown = {};
  for (const doc of docs) {
    if (typeof doc !== "string") continue;
    for (const d of parseAllDocuments(doc)) merged = deepMerge(merged, d.toJSON());
  }
  return merged;
}

/**
 * A release's namespace: a literal, or a reference to a namespace resource of the same stack
 * (`${kubernetes_namespace_v1.<id>.metadata[0].name}`), resolved to that resource's name.
 */
function namespaceOf(stack: Record<string, any>, value: unknown): string {
  const ref = /^\$\{kubernetes_namespace(?:_v1)?\.([^.]+)\.metadata(?:\[0\])?\.name\}$/.exec(String(value ?? ""));
  if (!ref) return String(value ?? "default");
  const ns = stack.resource?.kubernetes_namespace_v1?.[ref[1]] ?? stack.resource?.kubernetes_namespace?.[ref[1]];
  const meta = Array.isArray(ns?.metadata) ? ns.metadata[0] : ns?.metadata;
  return typeof meta?.name === "string" ? meta.name : String(value);
}

/** Every workload of the helm releases in the given synthesized stacks. */
export function workloadsOfStacks(stacks: readonly Record<string, any>[], nodes: number): Workload[] {
  return stacks.flatMap((stack) =>
    Object.values((stack.resource?.helm_release ?? {}) as Record<string, Record<string, unknown>>).flatMap((rel) =>
      workloadsIn(releaseValues(rel), String(rel.name), namespaceOf(stack, rel.namespace), nodes),
    ),
  );
}

/** What a namespace's ResourceQuota allows (cores and MiB; undefined: that field is not limited). */
export interface QuotaHard {
  readonly requestsCpu?: number;
  readonly requestsMemoryMiB?: number;
  readonly limitsMemoryMiB?: number;
}

/** The ResourceQuotas of the given synthesized stacks, by namespace (several in one namespace: the tightest). */
export function quotasOfStacks(stacks: readonly Record<string, any>[]): Record<string, QuotaHard> {
  const out: Record<string, QuotaHard> = {};
  const min = (a: number | undefined, b: number | undefined) => (a === undefined ? b : b === undefined ? a : Math.min(a, b));
  for (const stack of stacks) {
    for (const q of Object.values((stack.resource?.kubernetes_resource_quota_v1 ?? {}) as Record<string, any>)) {
      const meta = Array.isArray(q.metadata) ? q.metadata[0] : q.metadata;
      const spec = Array.isArray(q.spec) ? q.spec[0] : q.spec;
      const hard = (spec?.hard ?? {}) as Record<string, string>;
      const ns = namespaceOf(stack, meta?.namespace);
      const read = (key: string, parse: (v: unknown) => number) => (hard[key] === undefined ? undefined : parse(hard[key]));
      const prev = out[ns] ?? {};
      out[ns] = {
        requestsCpu: min(prev.requestsCpu, read("requests.cpu", cpuCores)),
        requestsMemoryMiB: min(prev.requestsMemoryMiB, read("requests.memory", memoryMiB)),
        limitsMemoryMiB: min(prev.limitsMemoryMiB, read("limits.memory", memoryMiB)),
      };
    }
  }
  return out;
}

/** Each namespace whose workloads ask for more than its quota allows, as a sentence (its pods would be refused). */
export function overQuota(byNamespace: Readonly<Record<string, BudgetTotals>>, quotas: Readonly<Record<string, QuotaHard>>): string[] {
  const over: string[] = [];
  for (const [ns, t] of Object.entries(byNamespace)) {
    const q = quotas[ns];
    if (!q) continue;
    const check = (what: string, used: number, allowed: number | undefined, fmt: (n: number) => string) => {
      if (allowed !== undefined && used > allowed + 1e-9) over.push(`${ns}: ${what} ${fmt(used)} > quota ${fmt(allowed)}`);
    };
    check("CPU requests", t.requestsCpu, q.requestsCpu, (n) => n.toFixed(2));
    check("memory requests", t.requestsMemoryMiB, q.requestsMemoryMiB, (n) => `${Math.round(n)} MiB`);
    check("memory limits", t.limitsMemoryMiB, q.limitsMemoryMiB, (n) => `${Math.round(n)} MiB`);
  }
  return over;
}

export interface BudgetTotals {
  readonly requestsCpu: number;
  readonly requestsMemoryMiB: number;
  readonly limitsCpu: number;
  readonly limitsMemoryMiB: number;
}

/** Sums per namespace and overall. */
export function totals(workloads: readonly Workload[]): { byNamespace: Record<string, BudgetTotals>; all: BudgetTotals } {
  const add = (t: BudgetTotals, w: Workload): BudgetTotals => ({
    requestsCpu: t.requestsCpu + w.count * w.requests.cpu,
    requestsMemoryMiB: t.requestsMemoryMiB + w.count * w.requests.memoryMiB,
    limitsCpu: t.limitsCpu + w.count * w.limits.cpu,
    limitsMemoryMiB: t.limitsMemoryMiB + w.count * w.limits.memoryMiB,
  });
  const zero: BudgetTotals = { requestsCpu: 0, requestsMemoryMiB: 0, limitsCpu: 0, limitsMemoryMiB: 0 };
  const byNamespace: Record<string, BudgetTotals> = {};
  for (const w of workloads) byNamespace[w.namespace] = add(byNamespace[w.namespace] ?? zero, w);
  return { byNamespace, all: workloads.reduce(add, zero) };
}

/** Each way the totals exceed the budget (a sizing profile's `budget`), as a sentence; empty when within it. */
export function overBudget(t: BudgetTotals, budget: ResourceBudget): string[] {
  const over: string[] = [];
  if (t.requestsCpu > budget.requestsCpu) over.push(`CPU requests ${t.requestsCpu.toFixed(2)} > ${budget.requestsCpu}`);
  if (t.requestsMemoryMiB > budget.requestsMemoryMiB) over.push(`memory requests ${Math.round(t.requestsMemoryMiB)} MiB > ${budget.requestsMemoryMiB} MiB`);
  if (t.limitsMemoryMiB > budget.limitsMemoryMiB) over.push(`memory limits ${Math.round(t.limitsMemoryMiB)} MiB > ${budget.limitsMemoryMiB} MiB`);
  return over;
}

/**
 * Resource budget of an environment, read from the values we pass to every Helm release of its `platform`
 * and `apps` stacks (operators, the custom resources they run, and the apps).
 *
 * A workload is any object in those values that has `resources` with `requests` or `limits`; it counts as
 * many times as the nearest enclosing `replicas` / `replicaCount` / `instances` says (1 when none does),
 * and once per node for the DaemonSets named in DAEMONSETS. A component whose chart defaults we do not
 * override is invisible here, which is why every add-on sets resources explicitly.
 */
import { parseAllDocuments } from "yaml";
import type { ResourceBudget } from "../../constructs/addons/sizing";

/** CPU in cores, memory in MiB. */
export interface Amounts {
  readonly cpu: number;
  readonly memoryMiB: number;
}

export interface Workload {
  readonly namespace: string;
  readonly release: string;
  /** Where in the release's values the resources were found, e.g. `controller.resources`. */
  readonly path: string;
  readonly count: number;
  readonly requests: Amounts;
  readonly limits: Amounts;
}

/** Value paths (per release) that configure a DaemonSet: one pod per node. */
export const DAEMONSETS: Readonly<Record<string, readonly string[]>> = {
  alloy: ["alloy", "configReloader"],
  "kube-prometheus-stack": ["prometheus-node-exporter"],
  "istio-cni": ["cni"],
  "istio-ztunnel": [""],
};

/** Parses a CPU quantity (`500m`, `2`, `0.5`) into cores. */
export function cpuCores(q: unknown): number {
  if (q === undefined || q === null || q === "") return 0;
  const s = String(q);
  const m = /^([0-9.]+)(m?)$/.exec(s);
  if (!m) throw new Error(`not a CPU quantity: ${s}`);
  return m[2] === "m" ? Number(m[1]) / 1000 : Number(m[1]);
}

const MEMORY_UNITS: Record<string, number> = {
  "": 1 / 2 ** 20, k: 1000 / 2 ** 20, K: 1000 / 2 ** 20, M: 1e6 / 2 ** 20, G: 1e9 / 2 ** 20, T: 1e12 / 2 ** 20,
  Ki: 1 / 1024, Mi: 1, Gi: 1024, Ti: 1024 * 1024,
};

/** Parses a memory quantity (`512Mi`, `1Gi`, `1G`, `1000000`) into MiB. */
export function memoryMiB(q: unknown): number {
  if (q === undefined || q === null || q === "") return 0;
  const s = String(q);
  const m = /^([0-9.]+)([kKMGT]i?|)$/.exec(s);
  if (!m || !(m[2] in MEMORY_UNITS)) throw new Error(`not a memory quantity: ${s}`);
  return Number(m[1]) * MEMORY_UNITS[m[2]];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function amounts(v: unknown): Amounts {
  const o = isObject(v) ? v : {};
  return { cpu: cpuCores(o.cpu), memoryMiB: memoryMiB(o.memory) };
}

const MULTIPLIERS = ["replicas", "replicaCount", "instances"];

/** Every workload in one release's values. `nodes` is how many nodes a DaemonSet runs on. */
export function workloadsIn(values: unknown, release: string, namespace: string, nodes: number): Workload[] {
  const found: Workload[] = [];
  const daemonPaths = DAEMONSETS[release] ?? [];
  const walk = (v: unknown, path: string[], count: number, ns: string): void => {
    if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, [...path, String(i)], count, ns));
      return;
    }
    if (!isObject(v)) return;
    // A Kubernetes object in the values (a custom resource the operators turn into pods) counts in its own namespace.
    const meta = v.metadata;
    const hereNs = typeof v.kind === "string" && isObject(meta) && typeof meta.namespace === "string" ? meta.namespace : ns;
    const own = MULTIPLIERS.map((k) => v[k]).find((n) => typeof n === "number");
    const here = typeof own === "number" ? own : count;
    const r = v.resources;
    // Compute resources only: a volume claim's `resources.requests.storage` is not a workload.
    const compute = (x: unknown) => isObject(x) && ("cpu" in x || "memory" in x);
    const isSpec = isObject(r) && (compute(r.requests) || compute(r.limits));
    if (isSpec) {
      const at = path.join(".");
      const daemon = daemonPaths.some((p) => at === p || at.startsWith(`${p}.`) || p === "");
      found.push({
        namespace: hereNs,
        release,
        path: [...path, "resources"].join("."),
        count: daemon ? nodes : here,
        requests: amounts(r.requests),
        limits: amounts(r.limits),
      });
    }
    for (const [k, child] of Object.entries(v)) if (!(isSpec && k === "resources")) walk(child, [...path, k], here, hereNs);
  };
  walk(values, [], 1, namespace);
  return found;
}

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

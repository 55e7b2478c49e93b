/**
 * The workloads in a release's Helm values: any object that has `resources` with compute `requests` or
 * `limits`, counted as many times as the nearest enclosing `replicas` / `replicaCount` / `instances` says
 * (1 when none does), once per node for the DaemonSets named in DAEMONSETS, and at full scale (`maxCount`)
 * as many times as the nearest enclosing HPA maximum (`maxReplicas` / `autoscaleMax`) allows. A component
 * whose chart defaults we do not override is invisible here, which is why every add-on sets resources
 * explicitly. `npm run budget` sums these per namespace; the platform namespaces' quotas are built from
 * the same walk (`quota.ts`), so both agree on what a namespace runs.
 */
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
  /** Pods running it in the steady state (what the budget sums). */
  readonly count: number;
  /** Pods running it at full scale: the HPA's maximum where one scales it, else `count` (what quotas must admit). */
  readonly maxCount: number;
  readonly requests: Amounts;
  readonly limits: Amounts;
}

/** Value paths (per release) that configure a DaemonSet: one pod per node. */
export const DAEMONSETS: Readonly<Record<string, readonly string[]>> = {
  alloy: ["alloy", "configReloader"],
  "kube-prometheus-stack": ["prometheus-node-exporter"],
  // Istio's charts take their settings at the top level: the node agent's `resources` are at the root.
  "istio-cni": [""],
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

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function amounts(v: unknown): Amounts {
  const o = isObject(v) ? v : {};
  return { cpu: cpuCores(o.cpu), memoryMiB: memoryMiB(o.memory) };
}

const MULTIPLIERS = ["replicas", "replicaCount", "instances"];

/** The HPA maximum an object of values configures: `autoscaling.maxReplicas` (most charts) or Istio's `autoscaleMax`. */
function hpaMaximum(v: Record<string, unknown>): number | undefined {
  const a = v.autoscaling;
  if (isObject(a) && a.enabled === true && typeof a.maxReplicas === "number") return a.maxReplicas;
  if (v.autoscaleEnabled !== false && typeof v.autoscaleMax === "number") return v.autoscaleMax;
  return undefined;
}

/** Every workload in one release's values. `nodes` is how many nodes a DaemonSet runs on. */
export function workloadsIn(values: unknown, release: string, namespace: string, nodes: number): Workload[] {
  const found: Workload[] = [];
  const daemonPaths = DAEMONSETS[release] ?? [];
  const walk = (v: unknown, path: string[], count: number, max: number, ns: string): void => {
    if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, [...path, String(i)], count, max, ns));
      return;
    }
    if (!isObject(v)) return;
    // A Kubernetes object in the values (a custom resource the operators turn into pods) counts in its own namespace.
    const meta = v.metadata;
    const hereNs = typeof v.kind === "string" && isObject(meta) && typeof meta.namespace === "string" ? meta.namespace : ns;
    const own = MULTIPLIERS.map((k) => v[k]).find((n) => typeof n === "number");
    const here = typeof own === "number" ? own : count;
    const hereMax = Math.max(here, hpaMaximum(v) ?? (typeof own === "number" ? own : max));
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
        maxCount: daemon ? nodes : hereMax,
        requests: amounts(r.requests),
        limits: amounts(r.limits),
      });
    }
    for (const [k, child] of Object.entries(v)) if (!(isSpec && k === "resources")) walk(child, [...path, k], here, hereMax, hereNs);
  };
  walk(values, [], 1, 1, namespace);
  return found;
}

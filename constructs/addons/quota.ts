/**
 * The ResourceQuota and LimitRange of every namespace the platform creates for its add-ons, computed from
 * what the add-ons' releases and custom resources ask for (the same walk over the values as
 * `npm run budget`, `workloads.ts`), so a quota is the add-on's real size and not a guess:
 * - each workload at full scale (its HPA's maximum; DaemonSets on every node the cluster can have), plus
 *   what a rolling update adds (25% surge, and as many old pods still terminating, which count until gone);
 * - CPU and memory a workload leaves unset at the LimitRange's defaults (the sizing profile's
 *   `containerDefaults`), and the containers the add-on declares unsized (hook Jobs, operator sidecars);
 * - no quota on `limits.cpu`: the platform never limits CPU (`sizing.ts`), so no default CPU limit either.
 * Namespaces the cluster already has (kube-system) get none, nor those whose add-on says why it cannot.
 */
import type { EnvironmentConfig } from "../../environments/schema";
import { rolloutPods, type ContainerDefaults, type QuotaTotals } from "../kubernetes/namespace-quota";
import type { AddonSpec } from "./addon";
import { capabilitiesOf } from "./capabilities";
import { sizingOf, type ContainerSize } from "./sizing";
import { cpuCores, memoryMiB, workloadsIn } from "./workloads";

// Add-on Deployments roll with Kubernetes' default `maxSurge: 25%` (none of our values changes it).
export { ROLLOUT_SURGE, rolloutPods } from "../kubernetes/namespace-quota";

/**
 * Nodes a DaemonSet runs on. `steady`: every pool at its minimum (what the budget counts); `max`: every pool
 * at its maximum where nodes are added automatically (what a quota must admit). k3d's server node runs
 * workloads too.
 */
export function clusterNodes(env: EnvironmentConfig, at: "steady" | "max"): number {
  const grows = at === "max" && capabilitiesOf(env).nodeAutoscaler !== "none";
  const agents = env.cluster.nodePools.reduce((n, p) => n + Math.max(grows ? p.maxNodes : p.minNodes, 1), 0);
  return env.target === "local" ? agents + 1 : agents;
}

/** The LimitRange defaults of the platform's namespaces, from the environment's sizing profile. */
export function platformContainerDefaults(env: EnvironmentConfig): ContainerDefaults {
  const d: ContainerSize = sizingOf(env, capabilitiesOf(env).sizing).containerDefaults;
  return { requests: { cpu: d.cpu, memory: d.memory }, limits: { memory: d.memoryLimit ?? d.memory } };
}

/** A namespace's quota, or why it has none. */
export type NamespaceQuotaPlan =
  | { readonly namespace: string; readonly totals: QuotaTotals; readonly defaults: ContainerDefaults }
  | { readonly namespace: string; readonly omitReason: string };

interface Sum {
  cpuCores: number;
  memoryMiB: number;
  limitsMemoryMiB: number;
  pods: number;
}

/**
 * The quota plan of every namespace the given add-ons create, by name. Workloads an add-on runs in another
 * add-on's namespace (the Kafka UI next to the brokers; custom resources naming their namespace) count
 * there.
 */
export function platformQuotas(env: EnvironmentConfig, addons: readonly { readonly id: string; readonly spec: AddonSpec }[]): Map<string, NamespaceQuotaPlan> {
  const defaults = platformContainerDefaults(env);
  const def = { cpu: cpuCores(defaults.requests.cpu), memory: memoryMiB(defaults.requests.memory), limit: memoryMiB(defaults.limits.memory) };
  const nodes = clusterNodes(env, "max");
  const sums = new Map<string, Sum>();
  const add = (ns: string, pods: number, cpu: number, memory: number, limit: number) => {
    const s = sums.get(ns) ?? { cpuCores: 0, memoryMiB: 0, limitsMemoryMiB: 0, pods: 0 };
    sums.set(ns, { cpuCores: s.cpuCores + pods * cpu, memoryMiB: s.memoryMiB + pods * memory, limitsMemoryMiB: s.limitsMemoryMiB + pods * limit, pods: s.pods + pods });
  };
  for (const { id, spec } of addons) {
    const ns = spec.namespace.name;
    const objects = [...(spec.prerequisites ?? []), ...(spec.resources ?? [])];
    const workloads = [
      ...spec.releases.flatMap((r) => workloadsIn(r.values, r.name, ns, nodes)),
      // The release names the Addon construct gives them, so DaemonSet paths and namespaces resolve as in the budget.
      ...(objects.length ? workloadsIn({ resources: objects }, `${id}-resources`, ns, nodes) : []),
    ];
    for (const w of workloads) {
      // A field left unset is filled by the LimitRange; a memory request left unset equals the memory limit.
      const memory = w.requests.memoryMiB || w.limits.memoryMiB || def.memory;
      add(w.namespace, rolloutPods(w.maxCount), w.requests.cpu || def.cpu, memory, Math.max(w.limits.memoryMiB || def.limit, memory));
    }
    const unsized = spec.quota?.unsizedContainers ?? 0;
    if (unsized > 0) add(ns, unsized, def.cpu, def.memory, def.limit);
  }
  const plans = new Map<string, NamespaceQuotaPlan>();
  for (const { id, spec } of addons) {
    const ns = spec.namespace;
    if (ns.existing) {
      if (spec.quota?.omitReason) throw new Error(`add-on ${id}: quota.omitReason is for the add-on that creates namespace "${ns.name}"`);
      continue;
    }
    if (spec.quota?.omitReason) {
      plans.set(ns.name, { namespace: ns.name, omitReason: spec.quota.omitReason });
      continue;
    }
    const s = sums.get(ns.name) ?? { cpuCores: 0, memoryMiB: 0, limitsMemoryMiB: 0, pods: 0 };
    plans.set(ns.name, {
      namespace: ns.name,
      defaults,
      // Rounded up, after dropping float noise (0.1 * 3 is 0.30000000000000004 cores, which is 300m).
      totals: { requestsCpuMillis: up(s.cpuCores * 1000), requestsMemoryMiB: up(s.memoryMiB), limitsMemoryMiB: up(s.limitsMemoryMiB), pods: s.pods },
    });
  }
  return plans;
}

const up = (n: number) => Math.ceil(Number(n.toFixed(6)));

import { rolloutPods, type QuotaTotals } from "../kubernetes/namespace-quota";
import { millicores } from "./chart-values";

/** Requests and limits of one container, in the shape the charts receive them. */
export interface ContainerResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

/** The chart values of the three releases, as chart-values.ts builds them (only the fields sizing reads). */
export interface AppsValues {
  readonly engine: Record<string, unknown>;
  readonly api: Record<string, unknown>;
  readonly frontend: Record<string, unknown>;
}

/**
 * Defaults for a container that states no resources (none of ours; an injected or operator-added one), so
 * the quota can still admit it, and its limits count in the totals. The seed's LimitRange for `backend`.
 */
export const CONTAINER_DEFAULTS: ContainerResources = {
  requests: { cpu: "100m", memory: "128Mi" },
  limits: { cpu: "500m", memory: "512Mi" },
};

// The charts' Deployments roll with `maxSurge: 25%`, `maxUnavailable: 0` (apps/<app>/chart/templates): rolloutPods.

/** A memory quantity ("512Mi", "1Gi", "1024Ki") in MiB. */
export function mebibytes(memory: string): number {
  const m = /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi)$/.exec(memory);
  if (!m) throw new Error(`memory quantity "${memory}" is not Ki, Mi or Gi (e.g. 512Mi)`);
  const factor = { Ki: 1 / 1024, Mi: 1, Gi: 1024 }[m[2] as "Ki" | "Mi" | "Gi"];
  return Math.ceil(Number(m[1]) * factor);
}

function field<T>(values: Record<string, unknown>, path: string): T {
  let at: unknown = values;
  for (const key of path.split(".")) at = (at as Record<string, unknown> | undefined)?.[key];
  if (at === undefined) throw new Error(`apps quota: the chart values have no "${path}"`);
  return at as T;
}

/** The most pods a web tier runs: the HPA's maximum or the fixed count. */
function maxReplicas(values: Record<string, unknown>): number {
  const autoscaling = values.autoscaling as { enabled?: boolean; maxReplicas?: number } | undefined;
  return autoscaling?.enabled ? field<number>(values, "autoscaling.maxReplicas") : field<number>(values, "replicas");
}

/**
 * The quota of the apps' namespace, from the values the releases really get: every pod at its maximum
 * scale (engine shards, the HPAs' maxReplicas), plus what a rolling update adds (the surge pods, and as many
 * old pods still terminating, which count until they are gone), plus the API's migration Job; each pod
 * with its mesh sidecar when the namespace is meshed. The volume claims are the engine's snapshots.
 */
export function appsQuotaTotals(values: AppsValues, sidecar?: ContainerResources): Required<QuotaTotals> {
  const groups: Array<{ pods: number; resources: ContainerResources }> = [
    { pods: field<number>(values.engine, "shards"), resources: field<ContainerResources>(values.engine, "resources") },
  ];
  for (const web of [values.api, values.frontend]) {
    groups.push({ pods: rolloutPods(maxReplicas(web)), resources: field<ContainerResources>(web, "resources") });
  }
  const migration = values.api.migration as { enabled?: boolean; resources?: ContainerResources } | undefined;
  if (migration?.enabled) groups.push({ pods: 1, resources: field<ContainerResources>(values.api, "migration.resources") });

  const totals = { requestsCpuMillis: 0, requestsMemoryMiB: 0, limitsCpuMillis: 0, limitsMemoryMiB: 0, pods: 0 };
  for (const { pods, resources } of groups) {
    for (const r of sidecar ? [resources, sidecar] : [resources]) {
      totals.requestsCpuMillis += pods * millicores(r.requests.cpu);
      totals.requestsMemoryMiB += pods * mebibytes(r.requests.memory);
      totals.limitsCpuMillis += pods * millicores(r.limits.cpu);
      totals.limitsMemoryMiB += pods * mebibytes(r.limits.memory);
    }
    totals.pods += pods;
  }
  const shards = field<number>(values.engine, "shards");
  return { ...totals, persistentVolumeClaims: shards, storageGiB: shards * field<number>(values.engine, "snapshots.sizeGiB") };
}

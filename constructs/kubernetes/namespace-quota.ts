import { LimitRangeV1 } from "@cdktf/provider-kubernetes/lib/limit-range-v1";
import { ResourceQuotaV1 } from "@cdktf/provider-kubernetes/lib/resource-quota-v1";
import { Construct } from "constructs";

/**
 * What the LimitRange gives a container that leaves a field unset (per field: a container that sets its
 * memory limit but no CPU request gets only the CPU request). Without a CPU limit here, no quota on
 * `limits.cpu` may be set either, since a container without one would be refused.
 */
export interface ContainerDefaults {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu?: string; readonly memory: string };
}

/** The `maxSurge` our Deployments roll with (Kubernetes' default; the apps' charts set it explicitly). */
export const ROLLOUT_SURGE = 0.25;

/**
 * Pods a quota must admit for a workload of `max` replicas during a rolling update: the surge pods, and as
 * many old pods still terminating (they count until they are gone).
 */
export function rolloutPods(max: number): number {
  return max + 2 * Math.ceil(max * ROLLOUT_SURGE);
}

/** What the namespace's ResourceQuota allows, in plain numbers. */
export interface QuotaTotals {
  readonly requestsCpuMillis: number;
  readonly requestsMemoryMiB: number;
  /** @default - no quota on limits.cpu (the platform never limits CPU) */
  readonly limitsCpuMillis?: number;
  readonly limitsMemoryMiB: number;
  readonly pods: number;
  /** @default - no quota on volume claims */
  readonly persistentVolumeClaims?: number;
  /** @default - no quota on requested storage */
  readonly storageGiB?: number;
}

export interface NamespaceQuotaProps {
  readonly namespace: string;
  readonly totals: QuotaTotals;
  /** The LimitRange's defaults; every resource the quota limits must have one (checked). */
  readonly defaults: ContainerDefaults;
}

/**
 * A ResourceQuota that caps the namespace at what its releases need at full scale (a runaway HPA, a stray
 * Deployment or a leaked volume claim is refused instead of starving the cluster), and a LimitRange that
 * gives a container without resources the defaults, which a quota on requests and limits requires: the API
 * server refuses a pod in a quota'd namespace whose containers leave a quota'd field unset.
 */
export class NamespaceQuota extends Construct {
  readonly quota: ResourceQuotaV1;
  readonly limitRange: LimitRangeV1;

  constructor(scope: Construct, id: string, props: NamespaceQuotaProps) {
    super(scope, id);
    const { namespace, totals, defaults } = props;
    if (totals.limitsCpuMillis !== undefined && defaults.limits.cpu === undefined) {
      throw new Error(`NamespaceQuota ${namespace}: a quota on limits.cpu needs a default CPU limit in the LimitRange, or pods without one are refused`);
    }
    const labels = { "app.kubernetes.io/managed-by": "orderbook-platform" };
    this.limitRange = new LimitRangeV1(this, "limit-range", {
      metadata: { name: "container-defaults", namespace, labels },
      spec: {
        limit: [
          {
            type: "Container",
            defaultRequest: { cpu: defaults.requests.cpu, memory: defaults.requests.memory },
            default: { ...(defaults.limits.cpu ? { cpu: defaults.limits.cpu } : {}), memory: defaults.limits.memory },
          },
        ],
      },
    });
    const optional = (key: string, value: number | undefined, unit: string) => (value === undefined ? {} : { [key]: `${value}${unit}` });
    this.quota = new ResourceQuotaV1(this, "quota", {
      metadata: { name: "compute-quota", namespace, labels },
      spec: {
        hard: {
          "requests.cpu": `${totals.requestsCpuMillis}m`,
          "requests.memory": `${totals.requestsMemoryMiB}Mi`,
          ...optional("limits.cpu", totals.limitsCpuMillis, "m"),
          "limits.memory": `${totals.limitsMemoryMiB}Mi`,
          pods: String(totals.pods),
          ...optional("persistentvolumeclaims", totals.persistentVolumeClaims, ""),
          ...optional("requests.storage", totals.storageGiB, "Gi"),
        },
      },
      // The LimitRange first: a pod admitted before it exists, without limits, would be refused by the quota.
      dependsOn: [this.limitRange],
    });
  }
}

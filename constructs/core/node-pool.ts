/** A pool of worker nodes as the clouds' constructs take it (GKE node pool, EKS managed node group). */
export interface NodePoolSpec {
  readonly name: string;
  /** GCE machine type or EC2 instance type. */
  readonly machineType: string;
  /** Minimum nodes in total across all of the pool's zones (on every target). */
  readonly minNodes: number;
  /** Maximum nodes in total across all of the pool's zones (on every target). */
  readonly maxNodes: number;
  readonly diskGiB: number;
  readonly spot: boolean;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: ReadonlyArray<{ key: string; value: string; effect: TaintEffect }>;
}

export type TaintEffect = "NoSchedule" | "PreferNoSchedule" | "NoExecute";

/** Kubernetes taint effects as the GKE and EKS APIs spell them. */
export const CLOUD_TAINT_EFFECTS: Readonly<Record<TaintEffect, string>> = {
  NoSchedule: "NO_SCHEDULE",
  PreferNoSchedule: "PREFER_NO_SCHEDULE",
  NoExecute: "NO_EXECUTE",
};

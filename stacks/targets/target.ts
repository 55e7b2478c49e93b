import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../../environments/schema";
import type { ClusterAccess } from "../../constructs/core/contracts";
import type { Naming } from "../../constructs/core/naming";
import type { NodePoolSpec } from "../../constructs/core/node-pool";

/** What a target's infra layer gives the layers above it. */
export interface InfraOutputs {
  readonly access: ClusterAccess;
}

/** Builds one target's cloud (or local) resources into the infra stack. */
export type InfraTarget<E extends EnvironmentConfig = EnvironmentConfig> = (scope: Construct, env: E, naming: Naming) => InfraOutputs;

/**
 * The environment's node pools as the cloud constructs take them. `cost.spotNodes` moves every pool but
 * the engine's to spot capacity; the engine never runs on reclaimable nodes unless its pool says so.
 */
export function nodePoolSpecs(env: EnvironmentConfig): NodePoolSpec[] {
  return env.cluster.nodePools.map((p) => ({
    name: p.name,
    machineType: p.machineType,
    minNodes: p.minNodes,
    maxNodes: p.maxNodes,
    diskGiB: p.diskGiB,
    spot: p.spot || (env.cost.spotNodes && p.role !== "engine"),
    labels: p.labels,
    taints: p.taints,
  }));
}

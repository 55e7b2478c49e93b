import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../../environments/schema";
import type { PlatformInfraInputs } from "../../constructs/addons/addon";
import type { AppSecretNames } from "../../constructs/apps/app-endpoints";
import type { CacheEndpoint, ClusterAccess, DatabaseEndpoint } from "../../constructs/core/contracts";
import type { InfraOutputReader } from "../infra-outputs";
import type { Naming } from "../../constructs/core/naming";
import type { NodePoolSpec } from "../../constructs/core/node-pool";

/** What a target's infra layer gives the layers above it. */
export interface InfraOutputs {
  readonly access: ClusterAccess;
}

/** Services the infra layer creates for the apps; an absent field is provided by the platform in the cluster. */
export interface ManagedServices {
  readonly database?: DatabaseEndpoint;
  readonly cache?: CacheEndpoint;
  /** The registry the environment's images are pushed to. */
  readonly registry?: string;
  /** The API's generated secrets, in the environment's secret store. */
  readonly appSecrets?: AppSecretNames;
}

/**
 * How the stacks above read one target's infra outputs (named outputs, through `terraform_remote_state`).
 * Lives next to the code that publishes them, so a renamed output breaks here, in the same file's target.
 */
export interface UpperLayerInputs<E extends EnvironmentConfig = EnvironmentConfig> {
  /** The platform add-ons' inputs: buckets, zones, VPC, Workload Identity annotations. */
  platform(read: InfraOutputReader, env: E): Omit<PlatformInfraInputs, "clusterName">;
  /** The managed services and secrets the apps use. */
  services(read: InfraOutputReader, env: E): ManagedServices;
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

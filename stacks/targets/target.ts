import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../../environments/schema";
import type { ClusterAccess } from "../../constructs/core/contracts";
import type { Naming } from "../../constructs/core/naming";

/** What a target's infra layer gives the layers above it. */
export interface InfraOutputs {
  readonly access: ClusterAccess;
}

/** Builds one target's cloud (or local) resources into the infra stack. */
export type InfraTarget<E extends EnvironmentConfig = EnvironmentConfig> = (scope: Construct, env: E, naming: Naming) => InfraOutputs;

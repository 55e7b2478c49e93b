import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../environments/schema";
import type { ClusterAccess } from "../constructs/core/contracts";
import { Naming } from "../constructs/core/naming";
import { configureBackend } from "./backend";
import { publishClusterAccess } from "./infra-outputs";
import { awsInfra, awsUpperLayerInputs } from "./targets/aws";
import { gcpInfra, gcpUpperLayerInputs } from "./targets/gcp";
import { localInfra, localUpperLayerInputs } from "./targets/local";
import type { InfraOutputReader } from "./infra-outputs";
import type { InfraOutputs, ManagedServices } from "./targets/target";
import type { PlatformInfraInputs } from "../constructs/addons/addon";

export interface InfraStackProps {
  readonly env: EnvironmentConfig;
}

/** Dispatches on the target field; each target builds its own network and cluster. */
function buildTarget(scope: Construct, env: EnvironmentConfig, naming: Naming): InfraOutputs {
  switch (env.target) {
    case "gcp":
      return gcpInfra(scope, env, naming);
    case "aws":
      return awsInfra(scope, env, naming);
    case "local":
      return localInfra(scope, env, naming);
  }
}

/** The platform add-ons' inputs, read from the environment's infra outputs. */
export function platformInputsFrom(read: InfraOutputReader, env: EnvironmentConfig): Omit<PlatformInfraInputs, "clusterName"> {
  switch (env.target) {
    case "gcp":
      return gcpUpperLayerInputs.platform(read, env);
    case "aws":
      return awsUpperLayerInputs.platform(read, env);
    case "local":
      return localUpperLayerInputs.platform(read, env);
  }
}

/** The managed services and secrets the apps use, read from the environment's infra outputs. */
export function managedServicesFrom(read: InfraOutputReader, env: EnvironmentConfig): ManagedServices {
  switch (env.target) {
    case "gcp":
      return gcpUpperLayerInputs.services(read, env);
    case "aws":
      return awsUpperLayerInputs.services(read, env);
    case "local":
      return localUpperLayerInputs.services(read, env);
  }
}

/** `<env>-infra`: the target's cloud resources (network, cluster); for `local`, the k3d cluster. */
export class InfraStack extends TerraformStack {
  /** How the layers above reach the cluster; they read it back from the named outputs (`clusterAccessFrom`). */
  readonly access: ClusterAccess;

  constructor(scope: Construct, id: string, props: InfraStackProps) {
    super(scope, id);
    configureBackend(this, props.env, "infra");
    this.access = buildTarget(this, props.env, new Naming(props.env.name)).access;
    // The upper stacks read the cluster through these named outputs (infra-outputs.ts).
    publishClusterAccess(this, this.access);
  }
}

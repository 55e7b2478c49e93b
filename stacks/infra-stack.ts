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
import type { InfraOutputs, ManagedServices, UpperLayerInputs } from "./targets/target";
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

/** How the upper stacks read this environment's infra outputs (its target's `UpperLayerInputs`, bound to it). */
function upperLayerInputs(env: EnvironmentConfig): { platform(read: InfraOutputReader): Omit<PlatformInfraInputs, "clusterName">; services(read: InfraOutputReader): ManagedServices } {
  const bind = <E extends EnvironmentConfig>(inputs: UpperLayerInputs<E>, e: E) => ({
    platform: (read: InfraOutputReader) => inputs.platform(read, e),
    services: (read: InfraOutputReader) => inputs.services(read, e),
  });
  switch (env.target) {
    case "gcp":
      return bind(gcpUpperLayerInputs, env);
    case "aws":
      return bind(awsUpperLayerInputs, env);
    case "local":
      return bind(localUpperLayerInputs, env);
  }
}

/** The platform add-ons' inputs, read from the environment's infra outputs. */
export function platformInputsFrom(read: InfraOutputReader, env: EnvironmentConfig): Omit<PlatformInfraInputs, "clusterName"> {
  return upperLayerInputs(env).platform(read);
}

/** The managed services and secrets the apps use, read from the environment's infra outputs. */
export function managedServicesFrom(read: InfraOutputReader, env: EnvironmentConfig): ManagedServices {
  return upperLayerInputs(env).services(read);
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

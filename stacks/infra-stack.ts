import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../environments/schema";
import type { ClusterAccess } from "../constructs/core/contracts";
import { Naming } from "../constructs/core/naming";
import { configureBackend } from "./backend";
import { awsInfra } from "./targets/aws";
import { gcpInfra } from "./targets/gcp";
import { localInfra } from "./targets/local";
import type { InfraOutputs } from "./targets/target";

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

/** `<env>-infra`: the target's cloud resources (network, cluster); for `local`, the k3d cluster. */
export class InfraStack extends TerraformStack {
  /** How the layers above reach the cluster (cross-stack references). */
  readonly access: ClusterAccess;

  constructor(scope: Construct, id: string, props: InfraStackProps) {
    super(scope, id);
    configureBackend(this, props.env, "infra");
    this.access = buildTarget(this, props.env, new Naming(props.env.name)).access;
    new TerraformOutput(this, "cluster_name", { value: this.access.clusterName, description: "Name of the environment's Kubernetes cluster" });
  }
}

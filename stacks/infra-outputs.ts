/**
 * The contract between `<env>-infra` and the stacks above it: named Terraform outputs, read through
 * `terraform_remote_state` (never cdktf's generated cross-stack outputs, whose names change with construct
 * paths). The infra stack publishes the cluster's access here; each target publishes its own service
 * outputs (stacks/targets/*.ts) and says how the upper layers read them (`UpperLayerInputs`).
 */
import { Fn, TerraformOutput, type TerraformRemoteState } from "cdktf";
import { Construct } from "constructs";
import type { EnvironmentConfig } from "../environments/schema";
import type { ClusterAccess } from "../constructs/core/contracts";
import { layerRemoteState } from "./backend";

/** Output names of the `ClusterAccess` fields. */
export const CLUSTER_OUTPUTS = {
  clusterName: "cluster_name",
  host: "cluster_endpoint",
  clusterCaCertificateBase64: "cluster_ca_certificate",
  kubeconfigPath: "kubeconfig_path",
  kubeconfigContext: "kubeconfig_context",
} as const;

/** Reads the infra stack's named outputs (Terraform expressions, resolved at plan time). */
export interface InfraOutputReader {
  string(name: string): string;
  number(name: string): number;
  /** One key of a map output. */
  mapValue(name: string, key: string): string;
}

/** Publishes the cluster's access as named outputs of the infra stack (the fields that are set). */
export function publishClusterAccess(scope: Construct, access: ClusterAccess): void {
  const out = (name: string, value: string | undefined, description: string) => {
    if (value !== undefined) new TerraformOutput(scope, name, { value, description });
  };
  out(CLUSTER_OUTPUTS.clusterName, access.clusterName, "Name of the environment's Kubernetes cluster");
  out(CLUSTER_OUTPUTS.host, access.host, "Kubernetes API server URL");
  out(CLUSTER_OUTPUTS.clusterCaCertificateBase64, access.clusterCaCertificateBase64, "Base64 PEM CA of the API server's certificate");
  out(CLUSTER_OUTPUTS.kubeconfigPath, access.kubeconfig?.path, "Kubeconfig file holding the cluster's context");
  out(CLUSTER_OUTPUTS.kubeconfigContext, access.kubeconfig?.context, "Kubeconfig context of the cluster");
}

/**
 * The same access, read from the named outputs: every field the infra stack publishes is replaced by its
 * output; the exec plugin's command and arguments are plain configuration and are kept as they are.
 */
export function clusterAccessFrom(read: InfraOutputReader, access: ClusterAccess): ClusterAccess {
  return {
    clusterName: read.string(CLUSTER_OUTPUTS.clusterName),
    host: access.host === undefined ? undefined : read.string(CLUSTER_OUTPUTS.host),
    clusterCaCertificateBase64: access.clusterCaCertificateBase64 === undefined ? undefined : read.string(CLUSTER_OUTPUTS.clusterCaCertificateBase64),
    exec: access.exec,
    kubeconfig: access.kubeconfig && { path: read.string(CLUSTER_OUTPUTS.kubeconfigPath), context: read.string(CLUSTER_OUTPUTS.kubeconfigContext) },
  };
}

/** `terraform_remote_state` of `<env>-infra`, as an `InfraOutputReader`. */
export class InfraRemoteState extends Construct implements InfraOutputReader {
  readonly state: TerraformRemoteState;

  constructor(scope: Construct, id: string, env: EnvironmentConfig) {
    super(scope, id);
    this.state = layerRemoteState(this, "state", env, "infra");
    // `data.terraform_remote_state.infra.outputs.<name>` in the synthesized JSON and in plans.
    this.state.overrideLogicalId("infra");
  }

  string(name: string): string {
    return this.state.getString(name);
  }

  number(name: string): number {
    return this.state.getNumber(name);
  }

  mapValue(name: string, key: string): string {
    return Fn.lookup(this.state.get(name), key) as string;
  }
}

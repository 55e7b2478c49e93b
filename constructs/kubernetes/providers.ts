import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import type { ClusterAccess } from "../core/contracts";

/**
 * The kubernetes and helm providers of a stack, configured from the `infra` stack's ClusterAccess
 * (cross-stack references), never from a cluster created in the same state: a provider configured from
 * a resource that does not exist yet is the most common failure of single-state cluster projects.
 */
export class ClusterProviders extends Construct {
  readonly kubernetes: KubernetesProvider;
  readonly helm: HelmProvider;

  constructor(scope: Construct, id: string, access: ClusterAccess) {
    super(scope, id);
    // The CA is optional: an endpoint with a publicly trusted certificate (GKE's DNS endpoint) needs none.
    if (!access.kubeconfig && !(access.host && access.exec)) {
      throw new Error("ClusterProviders: access needs either kubeconfig, or host + exec (+ clusterCaCertificateBase64 unless the endpoint's certificate is publicly trusted)");
    }
    const ca = access.clusterCaCertificateBase64 ? Fn.base64decode(access.clusterCaCertificateBase64) : undefined;
    const exec = access.exec ? { apiVersion: access.exec.apiVersion, command: access.exec.command, args: [...access.exec.args] } : undefined;

    this.kubernetes = new KubernetesProvider(this, "kubernetes", {
      host: access.host,
      clusterCaCertificate: ca,
      exec: exec ? [exec] : undefined,
      configPath: access.kubeconfig?.path,
      configContext: access.kubeconfig?.context,
    });
    this.helm = new HelmProvider(this, "helm", {
      kubernetes: {
        host: access.host,
        clusterCaCertificate: ca,
        exec,
        configPath: access.kubeconfig?.path,
        configContext: access.kubeconfig?.context,
      },
    });
  }
}

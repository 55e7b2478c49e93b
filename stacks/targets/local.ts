import type { Construct } from "constructs";
import type { LocalEnvironment } from "../../environments/schema";
import type { Naming } from "../../constructs/core/naming";
import { K3dCluster } from "../../constructs/local/k3d-cluster";
import type { InfraOutputs, UpperLayerInputs } from "./target";

/** Local: one k3d cluster whose agents stand in for the node pools. */
export function localInfra(scope: Construct, env: LocalEnvironment, naming: Naming): InfraOutputs {
  const cluster = new K3dCluster(scope, "k3d", {
    naming,
    k3sImage: env.local.k3sImage,
    subnet: env.network.cidr,
    podsCidr: env.network.podsCidr,
    servicesCidr: env.network.servicesCidr,
    httpPort: env.local.httpPort,
    httpsPort: env.local.httpsPort,
    apiPort: env.local.apiPort,
    kubeconfigPath: env.local.kubeconfigPath,
    agentGroups: env.cluster.nodePools.map((p) => ({ name: p.name, count: Math.max(p.minNodes, 1), labels: p.labels, taints: p.taints })),
  });
  return { access: cluster.access };
}

/** Local infra publishes only the cluster's access: every service runs in the cluster (the platform layer). */
export const localUpperLayerInputs: UpperLayerInputs<LocalEnvironment> = {
  platform: () => ({}),
  services: () => ({}),
};

import type { EnvironmentConfig } from "../../environments/schema";
import type { AddonDefinition, ChartRef } from "./addon";
import { RESTRICTED_CONTAINER } from "./addon";
import { sized, sizing } from "./sizing";
import { LOKI_NAMESPACE, LOKI_URL } from "./loki";

export const ALLOY_CHARTS = {
  alloy: { repository: "https://grafana.github.io/helm-charts", name: "alloy", version: "1.11.1" },
} as const satisfies Record<string, ChartRef>;

/**
 * Alloy pipeline: pod logs read through the Kubernetes API (no hostPath, so the namespace stays
 * restricted), each agent only for pods on its own node, labelled and pushed to Loki.
 */
export function alloyConfig(env: EnvironmentConfig): string {
  return `discovery.kubernetes "pods" {
  role = "pod"
  selectors {
    role  = "pod"
    field = "spec.nodeName=" + sys.env("NODE_NAME")
  }
}

discovery.relabel "pods" {
  targets = discovery.kubernetes.pods.targets
  rule {
    source_labels = ["__meta_kubernetes_namespace"]
    target_label  = "namespace"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_name"]
    target_label  = "pod"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_container_name"]
    target_label  = "container"
  }
  rule {
    source_labels = ["__meta_kubernetes_pod_label_app_kubernetes_io_name"]
    target_label  = "app"
  }
}

loki.source.kubernetes "pods" {
  targets    = discovery.relabel.pods.output
  forward_to = [loki.write.default.receiver]
}

loki.write "default" {
  endpoint {
    url = "${LOKI_URL}/loki/api/v1/push"
  }
  external_labels = { cluster = "${env.name}" }
}
`;
}

/** Grafana Alloy as the log shipper: the maintained one (see docs/addons/alloy.md). */
export const alloy: AddonDefinition = {
  id: "alloy",
  description: "Grafana Alloy shipping pod logs to Loki",
  enabled: () => true,
  spec: (ctx) => {
    const { env } = ctx;
    const container = { ...RESTRICTED_CONTAINER, runAsUser: 473, runAsGroup: 473, readOnlyRootFilesystem: true };
    return {
      namespace: { name: "alloy", podSecurity: "restricted" },
      dependsOn: ["loki"],
      releases: [
        {
          name: "alloy",
          chart: ALLOY_CHARTS.alloy,
          values: {
            controller: { type: "daemonset" },
            alloy: {
              configMap: { create: true, content: alloyConfig(env) },
              mounts: { varlog: false, dockercontainers: false },
              extraEnv: [{ name: "NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } }],
              securityContext: container,
              resources: sized(sizing(ctx).alloy.agent),
            },
            configReloader: { securityContext: container, resources: sized(sizing(ctx).alloy.configReloader) },
          },
        },
      ],
      network: { egressApiServer: true, egressToNamespaces: [LOKI_NAMESPACE] },
    };
  },
};

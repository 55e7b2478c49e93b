import type { AddonDefinition, ChartRef } from "./addon";
import { resources } from "./addon";

export const METRICS_SERVER_CHARTS = {
  metricsServer: { repository: "https://kubernetes-sigs.github.io/metrics-server", name: "metrics-server", version: "3.13.1" },
} as const satisfies Record<string, ChartRef>;

/** metrics-server, where the target does not ship one (HPA and `kubectl top` need it). */
export const metricsServer: AddonDefinition = {
  id: "metrics-server",
  description: "metrics-server where the target has none",
  enabled: ({ capabilities }) => !capabilities.metricsServer,
  spec: ({ env }) => ({
    namespace: { name: "metrics-server", podSecurity: "restricted" },
    releases: [
      {
        name: "metrics-server",
        chart: METRICS_SERVER_CHARTS.metricsServer,
        values: { replicas: env.tier === "prod" ? 2 : 1, resources: resources("100m", "200Mi", "400Mi") },
      },
    ],
    // 10250: the aggregated API the API server calls; egress 10250: the kubelets it scrapes.
    network: { ingressPorts: [10250], egressApiServer: true, egressPorts: [10250] },
  }),
};

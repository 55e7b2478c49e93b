import * as path from "node:path";
import type { AddonDefinition, ChartRef } from "./addon";

/**
 * Gateway API CRDs: one owner for the whole cluster (neither Istio nor NGINX Gateway Fabric installs them;
 * GKE's managed Gateway API must be off, which the GKE cluster construct owns). Envoy Gateway's
 * `gateway-crds-helm` chart installs the upstream standard-channel CRDs and nothing else with the values below.
 * Its own files (about 1.9 MiB) exceed Helm's 1 MiB release record, so it is installed as the dependency of the
 * in-repo wrapper chart `charts/gateway-api-crds` (Helm does not store a dependency's files in the record).
 */
export const GATEWAY_API_CRDS_CHARTS = {
  crds: { repository: "oci://docker.io/envoyproxy", name: "gateway-crds-helm", version: "v1.9.1" },
} as const satisfies Record<string, ChartRef>;

/** The in-repo wrapper chart whose only dependency is GATEWAY_API_CRDS_CHARTS.crds. */
export const GATEWAY_API_CRDS_WRAPPER = path.join(__dirname, "charts", "gateway-api-crds");

export const gatewayApiCrds: AddonDefinition = {
  id: "gateway-api-crds",
  description: "Gateway API CRDs (standard channel), one owner for the cluster",
  enabled: () => true,
  spec: () => ({
    // No pods run here: the namespace only holds the Helm release record.
    namespace: { name: "gateway-api", podSecurity: "restricted" },
    releases: [
      {
        name: "gateway-api-crds",
        chart: GATEWAY_API_CRDS_CHARTS.crds,
        wrapperChart: GATEWAY_API_CRDS_WRAPPER,
        values: { crds: { gatewayAPI: { enabled: true, channel: "standard" }, envoyGateway: { enabled: false } } },
      },
    ],
    network: {},
  }),
};

import type { AddonDefinition, ChartRef } from "./addon";
import { sized, sizing } from "./sizing";

/** Istio's charts, one version for all (docs/adr/0003-istio-sidecar-with-cni.md). */
export const ISTIO_CHARTS = {
  base: { repository: "https://istio-release.storage.googleapis.com/charts", name: "base", version: "1.29.2" },
  cni: { repository: "https://istio-release.storage.googleapis.com/charts", name: "cni", version: "1.29.2" },
  istiod: { repository: "https://istio-release.storage.googleapis.com/charts", name: "istiod", version: "1.29.2" },
} as const satisfies Record<string, ChartRef>;

export const ISTIO_NAMESPACE = "istio-system";

/**
 * Istio in sidecar mode with the Istio CNI node agent, so meshed namespaces stay `restricted` (no
 * NET_ADMIN init container). Gateways are provisioned by istiod from `Gateway` resources (Gateway API
 * automated deployment), so no gateway chart is installed. Mesh-wide mTLS is STRICT.
 */
export const istio: AddonDefinition = {
  id: "istio",
  description: "Istio service mesh (sidecar mode + CNI), Gateway API controller, mesh-wide STRICT mTLS",
  enabled: ({ env }) => env.ingress.controller === "istio",
  spec: (ctx) => {
    const { env, capabilities } = ctx;
    // Images pinned to the chart's own release (the charts default to the hub/tag they were cut with).
    const global = { hub: "docker.io/istio", tag: ISTIO_CHARTS.istiod.version, ...(capabilities.istioPlatform ? { platform: capabilities.istioPlatform } : {}) };
    const platform = { global };
    const replicas = env.tier === "prod" ? 2 : 1;
    return {
      namespace: {
        name: ISTIO_NAMESPACE,
        podSecurity: "privileged",
        podSecurityReason: "the istio-cni node agent (DaemonSet) writes the CNI plugin to each node through hostPath and runs privileged; it is what lets every meshed namespace stay restricted",
      },
      dependsOn: ["gateway-api-crds"],
      releases: [
        { name: "istio-base", chart: ISTIO_CHARTS.base, values: { defaultRevision: "default" } },
        { name: "istio-cni", chart: ISTIO_CHARTS.cni, values: { ...platform, resources: sized(sizing(ctx).istio.cni) } },
        {
          name: "istiod",
          chart: ISTIO_CHARTS.istiod,
          // The charts take their settings at the top level (no `pilot.` prefix); see the chart's values.yaml.
          values: {
            ...platform,
            cni: { enabled: true },
            // The injected sidecar's size (the chart's default asks 100m/128Mi and limits 2 CPU/1Gi per pod).
            global: { ...global, proxy: { resources: sized(sizing(ctx).istio.proxy) } },
            autoscaleMin: replicas,
            // The chart's default maximum, stated so istio-system's quota admits every pod the HPA may add.
            autoscaleMax: 5,
            replicaCount: replicas,
            resources: sized(sizing(ctx).istio.istiod),
            meshConfig: { accessLogFile: "/dev/stdout", enablePrometheusMerge: true },
          },
        },
      ],
      resources: [
        {
          // In the root namespace, so it applies to every meshed workload: plaintext between app namespaces is refused.
          apiVersion: "security.istio.io/v1",
          kind: "PeerAuthentication",
          metadata: { name: "default", namespace: ISTIO_NAMESPACE },
          spec: { mtls: { mode: "STRICT" } },
        },
      ],
      // 15012: xDS/CA for sidecars and gateways in every namespace; 15017: the injection and validation webhooks.
      network: { ingressPorts: [15012, 15017], egressApiServer: true },
    };
  },
};

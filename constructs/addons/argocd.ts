import type { AddonDefinition, ChartRef } from "./addon";
import { resources } from "./addon";

export const ARGOCD_CHARTS = {
  argocd: { repository: "https://argoproj.github.io/argo-helm", name: "argo-cd", version: "9.6.0" },
} as const satisfies Record<string, ChartRef>;

/** Argo CD for GitOps, off unless `addons.argocd.enabled` (seeds 000 and 003). Reached with `kubectl port-forward`. */
export const argocd: AddonDefinition = {
  id: "argocd",
  description: "Argo CD (addons.argocd.enabled)",
  enabled: ({ env }) => env.addons.argocd.enabled,
  spec: ({ env }) => ({
    namespace: { name: "argocd", podSecurity: "restricted" },
    releases: [
      {
        name: "argocd",
        chart: ARGOCD_CHARTS.argocd,
        values: {
          global: { domain: `argocd.${env.dns.domain}` },
          dex: { enabled: false },
          notifications: { enabled: false },
          controller: { resources: resources("250m", "512Mi", "1Gi") },
          server: { resources: resources("50m", "128Mi", "256Mi") },
          repoServer: { resources: resources("100m", "256Mi", "512Mi") },
          redis: { resources: resources("50m", "64Mi", "128Mi") },
          applicationSet: { resources: resources("50m", "64Mi", "128Mi") },
        },
      },
    ],
    network: { egressApiServer: true, egressInternet: true },
    // The chart's redis-secret-init Job (a pre-install hook), which our values do not size.
    quota: { unsizedContainers: 1 },
  }),
};

import type { AddonDefinition, ChartRef } from "./addon";
import { sized, sizing } from "./sizing";

export const NGINX_GATEWAY_FABRIC_CHARTS = {
  ngf: { repository: "oci://ghcr.io/nginx/charts", name: "nginx-gateway-fabric", version: "2.5.1" },
} as const satisfies Record<string, ChartRef>;

/** The GatewayClass the chart creates; the platform Gateway names it. */
export const NGINX_GATEWAY_CLASS = "nginx";

/** NGINX Gateway Fabric: the `nginx` ingress option, on the Gateway API (see docs/addons/nginx-gateway-fabric.md). Data planes are provisioned per Gateway. */
export const nginxGatewayFabric: AddonDefinition = {
  id: "nginx-gateway-fabric",
  description: "NGINX Gateway Fabric, the Gateway API controller of the nginx option",
  enabled: ({ env }) => env.ingress.controller === "nginx",
  spec: (ctx) => ({
    // Restricted: the chart's control-plane Deployment and cert-generator Job set seccomp RuntimeDefault, drop ALL,
    // no privilege escalation and runAsNonRoot (read from the chart's templates; the chart cannot be rendered offline).
    namespace: { name: "nginx-gateway", podSecurity: "restricted" },
    dependsOn: ["gateway-api-crds"],
    // The chart's cert-generator Job (a pre-install hook), which our values do not size.
    quota: { unsizedContainers: 1 },
    releases: [
      {
        name: "nginx-gateway-fabric",
        chart: NGINX_GATEWAY_FABRIC_CHARTS.ngf,
        values: {
          nginxGateway: {
            gatewayClassName: NGINX_GATEWAY_CLASS,
            replicas: ctx.env.tier === "prod" ? 2 : 1,
            resources: sized(sizing(ctx).nginxGatewayFabric.controlPlane),
          },
          // The NGINX data plane the control plane provisions per Gateway (NginxProxy `kubernetes.deployment.container`).
          nginx: { container: { resources: sized(sizing(ctx).nginxGatewayFabric.dataPlane) } },
        },
      },
    ],
    // 8443: the control plane's agent endpoint the NGINX data planes (in the gateway namespace) connect to; 443: its webhook.
    network: { ingressPorts: [443, 8443], egressApiServer: true },
  }),
};

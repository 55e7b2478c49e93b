import type { AddonDefinition, ChartRef } from "./addon";
import { GATEWAY_NAME, GATEWAY_NAMESPACE, RESTRICTED_CONTAINER } from "./addon";
import { POSTGRES_CLUSTER, POSTGRES_NAMESPACE } from "./cloudnative-pg";
import { sized, sizing } from "./sizing";

/**
 * pgAdmin 4 from rowanruseler/helm-charts: the PostgreSQL project publishes no chart, and this one is the
 * maintained, widely used one (monthly releases that follow pgAdmin's, Gateway API HTTPRoute support,
 * a hardened-values CI case). It runs the upstream `dpage/pgadmin4` image.
 */
export const PGADMIN_CHARTS = {
  pgadmin: { repository: "https://helm.runix.net", name: "pgadmin4", version: "1.66.0" },
} as const satisfies Record<string, ChartRef>;

export const PGADMIN_NAMESPACE = "pgadmin";
const RELEASE = "pgadmin";
/** pgAdmin listens here instead of 80, so it needs no NET_BIND_SERVICE under Pod Security `restricted`. */
const PORT = 8080;

/**
 * pgAdmin on `dns.hostnames.pgadmin`, with the database's PgBouncer pooler registered as a server (the
 * password is asked on connect: `kubectl -n postgres get secret orderbook-db-app`). Desktop mode, so no
 * pgAdmin login: `addons.adminUis`, which the schema allows only where the gateway listens on 127.0.0.1.
 */
export const pgadmin: AddonDefinition = {
  id: "pgadmin",
  description: "pgAdmin 4 with the in-cluster database registered, through the gateway (admin UI, local only)",
  enabled: ({ env, capabilities }) => env.addons.adminUis && (!capabilities.managedDatabase || env.addons.inClusterData),
  spec: (ctx) => {
    const host = ctx.env.dns.hostnames.pgadmin;
    if (!host) throw new Error("pgadmin: dns.hostnames.pgadmin is required while addons.adminUis is true");
    return {
      namespace: { name: PGADMIN_NAMESPACE, podSecurity: "restricted" },
      dependsOn: ["cloudnative-pg", "gateway-api-crds"],
      releases: [
        {
          name: RELEASE,
          chart: PGADMIN_CHARTS.pgadmin,
          values: {
            fullnameOverride: RELEASE,
            // The image of the chart's appVersion, pinned here as well so an upgrade shows it.
            image: { tag: "9.17" },
            resources: sized(sizing(ctx).pgadmin),
            service: { targetPort: PORT },
            containerPorts: { http: PORT },
            // Desktop mode's one internal user: the server definitions are imported for this e-mail, and no
            // sign-in form is ever shown, so the password guards nothing.
            env: {
              email: "pgadmin4@pgadmin.org",
              password: "unused-in-desktop-mode",
              variables: [
                { name: "PGADMIN_LISTEN_PORT", value: String(PORT) },
                { name: "PGADMIN_CONFIG_SERVER_MODE", value: "False" },
                { name: "PGADMIN_CONFIG_MASTER_PASSWORD_REQUIRED", value: "False" },
              ],
            },
            persistentVolume: { enabled: true, size: "1Gi" },
            securityContext: { runAsNonRoot: true, runAsUser: 5050, runAsGroup: 5050, fsGroup: 5050, seccompProfile: { type: "RuntimeDefault" } },
            containerSecurityContext: { enabled: true, ...RESTRICTED_CONTAINER },
            serverDefinitions: {
              enabled: true,
              servers: {
                orderbook: {
                  Name: `${ctx.env.name} (PgBouncer)`,
                  Group: "Servers",
                  Host: `${POSTGRES_CLUSTER}-pooler-rw.${POSTGRES_NAMESPACE}.svc`,
                  Port: 5432,
                  MaintenanceDB: "orderbook",
                  Username: "orderbook",
                  SSLMode: "prefer",
                },
              },
            },
            test: { enabled: false },
            // The chart's own policy admits any source on the port; the namespace's policies (gateway only) govern.
            networkPolicy: { enabled: false },
          },
        },
      ],
      resources: [
        {
          apiVersion: "gateway.networking.k8s.io/v1",
          kind: "HTTPRoute",
          metadata: { name: RELEASE, namespace: PGADMIN_NAMESPACE },
          spec: { parentRefs: [{ name: GATEWAY_NAME, namespace: GATEWAY_NAMESPACE }], hostnames: [host], rules: [{ backendRefs: [{ name: RELEASE, port: 80 }] }] },
        },
      ],
      network: { ingressFromNamespaces: [GATEWAY_NAMESPACE], egressToNamespaces: [POSTGRES_NAMESPACE] },
    };
  },
};

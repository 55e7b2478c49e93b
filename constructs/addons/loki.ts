import type { EnvironmentConfig } from "../../environments/schema";
import type { AddonDefinition, ChartRef } from "./addon";
import { RESTRICTED_CONTAINER, resources, serviceAccountAnnotations } from "./addon";
import { sized, sizing } from "./sizing";

/**
 * The Loki chart's current home is grafana-community (the chart in grafana/helm-charts is for Enterprise
 * Logs since 2026-03-16); 6.55.0 is the fork point, the same chart on both.
 */
export const LOKI_CHARTS = {
  loki: { repository: "https://grafana-community.github.io/helm-charts", name: "loki", version: "6.55.0" },
} as const satisfies Record<string, ChartRef>;

export const LOKI_NAMESPACE = "loki";
/** Where Alloy pushes and Grafana queries (the chart's gateway, in front of every deployment mode). */
export const LOKI_URL = `http://loki-gateway.${LOKI_NAMESPACE}.svc.cluster.local`;

/** The log bucket's name when the infra layer does not pass one: `<env>-logs` (GCS: prefixed by the project). */
export function logBucketName(env: EnvironmentConfig): string {
  return env.target === "gcp" ? `${env.gcp.projectId}-${env.name}-logs` : env.target === "aws" ? `${env.aws.accountId}-${env.name}-logs` : `${env.name}-logs`;
}

/** Loki: single binary on a volume locally, object storage (GCS/S3) in the cloud; simple-scalable in prod. */
export const loki: AddonDefinition = {
  id: "loki",
  description: "Loki log store: filesystem single binary locally, GCS/S3 object storage in the cloud",
  enabled: () => true,
  spec: (ctx) => {
    const { env, capabilities } = ctx;
    const store = capabilities.objectStorage;
    const bucket = ctx.infra.logBucket ?? logBucketName(env);
    const scalable = env.tier === "prod";
    const replicas = scalable ? 3 : 1;
    const storage =
      store === "filesystem"
        ? { type: "filesystem" }
        : {
            type: store,
            bucketNames: { chunks: bucket, ruler: bucket, admin: bucket },
            ...(store === "s3" && env.target === "aws" ? { s3: { region: env.aws.region } } : {}),
          };
    const podSecurityContext = { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: "RuntimeDefault" } };
    return {
      namespace: { name: LOKI_NAMESPACE, podSecurity: "restricted" },
      releases: [
        {
          name: "loki",
          chart: LOKI_CHARTS.loki,
          values: {
            deploymentMode: scalable ? "SimpleScalable" : "SingleBinary",
            loki: {
              auth_enabled: false,
              commonConfig: { replication_factor: replicas },
              storage,
              schemaConfig: {
                configs: [{ from: "2024-04-01", store: "tsdb", object_store: store, schema: "v13", index: { prefix: "loki_index_", period: "24h" } }],
              },
              limits_config: { retention_period: `${env.observability.logRetentionDays * 24}h` },
              compactor: { retention_enabled: true, delete_request_store: store },
              podSecurityContext,
              containerSecurityContext: { ...RESTRICTED_CONTAINER, readOnlyRootFilesystem: true },
            },
            serviceAccount: { name: "loki", annotations: serviceAccountAnnotations(ctx, "loki") },
            singleBinary: { replicas: scalable ? 0 : 1, resources: sized(sizing(ctx).loki.singleBinary), persistence: { size: `${sizing(ctx).loki.volumeGiB}Gi` } },
            read: { replicas: scalable ? replicas : 0, resources: resources("200m", "512Mi", "1Gi") },
            write: { replicas: scalable ? replicas : 0, resources: resources("200m", "1Gi", "2Gi") },
            backend: { replicas: scalable ? replicas : 0, resources: resources("100m", "512Mi", "1Gi") },
            gateway: {
              resources: sized(sizing(ctx).loki.gateway),
              podSecurityContext: { ...podSecurityContext, runAsUser: 101, runAsGroup: 101, fsGroup: 101 },
              containerSecurityContext: { ...RESTRICTED_CONTAINER, readOnlyRootFilesystem: true },
            },
            // The rules sidecar (loads alerting rules from ConfigMaps).
            sidecar: { resources: sized(sizing(ctx).loki.sidecar) },
            // Memcached caches are sized for large installations; off until measured.
            chunksCache: { enabled: false },
            resultsCache: { enabled: false },
            lokiCanary: { enabled: false },
            test: { enabled: false },
            monitoring: { selfMonitoring: { enabled: false } },
          },
        },
      ],
      identity:
        store === "filesystem"
          ? undefined
          : {
              serviceAccount: "loki",
              gcpRoles: [{ role: "roles/storage.objectAdmin", on: "log-bucket" }],
              awsStatements: [
                { sid: "ListLogBucket", actions: ["s3:ListBucket"], on: "log-bucket" },
                { sid: "LogObjects", actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], on: "log-bucket-objects" },
              ],
            },
      network: { ingressFromNamespaces: ["alloy"], egressApiServer: true, egressInternet: store !== "filesystem" },
    };
  },
};

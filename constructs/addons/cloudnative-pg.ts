import type { AddonContext, AddonDefinition, ChartRef, KubernetesObject } from "./addon";
import { APP_NAMESPACE } from "./addon";
import { credentialsStore } from "./external-secrets";
import { sized, sizing } from "./sizing";

export const CLOUDNATIVE_PG_CHARTS = {
  operator: { repository: "https://cloudnative-pg.github.io/charts", name: "cloudnative-pg", version: "0.27.1" },
} as const satisfies Record<string, ChartRef>;

/** PostgreSQL images per `database.version` major, pinned to a minor. */
export const POSTGRES_IMAGES: Readonly<Record<string, string>> = {
  "16": "ghcr.io/cloudnative-pg/postgresql:16.10",
  "17": "ghcr.io/cloudnative-pg/postgresql:17.6",
};

export const POSTGRES_NAMESPACE = "postgres";
export const POSTGRES_CLUSTER = "orderbook-db";
/** The application database and its owner, created by `initdb`. */
export const POSTGRES_DATABASE = { name: "orderbook", owner: "orderbook" } as const;
/** In-cluster DNS name of the PgBouncer pooler in front of the primary. */
export const POSTGRES_POOLER_HOST = `${POSTGRES_CLUSTER}-pooler-rw.${POSTGRES_NAMESPACE}.svc.cluster.local`;
/** Secret CloudNativePG generates for the owner (`<cluster>-app`; keys username, password, uri, ...). */
export const POSTGRES_APP_SECRET = `${POSTGRES_CLUSTER}-app`;
/** ClusterSecretStore through which the apps read POSTGRES_APP_SECRET. */
export const POSTGRES_CREDENTIALS_STORE = "postgres-credentials";

function clusterObjects(ctx: AddonContext): KubernetesObject[] {
  const db = ctx.env.database;
  const problems: string[] = [];
  if (db.engine !== "postgres") problems.push(`database.engine "${db.engine}" has no in-cluster option (CloudNativePG runs PostgreSQL only)`);
  const image = POSTGRES_IMAGES[db.version];
  if (!image) problems.push(`database.version "${db.version}" has no pinned CloudNativePG image; known: ${Object.keys(POSTGRES_IMAGES).join(", ")}`);
  if (db.backups.enabled || db.backups.pointInTimeRecovery) problems.push("database.backups need an object store for the in-cluster database, which the platform does not configure yet; set backups.enabled and pointInTimeRecovery to false or use the managed database");
  if (db.deletionProtection) problems.push("database.deletionProtection cannot be enforced for the in-cluster database; set it to false or use the managed database");
  if (problems.length) throw new Error(`cloudnative-pg: ${problems.join("; ")}`);
  const instances = db.highAvailability ? 3 : db.readReplica ? 2 : 1;
  const size = sizing(ctx).cloudnativePg;
  return [
    {
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "Cluster",
      metadata: { name: POSTGRES_CLUSTER, namespace: POSTGRES_NAMESPACE },
      spec: {
        instances,
        imageName: image,
        enableSuperuserAccess: false,
        storage: { size: `${db.diskGiB}Gi` },
        // database.instanceSize is the CPU request of each instance in the cluster.
        resources: { requests: { cpu: db.instanceSize, memory: size.postgresMemory }, limits: { memory: size.postgresMemoryLimit } },
        bootstrap: { initdb: { database: POSTGRES_DATABASE.name, owner: POSTGRES_DATABASE.owner } },
        monitoring: { enablePodMonitor: ctx.enabled.has("kube-prometheus-stack") },
      },
    },
    {
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "Pooler",
      metadata: { name: `${POSTGRES_CLUSTER}-pooler-rw`, namespace: POSTGRES_NAMESPACE },
      spec: {
        cluster: { name: POSTGRES_CLUSTER },
        instances: db.highAvailability ? 2 : 1,
        type: "rw",
        pgbouncer: { poolMode: "transaction", parameters: { max_client_conn: "500", default_pool_size: "20" } },
        template: { spec: { containers: [{ name: "pgbouncer", resources: sized(size.pooler) }] } },
      },
    },
    ...credentialsStore(POSTGRES_CREDENTIALS_STORE, POSTGRES_NAMESPACE, [POSTGRES_APP_SECRET]),
  ];
}

/** CloudNativePG operator, a PostgreSQL `Cluster` sized from `database`, and a PgBouncer `Pooler` (seed 002). */
export const cloudnativePg: AddonDefinition = {
  id: "cloudnative-pg",
  description: "CloudNativePG operator + PostgreSQL Cluster + PgBouncer Pooler where the database is in the cluster",
  enabled: ({ env, capabilities }) => !capabilities.managedDatabase || env.addons.inClusterData,
  spec: (ctx) => ({
    namespace: { name: POSTGRES_NAMESPACE, podSecurity: "restricted" },
    // The credentials store is an ESO custom resource.
    dependsOn: ["external-secrets"],
    releases: [
      {
        name: "cloudnative-pg",
        chart: CLOUDNATIVE_PG_CHARTS.operator,
        values: { resources: sized(sizing(ctx).cloudnativePg.operator), config: { clusterWide: false } },
      },
    ],
    resources: clusterObjects(ctx),
    // 9443: the operator's webhook.
    network: { ingressFromNamespaces: [APP_NAMESPACE, ...(ctx.enabled.has("pgadmin") ? ["pgadmin"] : [])], ingressPorts: [9443], egressApiServer: true },
  }),
};

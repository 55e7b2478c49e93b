/**
 * The endpoints the `<env>-apps` stack uses until the infra and platform layers publish theirs as
 * named outputs: sensible per-target values (in-cluster service DNS names where the platform runs the
 * service; the managed services' names as the infra targets create them elsewhere). Replace a field by
 * the corresponding layer output when that output exists; the apps stack reads nothing else.
 */
import type { EnvironmentConfig } from "../environments/schema";
import type { AppEndpoints } from "../constructs/apps/app-endpoints";
import type { SecretStore } from "../constructs/core/contracts";
import { POSTGRES_CLUSTER, POSTGRES_NAMESPACE } from "../constructs/addons/cloudnative-pg";
import { CLUSTER_SECRET_STORE } from "../constructs/addons/external-secrets";
import { GATEWAY_NAME, GATEWAY_NAMESPACE } from "../constructs/addons/gateway";
import { MONITORING_NAMESPACE } from "../constructs/addons/kube-prometheus-stack";
import { KAFKA_CLUSTER, KAFKA_NAMESPACE } from "../constructs/addons/strimzi";

/** Name of the ClusterSecretStore the platform layer creates for application secrets. */
export const APP_SECRET_STORE = CLUSTER_SECRET_STORE;
/** Name of the platform's shared Gateway. */
export const PLATFORM_GATEWAY = GATEWAY_NAME;
export { MONITORING_NAMESPACE };

/** Registry part of an image reference (everything before the last path segment). */
export function registryOf(image: string): string {
  const i = image.lastIndexOf("/");
  return i > 0 ? image.slice(0, i) : image;
}

function secretStore(env: EnvironmentConfig): SecretStore {
  return { kind: env.secrets.backend, storeName: APP_SECRET_STORE };
}

/** Per-target defaults; every value is derived from the environment's config, none from its name. */
export function defaultAppEndpoints(env: EnvironmentConfig): AppEndpoints {
  const secretPrefix = `${env.name}-`;
  if (env.kafka.mode !== "strimzi") {
    throw new Error(`${env.name}: kafka.mode "${env.kafka.mode}" needs the managed cluster's bootstrap address from the infra stack, which does not publish it yet; use "strimzi"`);
  }
  const common = {
    secretStore: secretStore(env),
    appSecrets: {
      jwtPrivateKey: `${secretPrefix}api-jwt-private-key`,
      jwtPublicKey: `${secretPrefix}api-jwt-public-key`,
      apiKeyEncryptionKey: `${secretPrefix}api-key-encryption-key`,
    },
    registry: registryOf(env.apps.api.image),
    gateway: { name: PLATFORM_GATEWAY, namespace: GATEWAY_NAMESPACE },
    gatewayDataPlaneNamespace: GATEWAY_NAMESPACE,
    monitoring: { namespace: MONITORING_NAMESPACE, serviceMonitorLabels: { release: "kube-prometheus-stack" } },
    capabilities: { gatewayApi: true, externalSecrets: true, serviceMonitors: env.observability.prometheus },
    // The platform's Strimzi cluster. Its only listener is TLS with client certificates (9093), which the
    // apps cannot use yet; until they can, this port has no listener (known gap, named in the platform docs).
    kafka: { bootstrapServers: `${KAFKA_CLUSTER}-kafka-bootstrap.${KAFKA_NAMESPACE}.svc.cluster.local:9092`, tls: false },
  } as const;
  switch (env.target) {
    case "local":
      // CloudNativePG (through its PgBouncer pooler) and Valkey run in the cluster.
      return {
        ...common,
        database: { engine: env.database.engine, host: `${POSTGRES_CLUSTER}-pooler-rw.${POSTGRES_NAMESPACE}.svc.cluster.local`, port: 5432, database: "orderbook", username: "orderbook", passwordSecretName: `${secretPrefix}db-password` },
        databaseSslMode: "disable",
        cache: { host: "valkey.valkey.svc.cluster.local", port: 6379, tls: false },
      };
    case "gcp":
    case "aws":
      // Private endpoints of Cloud SQL / RDS and Memorystore / ElastiCache, published by the infra stack.
      return {
        ...common,
        database: {
          engine: env.database.engine,
          host: `${env.name}-db.internal`,
          port: env.database.engine === "postgres" ? 5432 : 3306,
          database: "orderbook",
          username: "orderbook",
          passwordSecretName: `${secretPrefix}db-password`,
          readHost: env.database.readReplica ? `${env.name}-db-replica.internal` : undefined,
        },
        databaseSslMode: "require",
        cache: { host: `${env.name}-cache.internal`, port: 6379, tls: true, authSecretName: `${secretPrefix}cache-auth` },
      };
  }
}

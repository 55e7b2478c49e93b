/**
 * The endpoints the `<env>-apps` stack uses until the infra and platform layers publish theirs as
 * named outputs: sensible per-target values (in-cluster service DNS names where the platform runs the
 * service; the managed services' names as the infra targets create them elsewhere). Replace a field by
 * the corresponding layer output when that output exists; the apps stack reads nothing else.
 */
import type { EnvironmentConfig } from "../environments/schema";
import type { AppEndpoints } from "../constructs/apps/app-endpoints";
import type { KafkaEndpoint, SecretStore } from "../constructs/core/contracts";
import { POSTGRES_CLUSTER, POSTGRES_NAMESPACE } from "../constructs/addons/cloudnative-pg";
import { CLUSTER_SECRET_STORE } from "../constructs/addons/external-secrets";
import { GATEWAY_NAME, GATEWAY_NAMESPACE } from "../constructs/addons/gateway";
import { MONITORING_NAMESPACE } from "../constructs/addons/kube-prometheus-stack";
import { KAFKA_CLUSTER, KAFKA_CLUSTER_CA_SECRET, KAFKA_CREDENTIALS_STORE, KAFKA_LISTENER, KAFKA_NAMESPACE, KAFKA_USERS } from "../constructs/addons/strimzi";

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

/**
 * The platform's Strimzi cluster: its TLS listener, the cluster CA, and each app's KafkaUser (SCRAM-SHA-512),
 * whose password Secret Strimzi names after the user; ExternalSecrets copy both through the credentials store.
 */
export function strimziKafkaEndpoint(): KafkaEndpoint {
  const user = (name: keyof typeof KAFKA_USERS) => ({ username: name, passwordSecretName: name });
  return {
    bootstrapServers: `${KAFKA_CLUSTER}-kafka-bootstrap.${KAFKA_NAMESPACE}.svc.cluster.local:${KAFKA_LISTENER.port}`,
    tls: true,
    caSecretName: KAFKA_CLUSTER_CA_SECRET,
    sasl: { mechanism: KAFKA_LISTENER.saslMechanism, users: { engine: user("engine"), api: user("api") } },
    credentialsStore: KAFKA_CREDENTIALS_STORE,
  };
}

/** Per-target defaults; every value is derived from the environment's config, none from its name. */
export function defaultAppEndpoints(env: EnvironmentConfig): AppEndpoints {
  const secretPrefix = `${env.name}-`;
  if (env.kafka.mode !== "strimzi") {
    // MSK (as the infra layer creates it) takes SASL/IAM and GCP Managed Kafka SASL/OAUTHBEARER with Google
    // tokens; the apps' client authenticates with a password (SCRAM or PLAIN) only.
    throw new Error(
      `${env.name}: kafka.mode "${env.kafka.mode}" is not supported by the apps layer: the managed cluster authenticates clients with cloud IAM (MSK: SASL/IAM, GCP Managed Kafka: SASL/OAUTHBEARER), which the engine and API do not implement (they use SCRAM-SHA-512 over TLS); set kafka.mode to "strimzi"`,
    );
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
    kafka: strimziKafkaEndpoint(),
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

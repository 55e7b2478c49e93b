/**
 * The endpoints the `<env>-apps` stack gives the apps: the managed services the infra stack publishes
 * (read from its named outputs, `ManagedServices`), or, where the platform runs a service in the cluster,
 * that service's address and the credentials it generated itself.
 */
import type { EnvironmentConfig } from "../environments/schema";
import type { AppEndpoints } from "../constructs/apps/app-endpoints";
import type { CacheEndpoint, DatabaseEndpoint, KafkaEndpoint, SecretStore } from "../constructs/core/contracts";
import { capabilitiesOf } from "../constructs/addons/capabilities";
import { cloudnativePg, POSTGRES_APP_SECRET, POSTGRES_CREDENTIALS_STORE, POSTGRES_DATABASE, POSTGRES_POOLER_HOST } from "../constructs/addons/cloudnative-pg";
import { CLUSTER_SECRET_STORE, generatedAppSecretNames, generatesAppSecrets } from "../constructs/addons/external-secrets";
import { GATEWAY_NAME, GATEWAY_NAMESPACE } from "../constructs/addons/gateway";
import { MONITORING_NAMESPACE } from "../constructs/addons/kube-prometheus-stack";
import { KAFKA_CLUSTER, KAFKA_CLUSTER_CA_SECRET, KAFKA_CREDENTIALS_STORE, KAFKA_LISTENER, KAFKA_NAMESPACE, KAFKA_USERS } from "../constructs/addons/strimzi";
import { valkey, VALKEY_AUTH_SECRET, VALKEY_CREDENTIALS_STORE, VALKEY_HOST } from "../constructs/addons/valkey";
import type { InfraOutputReader } from "./infra-outputs";
import { managedServicesFrom } from "./infra-stack";
import type { ManagedServices } from "./targets/target";

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

/** CloudNativePG behind its PgBouncer pooler; the password is the one the operator generated for the owner. */
const inClusterDatabase = (env: EnvironmentConfig): DatabaseEndpoint => ({
  engine: env.database.engine,
  host: POSTGRES_POOLER_HOST,
  port: 5432,
  database: POSTGRES_DATABASE.name,
  username: POSTGRES_DATABASE.owner,
  passwordSecretName: POSTGRES_APP_SECRET,
  passwordSecretProperty: "password",
  passwordSecretStore: POSTGRES_CREDENTIALS_STORE,
});

/** Valkey with ACL auth: the `default` user's password generated in the cluster. */
const inClusterCache: CacheEndpoint = {
  host: VALKEY_HOST,
  port: 6379,
  tls: false,
  authSecretName: VALKEY_AUTH_SECRET,
  authSecretProperty: "password",
  authSecretStore: VALKEY_CREDENTIALS_STORE,
};

/** Builds the apps' endpoints from the environment and what the infra layer manages for it. */
export function appEndpoints(env: EnvironmentConfig, services: ManagedServices): AppEndpoints {
  if (env.kafka.mode !== "strimzi") {
    // MSK (as the infra layer creates it) takes SASL/IAM and GCP Managed Kafka SASL/OAUTHBEARER with Google
    // tokens; the apps' client authenticates with a password (SCRAM or PLAIN) only.
    throw new Error(
      `${env.name}: kafka.mode "${env.kafka.mode}" is not supported by the apps layer: the managed cluster authenticates clients with cloud IAM (MSK: SASL/IAM, GCP Managed Kafka: SASL/OAUTHBEARER), which the engine and API do not implement (they use SCRAM-SHA-512 over TLS); set kafka.mode to "strimzi"`,
    );
  }
  // The same predicates that install the in-cluster services decide that the apps use them.
  const ctx = { env, capabilities: capabilitiesOf(env), infra: {} };
  const dbInCluster = cloudnativePg.enabled(ctx);
  const database = dbInCluster ? inClusterDatabase(env) : services.database;
  const cache = valkey.enabled(ctx) ? inClusterCache : services.cache;
  const appSecrets = services.appSecrets ?? (generatesAppSecrets(env) ? generatedAppSecretNames(env) : undefined);
  const missing = [!database && "database", !cache && "cache", !appSecrets && "appSecrets"].filter(Boolean);
  if (missing.length) throw new Error(`${env.name}: neither the infra layer nor the platform provides the apps' ${missing.join(", ")}`);
  return {
    database: database!,
    // The in-cluster pooler is reached inside the mesh/cluster network; managed databases require TLS.
    databaseSslMode: dbInCluster ? "disable" : "require",
    cache: cache!,
    kafka: strimziKafkaEndpoint(),
    secretStore: secretStore(env),
    appSecrets: appSecrets!,
    registry: services.registry ?? registryOf(env.apps.api.image),
    gateway: { name: PLATFORM_GATEWAY, namespace: GATEWAY_NAMESPACE },
    gatewayDataPlaneNamespace: GATEWAY_NAMESPACE,
    monitoring: { namespace: MONITORING_NAMESPACE, serviceMonitorLabels: { release: "kube-prometheus-stack" } },
    capabilities: { gatewayApi: true, externalSecrets: true, serviceMonitors: env.observability.prometheus },
  };
}

/** Representative values of the infra outputs, for rendering the charts without state (tests, lint:charts). */
export const EXAMPLE_INFRA_OUTPUTS: InfraOutputReader = {
  string: (name) => `example-${name.replaceAll("_", "-")}`,
  number: (name) => (/database/.test(name) ? 5432 : 6379),
  mapValue: (_name, key) => `example-${key}`,
};

/** The endpoints with example infra outputs in place of the state's (tests and `npm run lint:charts`). */
export function defaultAppEndpoints(env: EnvironmentConfig): AppEndpoints {
  return appEndpoints(env, managedServicesFrom(EXAMPLE_INFRA_OUTPUTS, env));
}

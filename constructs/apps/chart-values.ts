/**
 * Helm values of the three app charts, built from the environment and the typed endpoints. Pure
 * functions: the apps stack passes their result to `AppRelease`, tests read them directly, and
 * `npm run lint:charts` renders every chart with them for every environment.
 */
import type { EnvironmentConfig } from "../../environments/schema";
import type { KafkaClientApp } from "../core/contracts";
import type { AppEndpoints } from "./app-endpoints";

/** Release names; also the Services' names, so the frontend and the outputs can refer to them. */
export const RELEASES = { engine: "engine", api: "api", frontend: "frontend" } as const;

/** Kafka topics of the wire contract (seed 001), keyed by role. */
export const KAFKA_TOPICS = {
  input: "matching_engine_input",
  output: "matching_engine_output",
  orderbook: "orderbook_output",
  ticker: "ticker_engine_output",
} as const;

type App = EnvironmentConfig["apps"]["api"] | EnvironmentConfig["apps"]["engine"];

/** Requests from the config; the memory limit equals the request (never overcommitted); CPU may burst. */
function resources(app: App) {
  return { requests: { cpu: app.resources.cpu, memory: app.resources.memory }, limits: { memory: app.resources.memory } };
}

function image(app: App) {
  return { repository: app.image, tag: app.tag, pullPolicy: "IfNotPresent" };
}

function scaling(app: EnvironmentConfig["apps"]["api"]) {
  if (app.autoscaling) {
    return {
      autoscaling: {
        enabled: true,
        minReplicas: app.autoscaling.minReplicas,
        maxReplicas: app.autoscaling.maxReplicas,
        targetCPUUtilizationPercentage: app.autoscaling.targetCpuPercent,
      },
    };
  }
  // The schema requires one of the two; replicas is set when autoscaling is not.
  return { replicas: app.replicas as number, autoscaling: { enabled: false } };
}

function serviceMonitor(ep: AppEndpoints, interval: string) {
  return { enabled: ep.capabilities.serviceMonitors, interval, labels: { ...ep.monitoring.serviceMonitorLabels } };
}

function httpRoute(ep: AppEndpoints, hostname: string) {
  return {
    enabled: ep.capabilities.gatewayApi,
    parentRef: { name: ep.gateway.name, namespace: ep.gateway.namespace, sectionName: ep.gateway.sectionName ?? "" },
    hostnames: [hostname],
  };
}

/**
 * The chart's `kafka` block for one app: TLS, its SASL user, and the ExternalSecret keys of the cluster CA
 * and its password. Refuses an endpoint whose credentials have no store to come from.
 */
function kafkaValues(ep: AppEndpoints, app: KafkaClientApp) {
  const k = ep.kafka;
  if ((k.caSecretName || k.sasl) && !k.credentialsStore) {
    throw new Error("AppEndpoints.kafka names a CA or SASL credentials but no credentialsStore to read them from");
  }
  if (k.sasl && !k.tls) throw new Error("AppEndpoints.kafka.sasl needs tls: the apps never send credentials in clear text");
  const user = k.sasl?.users[app];
  return {
    tls: k.tls,
    sasl: { mechanism: k.sasl?.mechanism ?? "", username: user?.username ?? "" },
    credentials: {
      // Without the operator, an operator-provided Secret <release>-kafka holds ca.crt and password.
      externalSecret: ep.capabilities.externalSecrets,
      storeName: k.credentialsStore ?? "",
      storeKind: "ClusterSecretStore",
      refreshInterval: "1h",
      caKey: k.caSecretName ?? "",
      passwordKey: user?.passwordSecretName ?? "",
    },
  };
}

/** The engine pool's node label and taint, from the environment's pool with role "engine". */
function enginePlacement(env: EnvironmentConfig) {
  const pool = env.cluster.nodePools.find((p) => p.role === "engine");
  if (!pool) throw new Error(`environment ${env.name} has no node pool with role "engine"`);
  return {
    nodeSelector: { ...pool.labels },
    tolerations: pool.taints.map((t) => ({ key: t.key, operator: "Equal", value: t.value, effect: t.effect })),
  };
}

export function engineValues(env: EnvironmentConfig, ep: AppEndpoints): Record<string, unknown> {
  const engine = env.apps.engine;
  return {
    image: image(engine),
    shards: engine.replicas,
    resources: resources(engine),
    ...enginePlacement(env),
    snapshots: { sizeGiB: engine.snapshotGiB, storageClass: engine.storageClass ?? "" },
    config: {
      logLevel: "info",
      kafkaBrokers: ep.kafka.bootstrapServers,
      kafkaPrefix: "",
      inputPartitions: env.kafka.partitions,
    },
    kafka: kafkaValues(ep, "engine"),
    networkPolicy: { enabled: true, monitoringNamespace: ep.monitoring.namespace },
    serviceMonitor: serviceMonitor(ep, "15s"),
  };
}

export function apiValues(env: EnvironmentConfig, ep: AppEndpoints): Record<string, unknown> {
  const api = env.apps.api;
  if (ep.database.engine !== "postgres") {
    throw new Error(`AppEndpoints.database.engine is "${ep.database.engine}", but the API speaks PostgreSQL only`);
  }
  const replicated = api.autoscaling !== undefined || (api.replicas ?? 1) > 1;
  return {
    image: image(api),
    ...scaling(api),
    resources: resources(api),
    config: {
      logLevel: "info",
      kafkaBrokers: ep.kafka.bootstrapServers,
      kafkaPrefix: "",
      redisPrefix: "",
      jwtIssuer: `orderbook-${env.name}`,
      devDepositsEnabled: env.apps.devDeposits,
      // Per-replica counters would multiply the limit by the replica count.
      rateLimitShared: replicated,
      docsEnabled: true,
      trustProxyHops: 1,
    },
    database: {
      host: ep.database.host,
      port: ep.database.port,
      name: ep.database.database,
      username: ep.database.username,
      readHost: ep.database.readHost ?? "",
      sslMode: ep.databaseSslMode,
    },
    cache: { host: ep.cache.host, port: ep.cache.port, tls: ep.cache.tls },
    kafka: kafkaValues(ep, "api"),
    externalSecrets: {
      enabled: ep.capabilities.externalSecrets,
      // Without the operator, an operator-provided Secret of this name holds the same keys.
      existingSecret: ep.capabilities.externalSecrets ? "" : `${RELEASES.api}-env`,
      storeName: ep.secretStore.storeName,
      storeKind: "ClusterSecretStore",
      refreshInterval: "1h",
      remoteKeys: {
        databasePassword: remoteRef(ep, ep.database.passwordSecretName, ep.database.passwordSecretProperty, ep.database.passwordSecretStore),
        cachePassword: remoteRef(ep, ep.cache.authSecretName ?? "", ep.cache.authSecretProperty, ep.cache.authSecretStore),
        jwtSecret: remoteRef(ep, ep.appSecrets.jwtSecret),
        apiKeyEncryptionKey: remoteRef(ep, ep.appSecrets.apiKeyEncryptionKey),
      },
    },
    migration: { enabled: true },
    httpRoute: httpRoute(ep, env.dns.hostnames.api),
    networkPolicy: { enabled: true, gatewayNamespace: ep.gatewayDataPlaneNamespace, monitoringNamespace: ep.monitoring.namespace },
    serviceMonitor: serviceMonitor(ep, "30s"),
  };
}

/**
 * Where one secret's value is: the key, the property inside it, and the store when it is not the
 * environment's (an in-cluster service's credentials store). Without an explicit property, stores that
 * hold maps (Kubernetes Secrets, Vault KV) keep each application secret under `value`; the cloud secret
 * managers hold plain strings.
 */
export const MAP_STORE_PROPERTY = "value";
function remoteRef(ep: AppEndpoints, key: string, property?: string, storeName?: string): { key: string; property: string; storeName: string } {
  const mapStore = ep.secretStore.kind === "kubernetes" || ep.secretStore.kind === "vault-dev";
  return { key, property: property ?? (key && mapStore && !storeName ? MAP_STORE_PROPERTY : ""), storeName: storeName ?? "" };
}

/** In-cluster URL of the API's Service, as the frontend's server side calls it. */
export function apiInternalUrl(namespace: string): string {
  return `http://${RELEASES.api}.${namespace}.svc.cluster.local:3000`;
}

export function frontendValues(env: EnvironmentConfig, ep: AppEndpoints, namespace: string): Record<string, unknown> {
  const frontend = env.apps.frontend;
  return {
    image: image(frontend),
    ...scaling(frontend),
    resources: resources(frontend),
    config: {
      apiUrl: apiInternalUrl(namespace),
      apiPublicUrl: `https://${env.dns.hostnames.api}`,
      sessionCookieSecure: true,
      devDeposits: env.apps.devDeposits,
    },
    httpRoute: httpRoute(ep, env.dns.hostnames.app),
    networkPolicy: { enabled: true, gatewayNamespace: ep.gatewayDataPlaneNamespace, apiPort: 3000 },
  };
}

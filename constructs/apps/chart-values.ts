/**
 * Helm values of the three app charts, built from the environment and the typed endpoints. Pure
 * functions: the apps stack passes their result to `AppRelease`, tests read them directly, and
 * `npm run lint:charts` renders every chart with them for every environment.
 */
import type { EnvironmentConfig } from "../../environments/schema";
import { capabilitiesOf } from "../addons/capabilities";
import type { AppEndpoints } from "./app-endpoints";
import { publicUrl } from "./public-url";

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

/** A CPU quantity ("500m", "2", "1.5") in millicores. */
export function millicores(cpu: string): number {
  const m = /^([0-9]+(?:\.[0-9]+)?)(m?)$/.exec(cpu);
  if (!m) throw new Error(`CPU quantity "${cpu}" is not cores ("2", "1.5") or millicores ("500m")`);
  return m[2] === "m" ? Number(m[1]) : Math.round(Number(m[1]) * 1000);
}

/**
 * Requests from the config; the memory limit equals the request (memory is never overcommitted). The CPU
 * limit is the request times `cpuBurst`: 1 for the engine (Guaranteed QoS: never throttled below its
 * request, last to be evicted, whole cores eligible for exclusive pinning), 2 for the web tiers (room for
 * start-up and bursts, bounded so one pod cannot starve its node's other pods).
 */
function resources(app: App, cpuBurst: 1 | 2) {
  const cpuLimit = cpuBurst === 1 ? app.resources.cpu : `${millicores(app.resources.cpu) * cpuBurst}m`;
  return { requests: { cpu: app.resources.cpu, memory: app.resources.memory }, limits: { cpu: cpuLimit, memory: app.resources.memory } };
}

/** Pulled once per node from the target's registry; never pulled where the images are imported (k3d). */
function image(env: EnvironmentConfig, app: App) {
  return { repository: app.image, tag: app.tag, pullPolicy: capabilitiesOf(env).imageRegistry ? "IfNotPresent" : "Never" };
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

/** The apps talk plaintext Kafka (neither app has TLS or SASL settings): refuse an endpoint that needs TLS. */
function kafkaBrokers(ep: AppEndpoints): string {
  if (ep.kafka.tls) {
    throw new Error("AppEndpoints.kafka.tls is true, but the engine and API have no Kafka TLS settings; expose a plaintext listener inside the cluster network");
  }
  return ep.kafka.bootstrapServers;
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
    image: image(env, engine),
    shards: engine.replicas,
    resources: resources(engine, 1),
    ...enginePlacement(env),
    snapshots: { sizeGiB: engine.snapshotGiB, storageClass: engine.storageClass ?? "" },
    config: {
      logLevel: "info",
      kafkaBrokers: kafkaBrokers(ep),
      kafkaPrefix: "",
      inputPartitions: env.kafka.partitions,
    },
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
    image: image(env, api),
    ...scaling(api),
    resources: resources(api, 2),
    config: {
      logLevel: "info",
      kafkaBrokers: kafkaBrokers(ep),
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
    externalSecrets: {
      enabled: ep.capabilities.externalSecrets,
      // Without the operator, an operator-provided Secret of this name holds the same keys.
      existingSecret: ep.capabilities.externalSecrets ? "" : `${RELEASES.api}-env`,
      storeName: ep.secretStore.storeName,
      storeKind: "ClusterSecretStore",
      refreshInterval: "1h",
      remoteKeys: {
        databasePassword: remoteRef(ep, ep.database.passwordSecretName),
        cachePassword: remoteRef(ep, ep.cache.authSecretName ?? ""),
        jwtPrivateKey: remoteRef(ep, ep.appSecrets.jwtPrivateKey),
        jwtPublicKey: remoteRef(ep, ep.appSecrets.jwtPublicKey),
        apiKeyEncryptionKey: remoteRef(ep, ep.appSecrets.apiKeyEncryptionKey),
      },
    },
    migration: { enabled: true, resources: MIGRATION_RESOURCES },
    httpRoute: httpRoute(ep, env.dns.hostnames.api),
    networkPolicy: { enabled: true, gatewayNamespace: ep.gatewayDataPlaneNamespace, monitoringNamespace: ep.monitoring.namespace },
    serviceMonitor: serviceMonitor(ep, "30s"),
  };
}

/** The schema migration Job (a Helm hook before the API rolls): short, light, counted in the namespace quota. */
export const MIGRATION_RESOURCES = { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } } as const;

/**
 * Where one secret's value is in the store. Stores that hold maps (Kubernetes Secrets, Vault KV) keep
 * each application secret under the property `value`; the cloud secret managers hold plain strings.
 */
export const MAP_STORE_PROPERTY = "value";
function remoteRef(ep: AppEndpoints, key: string): { key: string; property: string } {
  const mapStore = ep.secretStore.kind === "kubernetes" || ep.secretStore.kind === "vault-dev";
  return { key, property: key && mapStore ? MAP_STORE_PROPERTY : "" };
}

/** In-cluster URL of the API's Service, as the frontend's server side calls it. */
export function apiInternalUrl(namespace: string): string {
  return `http://${RELEASES.api}.${namespace}.svc.cluster.local:3000`;
}

export function frontendValues(env: EnvironmentConfig, ep: AppEndpoints, namespace: string): Record<string, unknown> {
  const frontend = env.apps.frontend;
  return {
    image: image(env, frontend),
    ...scaling(frontend),
    resources: resources(frontend, 2),
    config: {
      apiUrl: apiInternalUrl(namespace),
      apiPublicUrl: publicUrl(env, env.dns.hostnames.api),
      // Safari refuses Secure cookies on http://*.localhost; everywhere else the page is HTTPS.
      sessionCookieSecure: publicUrl(env, env.dns.hostnames.app).startsWith("https://"),
      devDeposits: env.apps.devDeposits,
    },
    httpRoute: httpRoute(ep, env.dns.hostnames.app),
    networkPolicy: { enabled: true, gatewayNamespace: ep.gatewayDataPlaneNamespace, apiPort: 3000 },
  };
}

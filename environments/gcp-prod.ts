import { defineEnvironment } from "./schema";

/** Production on GCP: regional cluster, HA database and cache, three Kafka brokers. */
export default defineEnvironment({
  name: "gcp-prod",
  target: "gcp",
  tier: "prod",
  owner: "platform-team",
  costCenter: "exchange",
  labels: { "data-classification": "confidential" },
  gcp: {
    projectId: "orderbook-prod-7310",
    region: "europe-west3",
    privateServiceAccessCidr: "10.28.32.0/20",
    egressAddresses: 2,
    // Lowest-volume hours of the week (UTC); the engine pool drains one node at a time.
    maintenance: {
      days: ["TU", "WE", "TH"],
      start: "03:00",
      durationHours: 4,
      // Year-end volume peak: no upgrade may touch the engine's nodes.
      exclusions: [{ name: "year-end-freeze", start: "2026-12-20T00:00:00Z", end: "2027-01-05T00:00:00Z", scope: "NO_UPGRADES" }],
    },
  },
  network: {
    cidr: "10.20.0.0/20",
    podsCidr: "10.24.0.0/14",
    servicesCidr: "10.28.0.0/20",
    controlPlaneCidr: "10.28.16.0/28",
    zoneCount: 3,
  },
  cluster: {
    kubernetesVersion: "1.35",
    deletionProtection: true,
    authorizedNetworks: [{ name: "office-vpn", cidr: "192.168.64.0/20" }],
    nodePools: [
      { name: "general", role: "general", machineType: "e2-standard-8", minNodes: 1, maxNodes: 6 },
      {
        name: "engine",
        role: "engine",
        machineType: "c3-standard-8",
        minNodes: 1,
        maxNodes: 3,
        diskGiB: 100,
        taints: [{ key: "orderbook.dev/dedicated", value: "engine", effect: "NoSchedule" }],
        labels: { "orderbook.dev/pool": "engine" },
      },
    ],
  },
  database: {
    version: "17",
    instanceSize: "db-custom-8-30720",
    diskGiB: 200,
    highAvailability: true,
    deletionProtection: true,
    backups: { enabled: true, retentionDays: 30, pointInTimeRecovery: true },
    readReplica: true,
  },
  cache: { engine: "redis", version: "7.2", memoryGiB: 5, highAvailability: true },
  kafka: { mode: "strimzi", brokers: 3, partitions: 12, replicationFactor: 3, storageGiB: 200 },
  secrets: { backend: "gcp-secret-manager" },
  ingress: { controller: "istio" },
  dns: {
    domain: "orderbook.example.com",
    hostnames: { app: "app.orderbook.example.com", api: "api.orderbook.example.com", grafana: "grafana.orderbook.example.com" },
    tls: { issuer: "letsencrypt", email: "platform@orderbook.example.com" },
  },
  observability: { logRetentionDays: 30 },
  apps: {
    engine: { image: "europe-west3-docker.pkg.dev/orderbook-prod-7310/orderbook/engine", tag: "0.1.0", replicas: 1, resources: { cpu: "4", memory: "8Gi" } },
    api: { image: "europe-west3-docker.pkg.dev/orderbook-prod-7310/orderbook/api", tag: "0.1.0", autoscaling: { minReplicas: 3, maxReplicas: 10 }, resources: { cpu: "1", memory: "1Gi" } },
    frontend: { image: "europe-west3-docker.pkg.dev/orderbook-prod-7310/orderbook/frontend", tag: "0.1.0", autoscaling: { minReplicas: 3, maxReplicas: 10 }, resources: { cpu: "500m", memory: "512Mi" } },
  },
  ci: { githubRepository: "example-org/orderbook-platform", deployEnvironment: "prod-gcp", planEnvironment: "plan-gcp-prod" },
  state: { backend: "gcs", bucket: "orderbook-prod-7310-tfstate", prefix: "orderbook/gcp-prod" },
  cost: {},
});

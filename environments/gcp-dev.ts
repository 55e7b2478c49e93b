import { defineEnvironment } from "./schema";

/** Shared development environment on GCP: small, zonal where it saves money, spot nodes. */
export default defineEnvironment({
  name: "gcp-dev",
  target: "gcp",
  tier: "dev",
  owner: "platform-team",
  costCenter: "engineering",
  gcp: {
    projectId: "orderbook-dev-4821",
    region: "europe-west3",
    privateServiceAccessCidr: "10.16.32.0/20",
    egressAddresses: 0,
    // Lowest-volume hours of the week (UTC); the engine pool drains one node at a time.
    maintenance: {
      days: ["TU", "WE", "TH"],
      start: "03:00",
      durationHours: 4,
    },
  },
  network: {
    cidr: "10.10.0.0/20",
    podsCidr: "10.12.0.0/14",
    servicesCidr: "10.16.0.0/20",
    controlPlaneCidr: "10.16.16.0/28",
    zoneCount: 1,
  },
  cluster: {
    kubernetesVersion: "1.35",
    authorizedNetworks: [{ name: "office-vpn", cidr: "192.168.64.0/20" }],
    nodePools: [
      { name: "general", role: "general", machineType: "e2-standard-4", minNodes: 1, maxNodes: 4, spot: true },
      {
        name: "engine",
        role: "engine",
        machineType: "c3-standard-4",
        minNodes: 1,
        maxNodes: 2,
        taints: [{ key: "orderbook.dev/dedicated", value: "engine", effect: "NoSchedule" }],
        labels: { "orderbook.dev/pool": "engine" },
      },
    ],
  },
  database: {
    version: "17",
    instanceSize: "db-custom-2-7680",
    diskGiB: 20,
    highAvailability: false,
    deletionProtection: false,
    backups: { enabled: true, retentionDays: 3, pointInTimeRecovery: false },
  },
  cache: { engine: "redis", version: "7.2", memoryGiB: 1, highAvailability: false },
  kafka: { mode: "strimzi", brokers: 1, partitions: 6, replicationFactor: 1, storageGiB: 20 },
  secrets: { backend: "gcp-secret-manager" },
  ingress: { controller: "istio" },
  dns: {
    domain: "dev.orderbook.example.com",
    hostnames: {
      app: "app.dev.orderbook.example.com",
      api: "api.dev.orderbook.example.com",
      grafana: "grafana.dev.orderbook.example.com",
    },
    tls: { issuer: "letsencrypt-staging", email: "platform@orderbook.example.com" },
  },
  observability: { logRetentionDays: 7 },
  apps: {
    engine: { image: "europe-west3-docker.pkg.dev/orderbook-dev-4821/orderbook/engine", tag: "0.1.0", replicas: 1, resources: { cpu: "1", memory: "1Gi" } },
    api: { image: "europe-west3-docker.pkg.dev/orderbook-dev-4821/orderbook/api", tag: "0.1.0", replicas: 2, resources: { cpu: "500m", memory: "512Mi" } },
    frontend: { image: "europe-west3-docker.pkg.dev/orderbook-dev-4821/orderbook/frontend", tag: "0.1.0", replicas: 1, resources: { cpu: "250m", memory: "512Mi" } },
  },
  ci: { githubRepository: "example-org/orderbook-platform", deployEnvironment: "dev-gcp", planEnvironment: "plan-gcp-dev" },
  state: { backend: "gcs", bucket: "orderbook-dev-4821-tfstate", prefix: "orderbook/gcp-dev" },
  cost: { spotNodes: true },
});

import { defineEnvironment } from "./schema";

/** A developer's Mac Mini: one k3d cluster with every data service in the cluster. */
export default defineEnvironment({
  name: "local",
  target: "local",
  tier: "dev",
  owner: "platform-team",
  costCenter: "engineering",
  local: { k3sImage: "rancher/k3s:v1.35.4-k3s1", httpPort: 8080, httpsPort: 8443, apiPort: 6550 },
  network: { cidr: "172.28.0.0/16", podsCidr: "10.42.0.0/16", servicesCidr: "10.43.0.0/16", zoneCount: 1 },
  cluster: {
    kubernetesVersion: "1.35",
    nodePools: [
      { name: "general", role: "general", machineType: "k3d-agent", minNodes: 1, maxNodes: 1 },
      {
        name: "engine",
        role: "engine",
        machineType: "k3d-agent",
        minNodes: 1,
        maxNodes: 1,
        taints: [{ key: "orderbook.dev/dedicated", value: "engine", effect: "NoSchedule" }],
        labels: { "orderbook.dev/pool": "engine" },
      },
    ],
  },
  database: {
    version: "17",
    instanceSize: "500m",
    diskGiB: 10,
    highAvailability: false,
    deletionProtection: false,
    backups: { enabled: false, retentionDays: 1, pointInTimeRecovery: false },
  },
  cache: { version: "8.1", memoryGiB: 0.5, highAvailability: false },
  kafka: { mode: "strimzi", brokers: 1, partitions: 3, replicationFactor: 1, storageGiB: 5 },
  secrets: { backend: "vault-dev" },
  ingress: { controller: "nginx" },
  dns: {
    // *.localhost resolves to 127.0.0.1 without /etc/hosts (RFC 6761); the gateway listens on 127.0.0.1:8080.
    domain: "localhost",
    hostnames: { app: "app.localhost", api: "api.localhost", grafana: "grafana.localhost", kafkaUi: "kafka.localhost", pgadmin: "pgadmin.localhost" },
    tls: { issuer: "self-signed" },
  },
  observability: { logRetentionDays: 3, prometheus: true },
  addons: { metricsRetentionDays: 3 },
  apps: {
    engine: { image: "orderbook/engine", tag: "0.1.0", replicas: 1, resources: { cpu: "500m", memory: "512Mi" } },
    api: { image: "orderbook/api", tag: "0.1.0", replicas: 1, resources: { cpu: "250m", memory: "256Mi" } },
    frontend: { image: "orderbook/frontend", tag: "0.1.0", replicas: 1, resources: { cpu: "100m", memory: "256Mi" } },
  },
  state: { backend: "local", path: "terraform-state" },
  cost: {},
});

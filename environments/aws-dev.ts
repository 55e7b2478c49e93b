import { defineEnvironment } from "./schema";

/** Shared development environment on AWS: two AZs, one NAT gateway, spot general nodes. */
export default defineEnvironment({
  name: "aws-dev",
  target: "aws",
  tier: "dev",
  owner: "platform-team",
  costCenter: "engineering",
  aws: {
    accountId: "111122223333",
    region: "eu-central-1",
    access: {
      deployRoleArn: "arn:aws:iam::111122223333:role/orderbook-ci-deploy",
      adminPrincipalArns: ["arn:aws:iam::111122223333:role/orderbook-platform-admin"],
    },
    // Nodes off outside working hours (Mon-Fri 07:00-20:00 Berlin time).
    scaleDown: { downCron: "0 20 * * 1-5", upCron: "0 7 * * 1-5", timeZone: "Europe/Berlin" },
  },
  network: { cidr: "10.30.0.0/16", podsCidr: "10.31.0.0/16", servicesCidr: "172.20.0.0/16", zoneCount: 2 },
  cluster: {
    kubernetesVersion: "1.35",
    authorizedNetworks: [{ name: "office-vpn", cidr: "192.168.64.0/20" }],
    nodePools: [
      { name: "general", role: "general", machineType: "m7i.large", minNodes: 1, maxNodes: 4, spot: true },
      {
        name: "engine",
        role: "engine",
        machineType: "c7i.xlarge",
        minNodes: 1,
        maxNodes: 2,
        taints: [{ key: "orderbook.dev/dedicated", value: "engine", effect: "NoSchedule" }],
        labels: { "orderbook.dev/pool": "engine" },
      },
    ],
  },
  database: {
    version: "17",
    instanceSize: "db.t4g.medium",
    diskGiB: 20,
    highAvailability: false,
    deletionProtection: false,
    backups: { enabled: true, retentionDays: 3, pointInTimeRecovery: true },
  },
  cache: { engine: "valkey", version: "8.0", memoryGiB: 1, highAvailability: false },
  kafka: { mode: "strimzi", brokers: 1, partitions: 6, replicationFactor: 1, storageGiB: 20 },
  secrets: { backend: "aws-secrets-manager" },
  ingress: { controller: "nginx" },
  dns: {
    domain: "dev.orderbook.example.net",
    hostnames: {
      app: "app.dev.orderbook.example.net",
      api: "api.dev.orderbook.example.net",
      grafana: "grafana.dev.orderbook.example.net",
    },
    tls: { issuer: "letsencrypt-staging", email: "platform@orderbook.example.net" },
  },
  observability: { logRetentionDays: 7 },
  apps: {
    engine: { image: "111122223333.dkr.ecr.eu-central-1.amazonaws.com/orderbook/engine", tag: "0.1.0", replicas: 1, resources: { cpu: "1", memory: "1Gi" } },
    api: { image: "111122223333.dkr.ecr.eu-central-1.amazonaws.com/orderbook/api", tag: "0.1.0", replicas: 2, resources: { cpu: "500m", memory: "512Mi" } },
    frontend: { image: "111122223333.dkr.ecr.eu-central-1.amazonaws.com/orderbook/frontend", tag: "0.1.0", replicas: 1, resources: { cpu: "250m", memory: "512Mi" } },
  },
  ci: { githubRepository: "example-org/orderbook-platform", deployEnvironment: "dev-aws", planEnvironment: "plan-aws-dev" },
  state: { backend: "s3", bucket: "orderbook-111122223333-tfstate", keyPrefix: "orderbook/aws-dev", region: "eu-central-1" },
  cost: { spotNodes: true, singleNatGateway: true },
});

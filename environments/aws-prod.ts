import { defineEnvironment } from "./schema";

/** Production on AWS: three AZs, a NAT gateway per AZ, Multi-AZ database and cache. */
export default defineEnvironment({
  name: "aws-prod",
  target: "aws",
  tier: "prod",
  owner: "platform-team",
  costCenter: "exchange",
  labels: { "data-classification": "confidential" },
  aws: {
    accountId: "444455556666",
    region: "eu-central-1",
    access: {
      deployRoleArn: "arn:aws:iam::444455556666:role/orderbook-ci-deploy",
      adminPrincipalArns: ["arn:aws:iam::444455556666:role/orderbook-platform-admin"],
    },
  },
  network: { cidr: "10.40.0.0/16", podsCidr: "10.41.0.0/16", servicesCidr: "172.20.0.0/16", zoneCount: 3 },
  cluster: {
    kubernetesVersion: "1.35",
    deletionProtection: true,
    authorizedNetworks: [{ name: "office-vpn", cidr: "192.168.64.0/20" }],
    nodePools: [
      { name: "general", role: "general", machineType: "m7i.xlarge", minNodes: 2, maxNodes: 8 },
      {
        name: "engine",
        role: "engine",
        machineType: "c7i.2xlarge",
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
    instanceSize: "db.r7g.xlarge",
    diskGiB: 200,
    highAvailability: true,
    deletionProtection: true,
    backups: { enabled: true, retentionDays: 30, pointInTimeRecovery: true },
    readReplica: true,
  },
  cache: { engine: "valkey", version: "8.0", memoryGiB: 6, highAvailability: true },
  kafka: { mode: "strimzi", brokers: 3, partitions: 12, replicationFactor: 3, storageGiB: 200 },
  secrets: { backend: "aws-secrets-manager" },
  ingress: { controller: "istio" },
  dns: {
    domain: "orderbook.example.net",
    hostnames: { app: "app.orderbook.example.net", api: "api.orderbook.example.net", grafana: "grafana.orderbook.example.net" },
    tls: { issuer: "letsencrypt", email: "platform@orderbook.example.net" },
  },
  observability: { logRetentionDays: 30 },
  apps: {
    engine: { image: "444455556666.dkr.ecr.eu-central-1.amazonaws.com/orderbook/engine", tag: "0.1.0", replicas: 1, resources: { cpu: "4", memory: "8Gi" } },
    api: { image: "444455556666.dkr.ecr.eu-central-1.amazonaws.com/orderbook/api", tag: "0.1.0", autoscaling: { minReplicas: 3, maxReplicas: 10 }, resources: { cpu: "1", memory: "1Gi" } },
    frontend: { image: "444455556666.dkr.ecr.eu-central-1.amazonaws.com/orderbook/frontend", tag: "0.1.0", autoscaling: { minReplicas: 3, maxReplicas: 10 }, resources: { cpu: "500m", memory: "512Mi" } },
  },
  ci: { githubRepository: "example-org/orderbook-platform", deployEnvironment: "prod-aws", planEnvironment: "plan-aws-prod" },
  state: { backend: "s3", bucket: "orderbook-444455556666-tfstate", keyPrefix: "orderbook/aws-prod", region: "eu-central-1" },
  cost: {},
});

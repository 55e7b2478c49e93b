import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import type { AwsEnvironment } from "../../environments/schema";
import { Cache } from "../../constructs/aws/cache";
import { ContainerRepository } from "../../constructs/aws/container-repository";
import { DataEncryptionKey } from "../../constructs/aws/data-encryption-key";
import { EksCluster } from "../../constructs/aws/eks-cluster";
import { GeneratedSecret } from "../../constructs/aws/generated-secret";
import { KafkaCluster } from "../../constructs/aws/kafka-cluster";
import { LogBucket } from "../../constructs/aws/log-bucket";
import { LogEncryptionKey } from "../../constructs/aws/log-encryption-key";
import { AwsNetwork } from "../../constructs/aws/network";
import { PlatformIdentities } from "../../constructs/aws/platform-identities";
import { PostgresDatabase } from "../../constructs/aws/postgres-database";
import type { Naming } from "../../constructs/core/naming";
import { standardTags } from "../../constructs/core/tagging-aspect";
import { nodePoolSpecs, type InfraOutputs, type UpperLayerInputs } from "./target";

/** The ECR registry of an account and region. */
export function ecrRegistry(accountId: string, region: string): string {
  return `${accountId}.dkr.ecr.${region}.amazonaws.com`;
}

/**
 * AWS: a VPC across the environment's zones, an EKS cluster with managed node groups, and the managed
 * services the apps use (RDS PostgreSQL, ElastiCache, MSK when `kafka.mode` is "managed"), their secrets,
 * the platform controllers' Pod Identity roles, ECR repositories and the Route 53 zone. Everything the
 * upper stacks, CI and app teams read is a named output (see docs/aws.md).
 */
export function awsInfra(scope: Construct, env: AwsEnvironment, naming: Naming): InfraOutputs {
  const { accountId, region } = env.aws;
  // allowed_account_ids: credentials for the wrong account fail the plan instead of changing it.
  new AwsProvider(scope, "aws", { region, allowedAccountIds: [accountId] });
  const clusterName = naming.name(["eks"], 100);
  const logKey = new LogEncryptionKey(scope, "log-key", { naming, region }).key;
  const key = new DataEncryptionKey(scope, "data-key", {
    naming,
    region,
    accountId,
    services: ["rds", "elasticache", "secretsmanager", "s3", "ecr", "kafka"],
  }).key;
  const network = new AwsNetwork(scope, "network", {
    naming,
    region,
    accountId,
    cidr: env.network.cidr,
    zoneCount: env.network.zoneCount,
    subnets: env.aws.subnets,
    singleNatGateway: env.cost.singleNatGateway,
    clusterName,
    flowLogRetentionDays: env.observability.logRetentionDays,
    logKey,
  });
  const eks = new EksCluster(scope, "eks", {
    naming,
    region,
    accountId,
    network,
    kubernetesVersion: env.cluster.kubernetesVersion,
    servicesCidr: env.network.servicesCidr,
    privateEndpoint: env.cluster.privateEndpoint,
    authorizedNetworks: env.cluster.authorizedNetworks,
    deletionProtection: env.cluster.deletionProtection,
    deployRoleArn: env.aws.access.deployRoleArn,
    adminPrincipalArns: env.aws.access.adminPrincipalArns,
    logRetentionDays: env.observability.logRetentionDays,
    logKey,
    nodeGroups: nodePoolSpecs(env),
    scaleDown: env.aws.scaleDown,
    launchTags: standardTags({ environment: env.name, owner: env.owner, costCenter: env.costCenter, extra: env.labels }),
  });
  const nodes = eks.nodeSecurityGroupId;

  const db = env.database;
  const database = new PostgresDatabase(scope, "database", {
    naming,
    network,
    version: db.version,
    instanceClass: db.instanceSize,
    storageGiB: db.diskGiB,
    multiAz: db.highAvailability,
    deletionProtection: db.deletionProtection,
    backupRetentionDays: db.backups.enabled ? db.backups.retentionDays : 0,
    readReplica: db.readReplica,
    key,
    clientSecurityGroupId: nodes,
  });
  const cache = new Cache(scope, "cache", {
    naming,
    network,
    engine: env.cache.engine,
    version: env.cache.version,
    memoryGiB: env.cache.memoryGiB,
    highAvailability: env.cache.highAvailability,
    key,
    clientSecurityGroupId: nodes,
  });
  const kafka =
    env.kafka.mode === "managed"
      ? new KafkaCluster(scope, "kafka", {
          naming,
          network,
          kind: env.aws.msk.kind,
          brokers: env.kafka.brokers,
          brokerInstanceType: env.aws.msk.brokerInstanceType,
          storageGiB: env.kafka.storageGiB,
          key,
          clientSecurityGroupId: nodes,
        })
      : undefined;

  // Application secrets live in Secrets Manager only when the environment reads secrets from there.
  const appSecrets =
    env.secrets.backend === "aws-secrets-manager"
      ? [
          new GeneratedSecret(scope, "jwt-signing-key", { naming, name: "jwt-signing-key", description: "HMAC key the API signs session tokens with", key }),
          // 64 hex digits: the 32-byte AES key the API reads from API_KEY_ENCRYPTION_KEY.
          new GeneratedSecret(scope, "api-key-encryption-key", { naming, name: "api-key-encryption-key", description: "Key the API encrypts stored API keys with", key, hex: true }),
        ]
      : [];

  const zone = new Route53Zone(scope, "zone", { name: env.dns.domain, comment: `Public zone of ${env.name}` });
  const lokiBucket = new LogBucket(scope, "loki-bucket", { naming, purpose: "loki", accountId, key, retentionDays: env.observability.logRetentionDays });
  const identities = new PlatformIdentities(scope, "identities", {
    naming,
    region,
    accountId,
    // The plain name: the policies use it inside condition keys, where a token cannot go. The trust policy's
    // reference to the cluster's ARN still orders the roles and associations after the cluster.
    clusterName: eks.name,
    clusterArn: eks.cluster.arn,
    secretArns: [database.masterSecretArn, cache.authSecret.secret.arn, ...appSecrets.map((s) => s.secret.arn)],
    key,
    zoneId: zone.zoneId,
    lokiBucketArn: lokiBucket.bucket.arn,
  });

  // One repository per app image that lives in this environment's own registry.
  const registry = ecrRegistry(accountId, region);
  const repositories = [...new Set([env.apps.engine, env.apps.api, env.apps.frontend].map((a) => a.image))]
    .filter((image) => image.startsWith(`${registry}/`))
    .map((image) => image.slice(registry.length + 1));
  repositories.forEach((name) => new ContainerRepository(scope, `ecr-${name.replace(/\//g, "-")}`, { name, key }));

  const output = (id: string, value: unknown, description: string) => new TerraformOutput(scope, id, { value, description });
  output("database_endpoint", database.endpoint.host, "PostgreSQL host (RDS primary); TLS is required");
  output("database_port", database.endpoint.port, "PostgreSQL port");
  output("database_name", database.endpoint.database, "Application database");
  output("database_username", database.endpoint.username, "Master user; its password is in the secret named by database_password_secret");
  output("database_password_secret", database.endpoint.passwordSecretName, "ARN of the Secrets Manager secret (managed by RDS) with the master user's password");
  if (database.endpoint.readHost) output("database_read_endpoint", database.endpoint.readHost, "Host of the `report` read replica");
  output("cache_endpoint", cache.endpoint.host, "Primary endpoint of the cache (TLS required)");
  output("cache_port", cache.endpoint.port, "Cache port");
  output("cache_auth_secret", cache.endpoint.authSecretName, "Name of the Secrets Manager secret with the cache's AUTH token");
  if (kafka) output("kafka_bootstrap_servers", kafka.endpoint.bootstrapServers, "MSK bootstrap servers (SASL/IAM over TLS)");
  output("secret_store_kind", env.secrets.backend, "Where application secrets live (External Secrets' provider)");
  output(
    "app_secret_names",
    Object.fromEntries(appSecrets.map((s) => [s.node.id, s.secret.name])),
    "Secrets Manager names of the apps' secrets, by purpose",
  );
  output("registry_url", registry, "ECR registry of the environment's images");
  output("vpc_id", network.vpc.id, "VPC of the cluster (AWS Load Balancer Controller)");
  output("repositories", repositories, "ECR repositories (immutable tags, scanned on push)");
  output("dns_zone_id", zone.zoneId, "Route 53 zone of dns.domain");
  output("dns_zone_name_servers", zone.nameServers, "Delegate dns.domain to these name servers at the parent zone");
  output("loki_bucket", lokiBucket.bucket.bucket, "S3 bucket of Loki's chunks and index");
  output(
    "pod_identity_role_arns",
    Object.fromEntries(Object.entries(identities.roles).map(([w, r]) => [w, r.role.arn])),
    "Pod Identity roles of the platform controllers, by workload (already associated with their service accounts)",
  );
  return { access: eks.access };
}

/** What the platform and apps stacks read from an AWS environment's infra outputs. */
export const awsUpperLayerInputs: UpperLayerInputs<AwsEnvironment> = {
  platform: (read) => ({ logBucket: read.string("loki_bucket"), route53ZoneId: read.string("dns_zone_id"), vpcId: read.string("vpc_id") }),
  services: (read, env) => {
    // The database's password (managed by RDS) and the cache's token are Secrets Manager secrets.
    if (env.secrets.backend !== "aws-secrets-manager") {
      throw new Error(`${env.name}: secrets.backend "${env.secrets.backend}" cannot give the apps the RDS password and the cache token, which live in Secrets Manager; use "aws-secrets-manager"`);
    }
    return {
      database: {
        engine: env.database.engine,
        host: read.string("database_endpoint"),
        port: read.number("database_port"),
        database: read.string("database_name"),
        username: read.string("database_username"),
        passwordSecretName: read.string("database_password_secret"),
        // RDS keeps the master credentials as JSON {"username", "password"}.
        passwordSecretProperty: "password",
        readHost: env.database.readReplica ? read.string("database_read_endpoint") : undefined,
      },
      // ElastiCache's certificate is publicly trusted: no CA secret.
      cache: { host: read.string("cache_endpoint"), port: read.number("cache_port"), tls: true, authSecretName: read.string("cache_auth_secret") },
      registry: read.string("registry_url"),
      appSecrets: { jwtSecret: read.mapValue("app_secret_names", "jwt-signing-key"), apiKeyEncryptionKey: read.mapValue("app_secret_names", "api-key-encryption-key") },
    };
  },
};

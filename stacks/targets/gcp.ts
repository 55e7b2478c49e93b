import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { Fn, TerraformLocal, TerraformOutput, dependable } from "cdktf";
import type { Construct } from "constructs";
import type { GcpEnvironment } from "../../environments/schema";
import { gcpZones } from "../../environments/regions";
import { CONTRACT_TOPICS, type CacheEndpoint, type DatabaseEndpoint, type KafkaEndpoint, type SecretStore } from "../../constructs/core/contracts";
import type { Naming } from "../../constructs/core/naming";
import { ApiEnablement } from "../../constructs/gcp/api-enablement";
import { ArtifactRegistry } from "../../constructs/gcp/artifact-registry";
import { CloudSql } from "../../constructs/gcp/cloud-sql";
import { DnsZone } from "../../constructs/gcp/dns-zone";
import { GkeCluster } from "../../constructs/gcp/gke-cluster";
import { LogBucket } from "../../constructs/gcp/log-bucket";
import { ManagedKafka } from "../../constructs/gcp/managed-kafka";
import { Memorystore } from "../../constructs/gcp/memorystore";
import { GcpNetwork } from "../../constructs/gcp/network";
import { PrivateServiceAccess } from "../../constructs/gcp/private-service-access";
import { GcpSecret } from "../../constructs/gcp/secret";
import { SecretsEncryptionKey } from "../../constructs/gcp/secrets-encryption-key";
import { WorkloadIdentity } from "../../constructs/gcp/workload-identity";
import { CLUSTER_SECRET_STORE } from "../../constructs/addons/external-secrets";
import { LOKI_NAMESPACE } from "../../constructs/addons/loki";
import { nodePoolSpecs, type InfraOutputs, type UpperLayerInputs } from "./target";

/**
 * The Kubernetes service accounts that act as Google service accounts. The platform's add-ons must run
 * under exactly these names (namespace/name), or Workload Identity will not hand them a token.
 */
export const GCP_WORKLOAD_IDENTITIES = {
  externalSecrets: { name: "eso", namespace: "external-secrets", kubernetesServiceAccount: "external-secrets" },
  externalDns: { name: "external-dns", namespace: "external-dns", kubernetesServiceAccount: "external-dns" },
  certManager: { name: "cert-manager", namespace: "cert-manager", kubernetesServiceAccount: "cert-manager" },
  loki: { name: "loki", namespace: LOKI_NAMESPACE, kubernetesServiceAccount: "loki" },
} as const;

/** The platform's ClusterSecretStore, which reads Secret Manager on GCP. */
export const GCP_SECRET_STORE = CLUSTER_SECRET_STORE;

/** Output holding each Workload Identity account's email, by the add-on whose service account it annotates. */
const GSA_OUTPUTS = { "external-secrets": "gsa_external_secrets", "external-dns": "gsa_external_dns", "cert-manager": "gsa_cert_manager", loki: "gsa_loki" } as const;

/** The app database and its owner. */
const DATABASE = { name: "orderbook", username: "orderbook_app" };

/**
 * A generated secret: 256 random bits from two UUIDv4s (Terraform's uuid() reads crypto/rand). It is
 * re-evaluated on every run, so it may only feed write-only arguments, which are sent once per
 * `*_wo_version` and never stored; both consumers of one local see the same value within a run.
 */
function generatedSecret(scope: Construct, id: string): string {
  const part = () => Fn.replace(Fn.uuid(), "-", "");
  return new TerraformLocal(scope, id, Fn.join("", [part(), part()])).asString;
}

/** A named, documented output: CI and app teams read these, not cdktf's generated names. */
function output(scope: Construct, name: string, value: string | number | boolean, description: string): void {
  new TerraformOutput(scope, name, { value, description });
}

/**
 * GCP: a VPC with Cloud NAT, a private GKE cluster reachable through its DNS endpoint, Cloud SQL and
 * Memorystore on Private Service Access, Secret Manager secrets readable only by External Secrets, the
 * platform's Workload Identity accounts, Artifact Registry, Cloud DNS and, in managed mode, Kafka.
 * Every resource waits for its API, so the first apply works on an empty project.
 */
export function gcpInfra(scope: Construct, env: GcpEnvironment, naming: Naming): InfraOutputs {
  const { projectId, region } = env.gcp;
  new GoogleProvider(scope, "google", { project: projectId, region });
  const zones = env.gcp.zones ?? gcpZones(region).slice(0, env.network.zoneCount);

  const network = new GcpNetwork(scope, "network", {
    naming,
    region,
    cidr: env.network.cidr,
    podsCidr: env.network.podsCidr,
    servicesCidr: env.network.servicesCidr,
    egressAddresses: env.gcp.egressAddresses,
  });
  const kms = new SecretsEncryptionKey(scope, "secrets-key", { naming, projectId, region });
  const gke = new GkeCluster(scope, "gke", {
    naming,
    projectId,
    region,
    network,
    zones,
    kubernetesVersion: env.cluster.kubernetesVersion,
    controlPlaneCidr: env.network.controlPlaneCidr,
    privateEndpoint: env.cluster.privateEndpoint,
    authorizedNetworks: env.cluster.authorizedNetworks,
    deletionProtection: env.cluster.deletionProtection,
    nodePools: nodePoolSpecs(env),
    maintenance: env.gcp.maintenance,
    secretsEncryptionKeyId: kms.key.id,
    // The platform installs Istio or NGINX Gateway Fabric, which own the Gateway API CRDs.
    managedGatewayApi: false,
    dependsOn: [kms.grant],
  });

  const identity = (key: keyof typeof GCP_WORKLOAD_IDENTITIES) =>
    new WorkloadIdentity(scope, `wi-${GCP_WORKLOAD_IDENTITIES[key].name}`, { naming, projectId, cluster: gke.cluster, ...GCP_WORKLOAD_IDENTITIES[key] });
  const eso = identity("externalSecrets");
  const externalDns = identity("externalDns");
  const certManager = identity("certManager");
  const loki = identity("loki");

  const psa = new PrivateServiceAccess(scope, "psa", { naming, network, cidr: env.gcp.privateServiceAccessCidr });

  const dbPassword = generatedSecret(scope, "db_password");
  const sql = new CloudSql(scope, "sql", {
    naming,
    projectId,
    region,
    network,
    privateServiceAccess: psa.connection,
    engine: env.database.engine,
    version: env.database.version,
    tier: env.database.instanceSize,
    diskGiB: env.database.diskGiB,
    highAvailability: env.database.highAvailability,
    deletionProtection: env.database.deletionProtection,
    backups: env.database.backups,
    readReplica: env.database.readReplica,
    databaseName: DATABASE.name,
    username: DATABASE.username,
    password: dbPassword,
  });
  const cache = new Memorystore(scope, "cache", {
    naming,
    projectId,
    region,
    zones,
    network,
    privateServiceAccess: psa.connection,
    version: env.cache.version,
    memoryGiB: env.cache.memoryGiB,
    highAvailability: env.cache.highAvailability,
  });

  const secret = (id: string, value: string) =>
    new GcpSecret(scope, `secret-${id}`, { projectId, region, secretId: naming.name([id], 255), value, readers: [eso.member] });
  const secrets = {
    database: secret("db-password", dbPassword),
    cacheAuth: secret("cache-auth", cache.instance.authString),
    cacheCa: secret("cache-ca", cache.instance.serverCaCerts.get(0).cert),
    jwt: secret("jwt-signing-key", generatedSecret(scope, "jwt_signing_key")),
    apiKeyEncryption: secret("api-key-encryption-key", generatedSecret(scope, "api_key_encryption_key")),
  };

  const registry = new ArtifactRegistry(scope, "registry", { projectId, region, repositoryId: "orderbook" });
  const dns = new DnsZone(scope, "dns", {
    naming,
    projectId,
    domain: env.dns.domain,
    recordAdmins: [externalDns.member, certManager.member],
    // cert-manager is given the zone's name in its issuer; ExternalDNS always lists the project's zones.
    zoneListers: [externalDns.member],
  });
  const logs = new LogBucket(scope, "loki-bucket", {
    projectId,
    region,
    name: `${projectId}-${naming.name(["loki"])}`.slice(0, 63),
    retentionDays: env.observability.logRetentionDays,
    writer: loki.member,
  });
  const kafka =
    env.kafka.mode === "managed"
      ? new ManagedKafka(scope, "kafka", {
          naming,
          projectId,
          region,
          network,
          // 3 vCPUs per configured broker, the smallest Managed Kafka cluster for one.
          vcpus: 3 * env.kafka.brokers,
          memoryGiBPerVcpu: 4,
          topics: CONTRACT_TOPICS,
          partitions: env.kafka.partitions,
          replicationFactor: env.kafka.replicationFactor,
          storageGiB: env.kafka.storageGiB,
        })
      : undefined;

  const apis = new ApiEnablement(scope, "apis", { projectId, scope });
  // Google creates GKE's service agent when the Kubernetes Engine API is enabled; the key grant names it.
  kms.grant.dependsOn = [...(kms.grant.dependsOn ?? []), dependable(apis.services.get("container.googleapis.com")!)];

  const database: DatabaseEndpoint = {
    engine: env.database.engine,
    host: sql.instance.privateIpAddress,
    port: sql.port,
    database: DATABASE.name,
    username: DATABASE.username,
    passwordSecretName: secrets.database.secret.secretId,
    readHost: sql.replica?.privateIpAddress,
  };
  const cacheEndpoint: CacheEndpoint = {
    host: cache.instance.host,
    port: 6378, // Memorystore serves TLS on 6378.
    tls: true,
    authSecretName: secrets.cacheAuth.secret.secretId,
    caSecretName: secrets.cacheCa.secret.secretId,
  };
  const secretStore: SecretStore = { kind: "gcp-secret-manager", storeName: GCP_SECRET_STORE };

  output(scope, "database_engine", database.engine, "DatabaseEndpoint.engine: postgres or mysql");
  output(scope, "database_host", database.host, "DatabaseEndpoint.host: private IP of the Cloud SQL primary (TLS required)");
  output(scope, "database_port", database.port, "DatabaseEndpoint.port");
  output(scope, "database_name", database.database, "DatabaseEndpoint.database: the app database");
  output(scope, "database_username", database.username, "DatabaseEndpoint.username: the app user");
  output(scope, "database_password_secret", database.passwordSecretName, "DatabaseEndpoint.passwordSecretName: Secret Manager secret id holding the app user's password");
  if (database.readHost) output(scope, "database_read_host", database.readHost, "DatabaseEndpoint.readHost: private IP of the `report` read replica");
  output(scope, "cache_host", cacheEndpoint.host, "CacheEndpoint.host: private IP of Memorystore for Redis");
  output(scope, "cache_port", cacheEndpoint.port, "CacheEndpoint.port: the TLS port");
  output(scope, "cache_tls", cacheEndpoint.tls, "CacheEndpoint.tls: always true (server authentication)");
  output(scope, "cache_auth_secret", cacheEndpoint.authSecretName!, "CacheEndpoint.authSecretName: Secret Manager secret id holding the AUTH string");
  output(scope, "cache_ca_secret", cacheEndpoint.caSecretName!, "CacheEndpoint.caSecretName: Secret Manager secret id holding the server CA (PEM)");
  if (kafka) {
    const kafkaEndpoint: KafkaEndpoint = { bootstrapServers: kafka.bootstrapServers, tls: true };
    output(scope, "kafka_bootstrap_servers", kafkaEndpoint.bootstrapServers, "KafkaEndpoint.bootstrapServers: Managed Kafka (SASL OAUTHBEARER over TLS)");
    output(scope, "kafka_tls", kafkaEndpoint.tls, "KafkaEndpoint.tls");
  }
  output(scope, "secret_store_kind", secretStore.kind, "SecretStore.kind");
  output(scope, "secret_store_name", secretStore.storeName, "SecretStore.storeName: the ClusterSecretStore the apps' ExternalSecrets use");
  output(scope, "jwt_signing_key_secret", secrets.jwt.secret.secretId, "Secret Manager secret id of the API's JWT signing key");
  output(scope, "api_key_encryption_key_secret", secrets.apiKeyEncryption.secret.secretId, "Secret Manager secret id of the API-key encryption key");
  output(scope, "registry_url", registry.url, "Artifact Registry URL: images are <registry_url>/<engine|api|frontend>:<tag>");
  output(scope, "dns_zone_name", dns.zone.name, "Cloud DNS managed zone of the environment's domain (ExternalDNS and cert-manager manage records here)");
  output(scope, "dns_name_servers", Fn.join(",", dns.zone.nameServers), "Name servers to delegate the domain to (comma-separated)");
  output(scope, "loki_bucket", logs.bucket.name, "GCS bucket Loki stores chunks and index in");
  output(scope, GSA_OUTPUTS["external-secrets"], eso.account.email, "Google service account of External Secrets (annotate its KSA with iam.gke.io/gcp-service-account)");
  output(scope, GSA_OUTPUTS["external-dns"], externalDns.account.email, "Google service account of ExternalDNS");
  output(scope, GSA_OUTPUTS["cert-manager"], certManager.account.email, "Google service account of cert-manager (DNS01)");
  output(scope, GSA_OUTPUTS.loki, loki.account.email, "Google service account of Loki");
  output(scope, "egress_addresses", Fn.join(",", network.egressAddresses.map((a) => a.address)), "Static Cloud NAT egress addresses (comma-separated; empty when Google allocates them)");
  return { access: gke.access };
}

/** What the platform and apps stacks read from a GCP environment's infra outputs. */
export const gcpUpperLayerInputs: UpperLayerInputs<GcpEnvironment> = {
  platform: (read) => ({
    logBucket: read.string("loki_bucket"),
    serviceAccountAnnotations: Object.fromEntries(
      Object.entries(GSA_OUTPUTS).map(([addon, name]) => [addon, { "iam.gke.io/gcp-service-account": read.string(name) }]),
    ),
  }),
  services: (read, env) => ({
    database: {
      engine: env.database.engine,
      host: read.string("database_host"),
      port: read.number("database_port"),
      database: read.string("database_name"),
      username: read.string("database_username"),
      passwordSecretName: read.string("database_password_secret"),
      readHost: env.database.readReplica ? read.string("database_read_host") : undefined,
    },
    cache: {
      host: read.string("cache_host"),
      port: read.number("cache_port"),
      tls: true,
      authSecretName: read.string("cache_auth_secret"),
      caSecretName: read.string("cache_ca_secret"),
    },
    registry: read.string("registry_url"),
    appSecrets: { jwtSecret: read.string("jwt_signing_key_secret"), apiKeyEncryptionKey: read.string("api_key_encryption_key_secret") },
  }),
};

import { Testing } from "cdktf";
import { environment, only, resources, synthStack, type Synth } from "../../helpers";
import type { EnvironmentConfig } from "../../../environments/schema";
import { InfraStack } from "../../../stacks/infra-stack";

const cache = new Map<string, Synth>();
/** The infra stack of a committed environment (optionally changed), synthesized once per variant. */
function infra(name: string, change?: (env: any) => void): Synth {
  const key = `${name}:${change?.toString() ?? ""}`;
  if (!cache.has(key)) {
    const env = structuredClone(environment(name)) as EnvironmentConfig;
    change?.(env);
    // The infra stack alone: the apps layer cannot use managed Kafka yet and refuses such an environment.
    cache.set(key, synthStack(new InfraStack(Testing.app(), `${env.name}-infra`, { env })));
  }
  return cache.get(key)!;
}

/** The KMS key resource address a synthesized attribute refers to. */
const dataKey = /^\$\{aws_kms_key\.data-key_[A-Za-z0-9_-]+\.arn\}$/;

describe("aws infra stack", () => {
  it("encrypts every data store with the shared data key", () => {
    const synth = infra("aws-prod");
    for (const db of resources(synth, "aws_db_instance")) {
      expect(db.storage_encrypted).toBe(true);
      expect(db.kms_key_id).toMatch(dataKey);
      expect(db.performance_insights_kms_key_id).toMatch(dataKey);
    }
    expect(only(synth, "aws_elasticache_replication_group").kms_key_id).toMatch(dataKey);
    for (const s of resources(synth, "aws_secretsmanager_secret")) expect(s.kms_key_id).toMatch(dataKey);
    for (const r of resources(synth, "aws_ecr_repository")) expect(r.encryption_configuration).toEqual([{ encryption_type: "KMS", kms_key: expect.stringMatching(dataKey) }]);
    const sse = only(synth, "aws_s3_bucket_server_side_encryption_configuration");
    expect(sse.rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: "aws:kms", kms_master_key_id: expect.stringMatching(dataKey) });
  });

  it("rotates the data key and lets services use it only on this account's behalf", () => {
    const key = resources(infra("aws-prod"), "aws_kms_key").find((k) => String(k.description).startsWith("Data stores"))!;
    expect(key.enable_key_rotation).toBe(true);
    const policy = key.policy as string;
    expect(policy).toContain('"kms:CallerAccount" = "444455556666"');
    expect(policy).toContain("rds.eu-central-1.amazonaws.com");
  });

  it("lets RDS manage the master password in Secrets Manager", () => {
    const primary = resources(infra("aws-prod"), "aws_db_instance").find((d) => d.identifier === "aws-prod-postgres")!;
    expect(primary).toMatchObject({ manage_master_user_password: true, master_user_secret_kms_key_id: expect.stringMatching(dataKey) });
    expect(primary.password).toBeUndefined();
  });

  it("runs PostgreSQL 17 Multi-AZ with deletion protection, a final snapshot and a report replica in prod", () => {
    const dbs = resources(infra("aws-prod"), "aws_db_instance");
    const primary = dbs.find((d) => d.identifier === "aws-prod-postgres")!;
    expect(primary).toMatchObject({ engine: "postgres", engine_version: "17", multi_az: true, deletion_protection: true, skip_final_snapshot: false, backup_retention_period: 30 });
    expect(primary.final_snapshot_identifier).toBe("aws-prod-postgres-final");
    const replica = dbs.find((d) => d.identifier === "aws-prod-postgres-report")!;
    expect(replica.replicate_source_db).toMatch(/aws_db_instance\.database_instance_.*\.identifier/);
  });

  it("runs a single-AZ database without replica in dev", () => {
    const dbs = resources(infra("aws-dev"), "aws_db_instance");
    expect(dbs).toHaveLength(1);
    expect(dbs[0]).toMatchObject({ multi_az: false, deletion_protection: false, skip_final_snapshot: true, backup_retention_period: 3 });
  });

  it("follows database.highAvailability for Multi-AZ", () => {
    const synth = infra("aws-dev", (e) => (e.database.highAvailability = true));
    expect(only(synth, "aws_db_instance").multi_az).toBe(true);
  });

  it("forces SSL in the database's parameter group", () => {
    const pg = only(infra("aws-dev"), "aws_db_parameter_group");
    expect(pg.family).toBe("postgres17");
    expect(pg.parameter).toContainEqual({ name: "rds.force_ssl", value: "1" });
  });

  it("turns Performance Insights on", () => {
    expect(only(infra("aws-dev"), "aws_db_instance").performance_insights_enabled).toBe(true);
  });

  it("admits only the cluster's nodes to the database and the cache", () => {
    const rules = resources(infra("aws-dev"), "aws_vpc_security_group_ingress_rule").filter((r) => [5432, 6379].includes(r.from_port));
    expect(rules).toHaveLength(2);
    for (const r of rules) {
      expect(r.referenced_security_group_id).toMatch(/aws_eks_cluster\.eks_cluster_.*\.vpc_config\[0\]\.cluster_security_group_id/);
      expect(r.cidr_ipv4).toBeUndefined();
    }
  });

  it("puts the database and the cache in the database subnets", () => {
    const synth = infra("aws-dev");
    for (const group of [only(synth, "aws_db_subnet_group"), only(synth, "aws_elasticache_subnet_group")]) {
      expect(group.subnet_ids).toEqual([expect.stringMatching(/aws_subnet\.network_database-0_/), expect.stringMatching(/aws_subnet\.network_database-1_/)]);
    }
  });

  it("requires TLS and an AUTH token from Secrets Manager on the cache", () => {
    const synth = infra("aws-dev");
    const group = only(synth, "aws_elasticache_replication_group");
    expect(group).toMatchObject({ transit_encryption_enabled: true, transit_encryption_mode: "required", at_rest_encryption_enabled: "true" });
    expect(group.auth_token).toMatch(/^\$\{data\.aws_secretsmanager_random_password\.cache_auth-token_value_.*\.random_password\}$/);
    const version = resources(synth, "aws_secretsmanager_secret_version").find((v) => String(v.secret_id).includes("cache_auth-token"))!;
    expect(version.secret_string).toBe(group.auth_token);
  });

  it("fails over automatically across zones in prod only", () => {
    expect(only(infra("aws-prod"), "aws_elasticache_replication_group")).toMatchObject({ num_cache_clusters: 2, automatic_failover_enabled: true, multi_az_enabled: true });
    expect(only(infra("aws-dev"), "aws_elasticache_replication_group")).toMatchObject({ num_cache_clusters: 1, automatic_failover_enabled: false, multi_az_enabled: false });
  });

  it("sizes the cache node from cache.memoryGiB", () => {
    expect(only(infra("aws-dev"), "aws_elasticache_replication_group").node_type).toBe("cache.t4g.small");
    expect(only(infra("aws-prod"), "aws_elasticache_replication_group").node_type).toBe("cache.m7g.large");
  });

  it("creates the apps' secrets in Secrets Manager under the environment's prefix", () => {
    const names = resources(infra("aws-dev"), "aws_secretsmanager_secret").map((s) => s.name).sort();
    expect(names).toEqual(["aws-dev/api-key-encryption-key", "aws-dev/cache-auth-token", "aws-dev/jwt-signing-key"]);
  });

  it("creates immutable, scanned ECR repositories for the apps in the environment's registry", () => {
    const repos = resources(infra("aws-dev"), "aws_ecr_repository");
    expect(repos.map((r) => r.name).sort()).toEqual(["orderbook/api", "orderbook/engine", "orderbook/frontend"]);
    for (const r of repos) expect(r).toMatchObject({ image_tag_mutability: "IMMUTABLE", image_scanning_configuration: { scan_on_push: true } });
    expect(resources(infra("aws-dev"), "aws_ecr_lifecycle_policy")).toHaveLength(3);
  });

  it("creates the Route 53 zone of dns.domain", () => {
    expect(only(infra("aws-prod"), "aws_route53_zone").name).toBe("orderbook.example.net");
  });

  it("keeps Loki's bucket private, versioned and expiring after the log retention", () => {
    const synth = infra("aws-prod");
    expect(only(synth, "aws_s3_bucket_public_access_block")).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(only(synth, "aws_s3_bucket_versioning").versioning_configuration.status).toBe("Enabled");
    expect(only(synth, "aws_s3_bucket_lifecycle_configuration").rule[0].expiration).toEqual([{ days: 30 }]);
  });

  it("adds MSK only when kafka.mode is managed", () => {
    expect(resources(infra("aws-dev"), "aws_msk_serverless_cluster")).toHaveLength(0);
    const managed = infra("aws-dev", (e) => (e.kafka.mode = "managed"));
    expect(only(managed, "aws_msk_serverless_cluster").client_authentication).toEqual({ sasl: { iam: { enabled: true } } });
    expect(managed.output.kafka_bootstrap_servers.value).toMatch(/data\.aws_msk_bootstrap_brokers\..*\.bootstrap_brokers_sasl_iam/);
  });

  it("implements the contracts as named, documented outputs", () => {
    const outputs = infra("aws-prod").output;
    for (const name of [
      "database_endpoint", "database_port", "database_name", "database_username", "database_password_secret", "database_read_endpoint",
      "cache_endpoint", "cache_port", "cache_auth_secret", "secret_store_kind", "registry_url", "dns_zone_id", "pod_identity_role_arns",
    ]) {
      expect(outputs[name]?.description).toEqual(expect.any(String));
    }
    expect(outputs.registry_url.value).toBe("444455556666.dkr.ecr.eu-central-1.amazonaws.com");
    expect(outputs.database_password_secret.value).toMatch(/master_user_secret\[0\]\.secret_arn/);
  });

  it("writes no unresolved value or reference inside a policy key", () => {
    const text = JSON.stringify(infra("aws-prod"));
    expect(text).not.toMatch(/= undefined|\/aws_[a-z_]+\.[A-Za-z0-9_-]+\.name\\" =/);
  });

  it("puts no secret value in any output", () => {
    for (const name of ["aws-dev", "aws-prod"]) {
      const outputs = JSON.stringify(infra(name).output);
      expect(outputs).not.toMatch(/random_password|auth_token|secret_string|master_password|\.password\b/);
    }
  });
});

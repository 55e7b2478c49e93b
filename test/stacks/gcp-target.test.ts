import { Testing } from "cdktf";
import { parseEnvironment } from "../../environments/load";
import type { EnvironmentConfig, EnvironmentInput } from "../../environments/schema";
import gcpDevInput from "../../environments/gcp-dev";
import gcpProdInput from "../../environments/gcp-prod";
import { InfraStack } from "../../stacks/infra-stack";
import { addonIdentities } from "../../constructs/addons/registry";
import { environment, resources, synthStack, type Synth } from "../helpers";

/** The infra stack of an environment, optionally with one field changed (parsed by the real schema). */
function infra(base: EnvironmentInput, mutate: (env: Record<string, any>) => void = () => undefined): Synth {
  const raw = structuredClone(base) as Record<string, any>;
  mutate(raw);
  const env: EnvironmentConfig = parseEnvironment(raw, `environments/${raw.name}.ts`);
  return synthStack(new InfraStack(Testing.app(), `${env.name}-infra`, { env }));
}

const byName = (synth: Synth, type: string, name: string) => resources(synth, type).find((r) => r.name === name)!;

let dev: Synth;
let prod: Synth;
beforeAll(() => {
  dev = infra(gcpDevInput);
  prod = infra(gcpProdInput);
});

describe("GCP infra: cluster", () => {
  it("keeps nodes private", () => {
    expect(resources(prod, "google_container_cluster")[0].private_cluster_config.enable_private_nodes).toBe(true);
  });

  it("turns the DNS-based control-plane endpoint on", () => {
    expect(resources(prod, "google_container_cluster")[0].control_plane_endpoints_config.dns_endpoint_config.allow_external_traffic).toBe(true);
  });

  it("runs Kubernetes 1.35", () => {
    expect(resources(prod, "google_container_cluster")[0].min_master_version).toBe("1.35");
  });

  it("lets the control plane reach webhooks on 8443, 9443 and 15017", () => {
    const fw = resources(prod, "google_compute_firewall")[0];
    expect(fw.source_ranges).toEqual(["10.28.16.0/28"]);
    expect(fw.allow[0].ports).toEqual(["8443", "9443", "15017"]);
  });

  it("takes the maintenance window and exclusions from gcp.maintenance", () => {
    const policy = resources(prod, "google_container_cluster")[0].maintenance_policy;
    expect(policy.recurring_window.recurrence).toBe("FREQ=WEEKLY;BYDAY=TU,WE,TH");
    expect(policy.maintenance_exclusion.map((x: any) => x.exclusion_name)).toEqual(["year-end-freeze"]);
  });

  it("moves the maintenance window when gcp.maintenance.start changes", () => {
    const synth = infra(gcpProdInput, (e) => (e.gcp.maintenance.start = "23:15"));
    expect(resources(synth, "google_container_cluster")[0].maintenance_policy.recurring_window.start_time).toBe("2026-01-01T23:15:00Z");
  });

  it("places node pools in network.zoneCount zones", () => {
    expect(resources(dev, "google_container_node_pool").map((p) => p.node_locations)).toEqual([["europe-west3-a"], ["europe-west3-a"]]);
    const two = infra(gcpDevInput, (e) => (e.network.zoneCount = 2));
    expect(resources(two, "google_container_node_pool")[0].node_locations).toEqual(["europe-west3-a", "europe-west3-b"]);
  });

  it("places node pools in the zones gcp.zones names", () => {
    const synth = infra(gcpDevInput, (e) => (e.gcp.zones = ["europe-west3-c"]));
    expect(resources(synth, "google_container_node_pool")[0].node_locations).toEqual(["europe-west3-c"]);
  });

  it("sizes node pools with totals across zones", () => {
    expect(byName(prod, "google_container_node_pool", "general").autoscaling).toMatchObject({ total_min_node_count: 1, total_max_node_count: 6 });
  });

  it("encrypts Secrets with the environment's KMS key", () => {
    expect(resources(prod, "google_container_cluster")[0].database_encryption).toEqual({ state: "ENCRYPTED", key_name: expect.stringMatching(/^\$\{google_kms_crypto_key\..*\.id\}$/) });
  });

  it("protects the prod cluster from deletion and not the dev one", () => {
    expect(resources(prod, "google_container_cluster")[0].deletion_protection).toBe(true);
    expect(resources(dev, "google_container_cluster")[0].deletion_protection).toBe(false);
  });
});

describe("GCP infra: network", () => {
  it("sends prod egress from reserved static addresses", () => {
    const nat = resources(prod, "google_compute_router_nat")[0];
    expect(nat.nat_ip_allocate_option).toBe("MANUAL_ONLY");
    expect(nat.nat_ips).toHaveLength(2);
    expect(resources(prod, "google_compute_address")).toHaveLength(2);
  });

  it("lets Google allocate dev egress addresses", () => {
    expect(resources(dev, "google_compute_router_nat")[0].nat_ip_allocate_option).toBe("AUTO_ONLY");
    expect(resources(dev, "google_compute_address")).toHaveLength(0);
  });

  it("reserves the Private Service Access range from gcp.privateServiceAccessCidr", () => {
    expect(resources(prod, "google_compute_global_address")[0]).toMatchObject({ purpose: "VPC_PEERING", address: "10.28.32.0", prefix_length: 20 });
  });
});

describe("GCP infra: Cloud SQL", () => {
  it("gives no instance a public IPv4 address", () => {
    for (const db of resources(prod, "google_sql_database_instance")) {
      expect(db.settings.ip_configuration.ipv4_enabled).toBe(false);
      expect(db.settings.ip_configuration.private_network).toMatch(/google_compute_network/);
    }
  });

  it("requires TLS from clients", () => {
    for (const db of resources(prod, "google_sql_database_instance")) expect(db.settings.ip_configuration.ssl_mode).toBe("ENCRYPTED_ONLY");
  });

  it("is REGIONAL in prod and ZONAL in dev", () => {
    expect(byName(prod, "google_sql_database_instance", "gcp-prod-db").settings.availability_type).toBe("REGIONAL");
    expect(byName(dev, "google_sql_database_instance", "gcp-dev-db").settings.availability_type).toBe("ZONAL");
  });

  it("has a report replica in prod and none in dev", () => {
    expect(byName(prod, "google_sql_database_instance", "gcp-prod-db-report").master_instance_name).toMatch(/google_sql_database_instance\..*\.name/);
    expect(resources(dev, "google_sql_database_instance")).toHaveLength(1);
  });

  it("enables point-in-time recovery when the config asks for it", () => {
    expect(byName(prod, "google_sql_database_instance", "gcp-prod-db").settings.backup_configuration).toMatchObject({ enabled: true, point_in_time_recovery_enabled: true });
    expect(byName(dev, "google_sql_database_instance", "gcp-dev-db").settings.backup_configuration.point_in_time_recovery_enabled).toBe(false);
  });

  it("keeps database.backups.retentionDays backups", () => {
    expect(byName(prod, "google_sql_database_instance", "gcp-prod-db").settings.backup_configuration.backup_retention_settings.retained_backups).toBe(30);
  });

  it("protects the prod database from deletion and not the dev one", () => {
    const p = byName(prod, "google_sql_database_instance", "gcp-prod-db");
    const d = byName(dev, "google_sql_database_instance", "gcp-dev-db");
    expect([p.deletion_protection, p.settings.deletion_protection_enabled]).toEqual([true, true]);
    expect([d.deletion_protection, d.settings.deletion_protection_enabled]).toEqual([false, false]);
  });

  it("runs MySQL 8 with binary logs when database.engine is mysql", () => {
    const synth = infra(gcpProdInput, (e) => Object.assign(e.database, { engine: "mysql", version: "8.0" }));
    const db = byName(synth, "google_sql_database_instance", "gcp-prod-db");
    expect(db.database_version).toBe("MYSQL_8_0");
    expect(db.settings.backup_configuration.binary_log_enabled).toBe(true);
    expect(db.settings.backup_configuration.point_in_time_recovery_enabled).toBeUndefined();
  });

  it("creates the app database and user with a write-only password", () => {
    const user = resources(prod, "google_sql_user")[0];
    expect(user.name).toBe("orderbook_app");
    expect(user.password_wo).toBe("${local.db_password}");
    expect(user.password).toBeUndefined();
    expect(resources(prod, "google_sql_database")[0].name).toBe("orderbook");
  });
});

describe("GCP infra: Memorystore", () => {
  it("requires AUTH and TLS", () => {
    expect(resources(dev, "google_redis_instance")[0]).toMatchObject({ auth_enabled: true, transit_encryption_mode: "SERVER_AUTHENTICATION", connect_mode: "PRIVATE_SERVICE_ACCESS" });
  });

  it("is STANDARD_HA in prod and BASIC in dev", () => {
    expect(resources(prod, "google_redis_instance")[0].tier).toBe("STANDARD_HA");
    expect(resources(dev, "google_redis_instance")[0].tier).toBe("BASIC");
  });

  it("sizes memory from cache.memoryGiB", () => {
    expect(resources(infra(gcpDevInput, (e) => (e.cache.memoryGiB = 3)), "google_redis_instance")[0].memory_size_gb).toBe(3);
  });
});

describe("GCP infra: secrets and identities", () => {
  const wiBinding = (synth: Synth, ksa: string) =>
    resources(synth, "google_service_account_iam_member").find((m) => m.member === `serviceAccount:orderbook-prod-7310.svc.id.goog[${ksa}]`)!;
  const gsaRef = (binding: Record<string, any>) => binding.service_account_id.match(/google_service_account\.([^.]+)\./)![1];

  it("lets only the External Secrets identity read each secret", () => {
    const readers = resources(prod, "google_secret_manager_secret_iam_member");
    expect(readers).toHaveLength(resources(prod, "google_secret_manager_secret").length);
    const eso = gsaRef(wiBinding(prod, "external-secrets/external-secrets"));
    for (const r of readers) {
      expect(r.role).toBe("roles/secretmanager.secretAccessor");
      expect(r.member).toContain(`google_service_account.${eso}.member`);
      expect(r.secret_id).toMatch(/google_secret_manager_secret\..*\.secret_id/);
    }
  });

  it("binds each Workload Identity account to its one Kubernetes service account", () => {
    const members = resources(prod, "google_service_account_iam_member").map((m) => [m.role, m.member]);
    expect(members.sort()).toEqual(
      [
        "cert-manager/cert-manager",
        "external-dns/external-dns",
        "external-secrets/external-secrets",
        "loki/loki",
      ].map((ksa) => ["roles/iam.workloadIdentityUser", `serviceAccount:orderbook-prod-7310.svc.id.goog[${ksa}]`]),
    );
  });

  it("scopes ExternalDNS and cert-manager to the environment's zone", () => {
    const zoneAdmins = resources(prod, "google_dns_managed_zone_iam_member");
    const expected = ["cert-manager/cert-manager", "external-dns/external-dns"].map((k) => gsaRef(wiBinding(prod, k))).sort();
    expect(zoneAdmins.map((m) => m.member.match(/google_service_account\.([^.]+)\./)[1]).sort()).toEqual(expected);
    for (const m of zoneAdmins) expect(m.managed_zone).toMatch(/google_dns_managed_zone\..*\.name/);
  });

  it("binds the Workload Identity accounts to the namespace and service account each add-on runs under", () => {
    const bound = resources(prod, "google_service_account_iam_member").map((m) => /\[(.*)\]$/.exec(m.member)![1]).sort();
    const wanted = addonIdentities(environment("gcp-prod")).map((i) => `${i.namespace}/${i.serviceAccount}`).sort();
    expect(bound).toEqual(wanted);
  });

  it("scopes Loki to its bucket", () => {
    const grant = resources(prod, "google_storage_bucket_iam_member")[0];
    expect(grant.member).toContain(`google_service_account.${gsaRef(wiBinding(prod, "loki/loki"))}.member`);
    expect(grant.bucket).toMatch(/google_storage_bucket\..*\.name/);
  });

  it("grants the Workload Identity accounts no project-wide role but ExternalDNS's zone listing", () => {
    const external = resources(prod, "google_project_iam_member").filter((m) => !/gke_node-sa/.test(m.member));
    expect(external).toEqual([expect.objectContaining({ member: expect.stringContaining(`google_service_account.${gsaRef(wiBinding(prod, "external-dns/external-dns"))}.member`) })]);
    expect(external[0].role).toMatch(/google_project_iam_custom_role\..*\.name/);
    expect(resources(prod, "google_project_iam_custom_role")[0].permissions).toEqual(["dns.managedZones.list"]);
  });

  it("writes secret values write-only, never into state", () => {
    for (const v of resources(prod, "google_secret_manager_secret_version")) {
      expect(v.secret_data).toBeUndefined();
      expect(v.secret_data_wo).toMatch(/^\$\{/);
    }
  });

  it("puts no secret value in any output", () => {
    for (const [name, out] of Object.entries<any>(prod.output)) {
      expect([name, JSON.stringify(out.value)]).not.toEqual([name, expect.stringMatching(/auth_string|local\.|password_wo|secret_data|server_ca_certs|private_key/)]);
    }
  });

  it("keeps the Loki bucket private, versioned and within logRetentionDays", () => {
    const bucket = resources(prod, "google_storage_bucket")[0];
    expect(bucket).toMatchObject({ uniform_bucket_level_access: true, public_access_prevention: "enforced", versioning: { enabled: true } });
    expect(bucket.lifecycle_rule[0]).toEqual({ action: { type: "Delete" }, condition: { age: 30 } });
  });
});

describe("GCP infra: registry, DNS and Kafka", () => {
  it("cleans up the image repository", () => {
    const repo = resources(prod, "google_artifact_registry_repository")[0];
    expect(repo.cleanup_policy_dry_run).toBe(false);
    expect(repo.cleanup_policies.map((p: any) => p.id)).toEqual(["keep-recent", "delete-untagged"]);
  });

  it("creates a DNSSEC-signed zone for dns.domain", () => {
    expect(resources(prod, "google_dns_managed_zone")[0]).toMatchObject({ dns_name: "orderbook.example.com.", dnssec_config: { state: "on" } });
  });

  it("creates Managed Kafka with the contract topics only when kafka.mode is managed", () => {
    expect(resources(prod, "google_managed_kafka_cluster")).toHaveLength(0);
    const synth = infra(gcpProdInput, (e) => (e.kafka.mode = "managed"));
    expect(resources(synth, "google_managed_kafka_topic").map((t) => t.topic_id).sort()).toEqual(["matching_engine_input", "matching_engine_output", "orderbook_output", "ticker_engine_output"]);
    expect(synth.output.kafka_bootstrap_servers.value).toBe("bootstrap.gcp-prod-kafka.europe-west3.managedkafka.orderbook-prod-7310.cloud.goog:9092");
  });

  it("publishes the contracts as named, documented outputs", () => {
    for (const name of ["database_host", "database_password_secret", "database_read_host", "cache_host", "cache_auth_secret", "secret_store_name", "registry_url", "dns_zone_name", "gsa_external_secrets"]) {
      expect(prod.output[name].description).toMatch(/\w+/);
    }
  });
});

describe("GCP infra: first apply on an empty project", () => {
  /** Written independently of the code's table: what each resource type needs. */
  const NEEDS: Record<string, string> = {
    google_compute_: "compute.googleapis.com",
    google_container_: "container.googleapis.com",
    google_service_account: "iam.googleapis.com",
    google_project_iam_member: "cloudresourcemanager.googleapis.com",
    google_project_iam_custom_role: "iam.googleapis.com",
    google_project: "cloudresourcemanager.googleapis.com",
    google_kms_: "cloudkms.googleapis.com",
    google_service_networking_connection: "servicenetworking.googleapis.com",
    google_sql_: "sqladmin.googleapis.com",
    google_redis_instance: "redis.googleapis.com",
    google_secret_manager_: "secretmanager.googleapis.com",
    google_artifact_registry_repository: "artifactregistry.googleapis.com",
    google_dns_: "dns.googleapis.com",
    google_storage_: "storage.googleapis.com",
    google_managed_kafka_: "managedkafka.googleapis.com",
  };

  function unmet(synth: Synth): string[] {
    const serviceOf = Object.fromEntries(Object.entries<any>(synth.resource.google_project_service).map(([id, s]) => [`google_project_service.${id}`, s.service]));
    const problems: string[] = [];
    const elements = [...Object.entries<Record<string, any>>(synth.resource), ...Object.entries<Record<string, any>>(synth.data ?? {})];
    for (const [type, all] of elements) {
      if (type === "google_project_service" || !type.startsWith("google_")) continue;
      const prefix = Object.keys(NEEDS).filter((p) => type.startsWith(p)).sort((a, b) => b.length - a.length)[0];
      if (!prefix) {
        problems.push(`${type}: no expectation`);
        continue;
      }
      for (const [id, r] of Object.entries<any>(all)) {
        const enabled = (r.depends_on ?? []).map((d: string) => serviceOf[d]);
        if (!enabled.includes(NEEDS[prefix])) problems.push(`${type}.${id} does not wait for ${NEEDS[prefix]}`);
      }
    }
    return problems;
  }

  it("makes every resource of gcp-prod wait for its API", () => {
    expect(unmet(prod)).toEqual([]);
  });

  it("makes every resource of gcp-dev wait for its API", () => {
    expect(unmet(dev)).toEqual([]);
  });

  it("makes every resource wait for its API with managed Kafka too", () => {
    expect(unmet(infra(gcpDevInput, (e) => (e.kafka.mode = "managed")))).toEqual([]);
  });

  it("enables only the APIs the environment uses", () => {
    expect(resources(prod, "google_project_service").map((s) => s.service).sort()).toEqual([
      "artifactregistry.googleapis.com",
      "cloudkms.googleapis.com",
      "cloudresourcemanager.googleapis.com",
      "compute.googleapis.com",
      "container.googleapis.com",
      "dns.googleapis.com",
      "iam.googleapis.com",
      "logging.googleapis.com",
      "monitoring.googleapis.com",
      "redis.googleapis.com",
      "secretmanager.googleapis.com",
      "servicenetworking.googleapis.com",
      "sqladmin.googleapis.com",
      "storage.googleapis.com",
    ]);
  });
});

describe("GCP infra: KMS", () => {
  it("grants the key to GKE's service agent only after the Kubernetes Engine API created it", () => {
    const grant = resources(prod, "google_kms_crypto_key_iam_member")[0];
    const container = Object.entries<any>(prod.resource.google_project_service).find(([, s]) => s.service === "container.googleapis.com")![0];
    expect(grant.member).toMatch(/^serviceAccount:service-\$\{data\.google_project\..*\.number\}@container-engine-robot\.iam\.gserviceaccount\.com$/);
    expect(grant.depends_on).toContain(`google_project_service.${container}`);
  });

  it("rotates the key at least every 90 days", () => {
    expect(resources(prod, "google_kms_crypto_key")[0].rotation_period).toBe("7776000s");
  });
});

describe("GCP infra: every config field acts", () => {
  const first = (synth: Synth, type: string) => resources(synth, type)[0];
  const cases: Array<[field: string, mutate: (e: Record<string, any>) => void, read: (s: Synth) => unknown]> = [
    ["gcp.egressAddresses", (e) => (e.gcp.egressAddresses = 3), (s) => resources(s, "google_compute_address").length],
    ["gcp.privateServiceAccessCidr", (e) => (e.gcp.privateServiceAccessCidr = "10.29.0.0/16"), (s) => first(s, "google_compute_global_address").prefix_length],
    ["gcp.maintenance.days", (e) => (e.gcp.maintenance.days = ["SA", "SU", "MO"]), (s) => first(s, "google_container_cluster").maintenance_policy.recurring_window.recurrence],
    ["gcp.maintenance.durationHours", (e) => (e.gcp.maintenance.durationHours = 8), (s) => first(s, "google_container_cluster").maintenance_policy.recurring_window.end_time],
    ["gcp.maintenance.exclusions", (e) => (e.gcp.maintenance.exclusions = []), (s) => first(s, "google_container_cluster").maintenance_policy.maintenance_exclusion],
    ["observability.logRetentionDays", (e) => (e.observability.logRetentionDays = 90), (s) => first(s, "google_storage_bucket").lifecycle_rule[0].condition.age],
    ["database.instanceSize", (e) => (e.database.instanceSize = "db-custom-4-15360"), (s) => byName(s, "google_sql_database_instance", "gcp-prod-db").settings.tier],
    ["database.diskGiB", (e) => (e.database.diskGiB = 500), (s) => byName(s, "google_sql_database_instance", "gcp-prod-db").settings.disk_size],
    ["database.version", (e) => (e.database.version = "16"), (s) => byName(s, "google_sql_database_instance", "gcp-prod-db").database_version],
    ["cache.version", (e) => (e.cache.version = "7.0"), (s) => first(s, "google_redis_instance").redis_version],
    ["cluster.nodePools.maxNodes", (e) => (e.cluster.nodePools[0].maxNodes = 9), (s) => byName(s, "google_container_node_pool", "general").autoscaling.total_max_node_count],
    ["dns.domain", (e) => Object.assign(e.dns, { domain: "example.org", hostnames: { app: "app.example.org", api: "api.example.org", grafana: "grafana.example.org" } }), (s) => first(s, "google_dns_managed_zone").dns_name],
  ];

  it.each(cases)("changes the synthesized JSON when %s changes", (_field, mutate, read) => {
    expect(read(infra(gcpProdInput, mutate))).not.toEqual(read(prod));
  });
});

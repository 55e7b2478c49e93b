import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { Naming } from "../../../constructs/core/naming";
import { ApiEnablement, apisFor } from "../../../constructs/gcp/api-enablement";
import { CloudSql, type CloudSqlProps } from "../../../constructs/gcp/cloud-sql";
import { GcpNetwork } from "../../../constructs/gcp/network";
import { PrivateServiceAccess } from "../../../constructs/gcp/private-service-access";
import { GcpSecret } from "../../../constructs/gcp/secret";
import { only, resources, synthStack } from "../../helpers";

function setup() {
  const stack = new TerraformStack(Testing.app(), "test");
  new GoogleProvider(stack, "google", { project: "orderbook-test-1", region: "europe-west3" });
  const naming = new Naming("t");
  const network = new GcpNetwork(stack, "net", { naming, region: "europe-west3", cidr: "10.0.0.0/20", podsCidr: "10.4.0.0/14", servicesCidr: "10.8.0.0/20" });
  return { stack, naming, network };
}

function sql(overrides: Partial<CloudSqlProps> = {}) {
  const { stack, naming, network } = setup();
  const psa = new PrivateServiceAccess(stack, "psa", { naming, network, cidr: "10.9.0.0/20" });
  new CloudSql(stack, "sql", {
    naming,
    projectId: "orderbook-test-1",
    region: "europe-west3",
    network,
    privateServiceAccess: psa.connection,
    engine: "postgres",
    version: "17",
    tier: "db-custom-2-7680",
    diskGiB: 20,
    highAvailability: false,
    deletionProtection: false,
    backups: { enabled: true, retentionDays: 7, pointInTimeRecovery: true },
    readReplica: false,
    databaseName: "app",
    username: "app",
    password: "${local.pw}",
    ...overrides,
  });
  return stack;
}

describe("CloudSql", () => {
  it("waits for the Private Service Access peering", () => {
    const db = only(synthStack(sql()), "google_sql_database_instance");
    expect(db.depends_on).toEqual([expect.stringMatching(/^google_service_networking_connection\.psa_connection_/)]);
  });

  it("pins the Enterprise edition, which accepts custom tiers", () => {
    expect(only(synthStack(sql()), "google_sql_database_instance").settings.edition).toBe("ENTERPRISE");
  });

  it("logs connections on PostgreSQL and disables local_infile on MySQL", () => {
    const pg = only(synthStack(sql()), "google_sql_database_instance").settings.database_flags;
    expect(pg).toContainEqual({ name: "log_connections", value: "on" });
    const my = only(synthStack(sql({ engine: "mysql", version: "8.4" })), "google_sql_database_instance").settings.database_flags;
    expect(my).toContainEqual({ name: "local_infile", value: "off" });
  });

  it("fails when a replica is asked for without backups", () => {
    expect(() => sql({ readReplica: true, backups: { enabled: false, retentionDays: 7, pointInTimeRecovery: false } })).toThrow(
      "CloudSql: readReplica needs backups.enabled (Cloud SQL builds replicas from the primary's binary log / backups)",
    );
  });
});

describe("PrivateServiceAccess", () => {
  it("fails when the range is smaller than a /24", () => {
    const { stack, naming, network } = setup();
    expect(() => new PrivateServiceAccess(stack, "psa", { naming, network, cidr: "10.9.0.0/28" })).toThrow("PrivateServiceAccess: cidr must be between a /8 and a /24, got 10.9.0.0/28");
  });
});

describe("GcpSecret", () => {
  it("grants access only to the readers it is given", () => {
    const { stack } = setup();
    new GcpSecret(stack, "s", { projectId: "p", secretId: "t-db", region: "europe-west3", value: "${local.v}", readers: ["serviceAccount:eso@p.iam.gserviceaccount.com"] });
    expect(resources(synthStack(stack), "google_secret_manager_secret_iam_member").map((m) => [m.role, m.member])).toEqual([
      ["roles/secretmanager.secretAccessor", "serviceAccount:eso@p.iam.gserviceaccount.com"],
    ]);
  });

  it("keeps the payload in the environment's region", () => {
    const { stack } = setup();
    new GcpSecret(stack, "s", { projectId: "p", secretId: "t-db", region: "europe-west3", readers: [] });
    expect(only(synthStack(stack), "google_secret_manager_secret").replication).toEqual({ user_managed: { replicas: [{ location: "europe-west3" }] } });
  });

  it("fails when the secret id has characters Secret Manager refuses", () => {
    const { stack } = setup();
    expect(() => new GcpSecret(stack, "s", { projectId: "p", secretId: "db.password", region: "europe-west3", readers: [] })).toThrow(
      'GcpSecret: secretId must be 1-255 letters, digits, \'_\' or \'-\', got "db.password"',
    );
  });
});

describe("ApiEnablement", () => {
  it("enables only the APIs of the resources in scope and makes them wait", () => {
    const { stack } = setup();
    new ApiEnablement(stack, "apis", { projectId: "p", scope: stack });
    const synth = synthStack(stack);
    expect(resources(synth, "google_project_service").map((s) => s.service)).toEqual(["compute.googleapis.com"]);
    expect(resources(synth, "google_compute_network")[0].depends_on).toEqual([expect.stringMatching(/^google_project_service\.apis_compute_/)]);
  });

  it("takes the longest matching prefix", () => {
    expect(apisFor("google_project_iam_member")).toEqual(["cloudresourcemanager.googleapis.com"]);
    expect(apisFor("google_service_account_iam_member")).toEqual(["iam.googleapis.com"]);
  });

  it("fails when a resource type has no known API", () => {
    expect(() => apisFor("google_bigquery_dataset")).toThrow("ApiEnablement: no API is known for google_bigquery_dataset; add it to APIS_BY_RESOURCE_TYPE");
  });
});

import { EnvironmentError, parseEnvironment } from "../../environments/load";
import type { EnvironmentInput } from "../../environments/schema";
import { machineTypeProblem } from "../../environments/schema-gcp";
import gcpDev from "../../environments/gcp-dev";
import gcpProd from "../../environments/gcp-prod";

/** The problems of a copy of `base` with one thing broken, as `field: message; received value` lines. */
function problems(base: EnvironmentInput, mutate: (env: Record<string, any>) => void): string[] {
  const copy = structuredClone(base) as Record<string, any>;
  mutate(copy);
  try {
    parseEnvironment(copy, `environments/${copy.name}.ts`);
  } catch (e) {
    if (e instanceof EnvironmentError) return e.problems.map((p) => `${p.field}: ${p.message}; received ${p.received}`);
    throw e;
  }
  throw new Error("expected the environment to be rejected");
}

describe("GCP environment schema", () => {
  it("fails when the region does not exist", () => {
    expect(problems(gcpDev, (e) => (e.gcp.region = "europe-west99"))).toEqual([expect.stringMatching(/^gcp\.region: .*"europe-west3".*; received "europe-west99"$/)]);
  });

  it("fails when a zone is not in the region", () => {
    expect(problems(gcpDev, (e) => (e.gcp.zones = ["europe-west4-a"]))).toEqual([
      'gcp.zones.0: is not a zone of europe-west3; allowed: europe-west3-a, europe-west3-b, europe-west3-c; received "europe-west4-a"',
    ]);
  });

  it("fails when the zone count exceeds the region's zones", () => {
    expect(problems(gcpDev, (e) => (e.network.zoneCount = 4))).toEqual([
      "network.zoneCount: must not exceed the 3 zones of europe-west3 (europe-west3-a, europe-west3-b, europe-west3-c); received 4",
    ]);
  });

  it("fails when gcp.zones does not match the zone count", () => {
    expect(problems(gcpDev, (e) => (e.gcp.zones = ["europe-west3-a", "europe-west3-b"]))).toEqual([
      'gcp.zones: must list exactly network.zoneCount (1) zones; received ["europe-west3-a","europe-west3-b"]',
    ]);
  });

  it("fails when the Private Service Access range overlaps a network range", () => {
    expect(problems(gcpDev, (e) => (e.gcp.privateServiceAccessCidr = "10.16.0.0/20"))).toEqual([
      'gcp.privateServiceAccessCidr: overlaps network.servicesCidr (10.16.0.0/20); every network range must be disjoint; received "10.16.0.0/20"',
    ]);
  });

  it("fails when the Private Service Access range is smaller than a /24", () => {
    expect(problems(gcpDev, (e) => (e.gcp.privateServiceAccessCidr = "10.16.32.0/25"))).toEqual([
      'gcp.privateServiceAccessCidr: must be a /24 or larger (Cloud SQL needs a /24 of its own); received "10.16.32.0/25"',
    ]);
  });

  it("fails when a machine type's family has no such shape", () => {
    expect(problems(gcpDev, (e) => (e.cluster.nodePools[1].machineType = "c3-standard-6"))).toEqual([
      'cluster.nodePools.1.machineType: c3-standard has no shape "6"; it offers c3-standard-4, c3-standard-8, c3-standard-22, c3-standard-44, c3-standard-88, c3-standard-176; received "c3-standard-6"',
    ]);
  });

  it("fails when a machine family is unknown", () => {
    expect(problems(gcpDev, (e) => (e.cluster.nodePools[0].machineType = "m5.large"))).toEqual([
      expect.stringMatching(/^cluster\.nodePools\.0\.machineType: is not a known GCE machine family; known: e2-standard, .*; received "m5\.large"$/),
    ]);
  });

  it("fails when MySQL is given a PostgreSQL version", () => {
    expect(problems(gcpDev, (e) => (e.database.engine = "mysql"))).toEqual(['database.version: is not a Cloud SQL mysql version; allowed: 8.0, 8.4; received "17"']);
  });

  it("fails when the database tier is not a Cloud SQL tier", () => {
    expect(problems(gcpDev, (e) => (e.database.instanceSize = "db.r6g.large"))).toEqual([
      'database.instanceSize: a Cloud SQL tier such as db-custom-2-7680 (vCPUs-MiB) or db-g1-small; received "db.r6g.large"',
    ]);
  });

  it("fails when point-in-time recovery is asked for without backups", () => {
    expect(problems(gcpDev, (e) => Object.assign(e.database.backups, { enabled: false, pointInTimeRecovery: true }))).toEqual([
      "database.backups.pointInTimeRecovery: needs database.backups.enabled: point-in-time recovery replays logs onto a backup; received true",
    ]);
  });

  it("fails when a prod replica has no highly available primary", () => {
    expect(problems(gcpProd, (e) => (e.database.highAvailability = false))).toEqual([
      'database.highAvailability: must be true: a prod database is highly available (required for tier "prod"); received false',
    ]);
  });

  it("fails when prod has no report replica", () => {
    expect(problems(gcpProd, (e) => (e.database.readReplica = false))).toEqual([
      expect.stringMatching(/^database\.readReplica: must be true: reports and analytics read from a replica.*\(required for tier "prod"\); received false$/),
    ]);
  });

  it("fails when the maintenance window start is not a valid time", () => {
    expect(problems(gcpDev, (e) => (e.gcp.maintenance.start = "25:00"))).toEqual(['gcp.maintenance.start: a UTC time of day HH:MM such as 02:00; received "25:00"']);
  });

  it("fails when the maintenance window gives GKE too few hours", () => {
    expect(problems(gcpDev, (e) => Object.assign(e.gcp.maintenance, { days: ["SU"], durationHours: 4 }))).toEqual([
      "gcp.maintenance.durationHours: gives 4 hours a week; GKE needs at least 48 hours in 32 days, so days x durationHours must be at least 12; received 4",
    ]);
  });

  it("fails when a maintenance exclusion is not a date-time", () => {
    expect(problems(gcpProd, (e) => (e.gcp.maintenance.exclusions[0].start = "2026-12-20"))).toEqual([
      'gcp.maintenance.exclusions.0.start: an RFC 3339 UTC date-time such as 2026-12-24T00:00:00Z; received "2026-12-20"',
    ]);
  });

  it("fails when a maintenance exclusion ends before it starts", () => {
    expect(problems(gcpProd, (e) => (e.gcp.maintenance.exclusions[0].end = "2026-12-01T00:00:00Z"))).toEqual([
      'gcp.maintenance.exclusions.0.end: must be after start (2026-12-20T00:00:00Z); received "2026-12-01T00:00:00Z"',
    ]);
  });

  it("fails when a NO_UPGRADES exclusion is longer than GKE allows", () => {
    expect(problems(gcpProd, (e) => (e.gcp.maintenance.exclusions[0].end = "2027-02-01T00:00:00Z"))).toEqual([
      'gcp.maintenance.exclusions.0.end: must be at most 30 days after start for scope NO_UPGRADES (GKE limit); received "2027-02-01T00:00:00Z"',
    ]);
  });

  it("fails when the cache engine is valkey on GCP", () => {
    expect(problems(gcpDev, (e) => (e.cache.engine = "valkey"))).toEqual([
      expect.stringMatching(/^cache\.engine: must be "redis" on GCP: Memorystore for Valkey authenticates only with IAM tokens.*; received "valkey"$/),
    ]);
  });

  it("fails when the cache version is not a Memorystore version", () => {
    expect(problems(gcpDev, (e) => (e.cache.version = "8.0"))).toEqual(['cache.version: is not a Memorystore for Redis version; allowed: 6.x, 7.0, 7.2; received "8.0"']);
  });

  it("fails when cost.singleNatGateway is set on GCP, where it would do nothing", () => {
    expect(problems(gcpDev, (e) => (e.cost.singleNatGateway = true))).toEqual([
      "cost.singleNatGateway: has no effect on GCP (Cloud NAT is a regional, distributed service without per-zone gateways); remove it; received true",
    ]);
  });

  it("fails when prod egress has fewer than two static addresses", () => {
    expect(problems(gcpProd, (e) => (e.gcp.egressAddresses = 0))).toEqual([expect.stringMatching(/^gcp\.egressAddresses: must be at least 2 in prod: .*\(required for tier "prod"\); received 0$/)]);
  });

  it("fails when the secrets backend is not Secret Manager on GCP", () => {
    expect(problems(gcpDev, (e) => (e.secrets.backend = "kubernetes"))).toEqual(['secrets.backend: is not available on target "gcp"; allowed: gcp-secret-manager; received "kubernetes"']);
  });
});

describe("machineTypeProblem", () => {
  it("accepts every shape of a family", () => {
    expect(["e2-standard-4", "c3-standard-176", "n2-highmem-2", "e2-medium"].map(machineTypeProblem)).toEqual([undefined, undefined, undefined, undefined]);
  });
});

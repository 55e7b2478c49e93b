/**
 * The GCP-only part of the environment schema: the `gcp` block and the rules that only apply to
 * `target: "gcp"`. `schema.ts` composes it; nothing here is read by another target.
 */
import { z } from "zod";
import { cidrsOverlap, isValidCidr } from "../constructs/core/cidr";
import { GCP_REGIONS, gcpZones } from "./regions";

const cidr = z.string().refine(isValidCidr, "an IPv4 CIDR such as 10.0.0.0/16");

/** Days as GKE's RRULE (RFC 5545) spells them. */
export const MAINTENANCE_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;

const utcTime = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, "a UTC time of day HH:MM such as 02:00");
const utcDateTime = z.iso.datetime({ message: "an RFC 3339 UTC date-time such as 2026-12-24T00:00:00Z" });

const maintenanceExclusion = z.strictObject({
  /** Shown in the GKE console; unique per cluster. */
  name: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, "lowercase letters, digits and '-', starting with a letter"),
  start: utcDateTime,
  end: utcDateTime,
  /** What GKE may still do during the exclusion; `NO_UPGRADES` blocks everything (at most 30 days). */
  scope: z.enum(["NO_UPGRADES", "NO_MINOR_UPGRADES", "NO_MINOR_OR_NODE_UPGRADES"]).default("NO_UPGRADES"),
});

/** The `gcp` block of a GCP environment. */
export const gcpSettings = z.strictObject({
  projectId: z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, "a GCP project id (6-30 lowercase letters, digits, '-')"),
  region: z.enum(GCP_REGIONS),
  /**
   * Zones the node pools run in. Default: the region's first `network.zoneCount` zones. When set, its
   * length must equal `network.zoneCount`.
   */
  zones: z.array(z.string()).min(1).optional(),
  /**
   * Range reserved for Private Service Access (Cloud SQL and Memorystore private IPs), at least a /24;
   * Google recommends a /20 so later services fit.
   */
  privateServiceAccessCidr: cidr,
  /**
   * Static external addresses Cloud NAT uses for egress, so exchange partners can allow-list them.
   * 0 lets Google allocate (and change) the addresses.
   */
  egressAddresses: z.number().int().min(0).max(8).default(0),
  /** When GKE may upgrade or repair the control plane and nodes (UTC), and when it may not. */
  maintenance: z.strictObject({
    days: z.array(z.enum(MAINTENANCE_DAYS)).min(1),
    start: utcTime,
    durationHours: z.number().int().min(4).max(24),
    exclusions: z.array(maintenanceExclusion).default([]),
  }),
});

export type GcpSettings = z.output<typeof gcpSettings>;

/**
 * Machine types per GCE family and series, as `series-shape` -> vCPU counts the family offers
 * (shared-core shapes listed by name). A typo such as `c3-standard-6` otherwise fails only at apply.
 */
export const GCE_MACHINE_TYPES: Readonly<Record<string, readonly (number | string)[]>> = {
  "e2-standard": [2, 4, 8, 16, 32],
  "e2-highmem": [2, 4, 8, 16],
  "e2-highcpu": [2, 4, 8, 16, 32],
  e2: ["micro", "small", "medium"],
  "n2-standard": [2, 4, 8, 16, 32, 48, 64, 80, 96, 128],
  "n2-highmem": [2, 4, 8, 16, 32, 48, 64, 80, 96, 128],
  "n2-highcpu": [2, 4, 8, 16, 32, 48, 64, 80, 96],
  "n2d-standard": [2, 4, 8, 16, 32, 48, 64, 80, 96, 128, 224],
  "n2d-highmem": [2, 4, 8, 16, 32, 48, 64, 80, 96],
  "n2d-highcpu": [2, 4, 8, 16, 32, 48, 64, 80, 96, 128, 224],
  "n4-standard": [2, 4, 8, 16, 32, 48, 64, 80],
  "n4-highmem": [2, 4, 8, 16, 32, 48, 64, 80],
  "n4-highcpu": [2, 4, 8, 16, 32, 48, 64, 80],
  "c3-standard": [4, 8, 22, 44, 88, 176],
  "c3-highmem": [4, 8, 22, 44, 88, 176],
  "c3-highcpu": [4, 8, 22, 44, 88, 176],
  "c3d-standard": [4, 8, 16, 30, 60, 90, 180, 360],
  "c3d-highmem": [4, 8, 16, 30, 60, 90, 180, 360],
  "c3d-highcpu": [4, 8, 16, 30, 60, 90, 180, 360],
  "c4-standard": [2, 4, 8, 16, 24, 32, 48, 96, 144, 192, 288],
  "c4-highmem": [2, 4, 8, 16, 24, 32, 48, 96, 144, 192, 288],
  "c4-highcpu": [2, 4, 8, 16, 24, 32, 48, 96, 144, 192, 288],
  "t2d-standard": [1, 2, 4, 8, 16, 32, 48, 60],
};

/** Why a GCE machine type is not one the family offers, or undefined when it is. */
export function machineTypeProblem(machineType: string): string | undefined {
  const m = /^(.+)-([a-z0-9]+)$/.exec(machineType);
  const family = m?.[1];
  const shapes = family ? GCE_MACHINE_TYPES[family] : undefined;
  if (!m || !shapes) {
    return `is not a known GCE machine family; known: ${Object.keys(GCE_MACHINE_TYPES).join(", ")}`;
  }
  if (!shapes.map(String).includes(m[2])) {
    return `${family} has no shape "${m[2]}"; it offers ${shapes.map((s) => `${family}-${s}`).join(", ")}`;
  }
  return undefined;
}

/** Cloud SQL database versions per engine, as the schema's `database.version` spells them. */
export const CLOUD_SQL_VERSIONS: Readonly<Record<"postgres" | "mysql", readonly string[]>> = {
  postgres: ["14", "15", "16", "17"],
  mysql: ["8.0", "8.4"],
};

/** The slice of a parsed environment the GCP rules read. */
interface GcpRuleInput {
  readonly target: string;
  readonly tier: "dev" | "prod";
  readonly gcp?: GcpSettings;
  readonly network: { cidr: string; podsCidr: string; servicesCidr: string; controlPlaneCidr?: string; zoneCount: number };
  readonly cluster: { nodePools: ReadonlyArray<{ machineType: string }> };
  readonly database: {
    engine: "postgres" | "mysql";
    version: string;
    instanceSize: string;
    highAvailability: boolean;
    readReplica: boolean;
    backups: { enabled: boolean; pointInTimeRecovery: boolean };
  };
  readonly cache: { engine: string; version: string; memoryGiB: number; highAvailability: boolean };
  readonly cost: { singleNatGateway: boolean };
}

type Issue = { path: (string | number)[]; message: string };

/** Cross-field rules of GCP environments; each returns the problems it finds. */
export const gcpRules: ReadonlyArray<(env: GcpRuleInput) => Issue[]> = [
  function zonesBelongToTheRegion(env) {
    if (!env.gcp) return [];
    const available = gcpZones(env.gcp.region);
    const issues: Issue[] = [];
    if (env.network.zoneCount > available.length) {
      issues.push({
        path: ["network", "zoneCount"],
        message: `must not exceed the ${available.length} zones of ${env.gcp.region} (${available.join(", ")})`,
      });
    }
    const zones = env.gcp.zones;
    if (zones) {
      zones.forEach((z, i) => {
        if (!available.includes(z)) issues.push({ path: ["gcp", "zones", i], message: `is not a zone of ${env.gcp!.region}; allowed: ${available.join(", ")}` });
      });
      if (new Set(zones).size !== zones.length) issues.push({ path: ["gcp", "zones"], message: "must not name a zone twice" });
      if (zones.length !== env.network.zoneCount) {
        issues.push({ path: ["gcp", "zones"], message: `must list exactly network.zoneCount (${env.network.zoneCount}) zones` });
      }
    }
    return issues;
  },
  function privateServiceAccessRangeIsDisjoint(env) {
    if (!env.gcp) return [];
    const psa = env.gcp.privateServiceAccessCidr;
    const issues: Issue[] = [];
    if (Number(psa.split("/")[1]) > 24) issues.push({ path: ["gcp", "privateServiceAccessCidr"], message: "must be a /24 or larger (Cloud SQL needs a /24 of its own)" });
    for (const [field, range] of Object.entries(env.network)) {
      if (typeof range === "string" && cidrsOverlap(psa, range)) {
        issues.push({ path: ["gcp", "privateServiceAccessCidr"], message: `overlaps network.${field} (${range}); every network range must be disjoint` });
      }
    }
    return issues;
  },
  function machineTypesExist(env) {
    return env.cluster.nodePools.flatMap((pool, i) => {
      const problem = machineTypeProblem(pool.machineType);
      return problem ? [{ path: ["cluster", "nodePools", i, "machineType"], message: problem }] : [];
    });
  },
  function maintenanceWindowIsUsable(env) {
    if (!env.gcp) return [];
    const m = env.gcp.maintenance;
    const issues: Issue[] = [];
    if (new Set(m.days).size !== m.days.length) issues.push({ path: ["gcp", "maintenance", "days"], message: "must not name a day twice" });
    // GKE rejects a window with less than 48 hours of availability in any 32 days (4 weeks and 4 days).
    if (new Set(m.days).size * m.durationHours * 4 < 48) {
      issues.push({
        path: ["gcp", "maintenance", "durationHours"],
        message: `gives ${new Set(m.days).size * m.durationHours} hours a week; GKE needs at least 48 hours in 32 days, so days x durationHours must be at least 12`,
      });
    }
    m.exclusions.forEach((x, i) => {
      const start = Date.parse(x.start);
      const end = Date.parse(x.end);
      if (end <= start) issues.push({ path: ["gcp", "maintenance", "exclusions", i, "end"], message: `must be after start (${x.start})` });
      if (x.scope === "NO_UPGRADES" && end - start > 30 * 86400_000) {
        issues.push({ path: ["gcp", "maintenance", "exclusions", i, "end"], message: "must be at most 30 days after start for scope NO_UPGRADES (GKE limit)" });
      }
    });
    return issues;
  },
  function databaseFitsCloudSql(env) {
    const db = env.database;
    const issues: Issue[] = [];
    if (!CLOUD_SQL_VERSIONS[db.engine].includes(db.version)) {
      issues.push({ path: ["database", "version"], message: `is not a Cloud SQL ${db.engine} version; allowed: ${CLOUD_SQL_VERSIONS[db.engine].join(", ")}` });
    }
    if (!/^db-(custom-[0-9]+-[0-9]+|f1-micro|g1-small|perf-optimized-N-[0-9]+)$/.test(db.instanceSize)) {
      issues.push({ path: ["database", "instanceSize"], message: "a Cloud SQL tier such as db-custom-2-7680 (vCPUs-MiB) or db-g1-small" });
    }
    if (db.backups.pointInTimeRecovery && !db.backups.enabled) {
      issues.push({ path: ["database", "backups", "pointInTimeRecovery"], message: "needs database.backups.enabled: point-in-time recovery replays logs onto a backup" });
    }
    // A replica without HA in prod is caught by productionIsProtected (database.highAvailability).
    if (env.tier === "prod" && !db.readReplica) {
      issues.push({ path: ["database", "readReplica"], message: 'must be true: reports and analytics read from a replica, never from the engine\'s primary (required for tier "prod")' });
    }
    return issues;
  },
  function cacheFitsMemorystore(env) {
    const c = env.cache;
    const issues: Issue[] = [];
    if (c.engine !== "redis") {
      issues.push({
        path: ["cache", "engine"],
        message: 'must be "redis" on GCP: Memorystore for Valkey authenticates only with IAM tokens, not the AUTH password the apps use (docs/adr/0006-gcp-memorystore-redis.md)',
      });
    }
    if (!["6.x", "7.0", "7.2"].includes(c.version)) issues.push({ path: ["cache", "version"], message: "is not a Memorystore for Redis version; allowed: 6.x, 7.0, 7.2" });
    if (!Number.isInteger(c.memoryGiB)) issues.push({ path: ["cache", "memoryGiB"], message: "must be a whole number of GiB on Memorystore" });
    return issues;
  },
  function natFieldsActOnGcp(env) {
    const issues: Issue[] = [];
    if (env.cost.singleNatGateway) {
      issues.push({ path: ["cost", "singleNatGateway"], message: "has no effect on GCP (Cloud NAT is a regional, distributed service without per-zone gateways); remove it" });
    }
    if (env.tier === "prod" && env.gcp && env.gcp.egressAddresses < 2) {
      issues.push({ path: ["gcp", "egressAddresses"], message: 'must be at least 2 in prod: partners allow-list fixed egress addresses, and one address caps NAT ports (required for tier "prod")' });
    }
    return issues;
  },
];

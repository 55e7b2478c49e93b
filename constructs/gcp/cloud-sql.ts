import { SqlDatabase } from "@cdktf/provider-google/lib/sql-database";
import { SqlDatabaseInstance } from "@cdktf/provider-google/lib/sql-database-instance";
import { SqlUser } from "@cdktf/provider-google/lib/sql-user";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { Naming } from "../core/naming";
import type { GcpNetwork } from "./network";

export interface CloudSqlProps {
  readonly naming: Naming;
  readonly projectId: string;
  readonly region: string;
  readonly network: GcpNetwork;
  /** The Private Service Access peering; the instance gets its private IP through it. */
  readonly privateServiceAccess: ITerraformDependable;
  readonly engine: "postgres" | "mysql";
  /** `17` for PostgreSQL 17, `8.0` / `8.4` for MySQL. */
  readonly version: string;
  /** Cloud SQL tier, e.g. `db-custom-2-7680`. */
  readonly tier: string;
  readonly diskGiB: number;
  /** REGIONAL (a standby in another zone, automatic failover) instead of ZONAL. */
  readonly highAvailability: boolean;
  /** Refuse deletion both in Terraform and in the Cloud SQL API. */
  readonly deletionProtection: boolean;
  readonly backups: { readonly enabled: boolean; readonly retentionDays: number; readonly pointInTimeRecovery: boolean };
  /** A read replica named `report` for reporting and analytics reads. */
  readonly readReplica: boolean;
  readonly databaseName: string;
  readonly username: string;
  /** The user's password, sent write-only (never in state); the same value the secret store holds. */
  readonly password: string;
  /**
   * Bump to set `password` again.
   * @default 1
   */
  readonly passwordVersion?: number;
}

/** Flags that log what an incident review needs (CIS Cloud SQL benchmark), per engine. */
const DATABASE_FLAGS: Readonly<Record<CloudSqlProps["engine"], ReadonlyArray<{ name: string; value: string }>>> = {
  postgres: [
    { name: "log_checkpoints", value: "on" },
    { name: "log_connections", value: "on" },
    { name: "log_disconnections", value: "on" },
    { name: "log_lock_waits", value: "on" },
    { name: "log_temp_files", value: "0" },
    { name: "log_min_duration_statement", value: "-1" },
    { name: "cloudsql.enable_pgaudit", value: "on" },
  ],
  mysql: [
    { name: "local_infile", value: "off" },
    { name: "skip_show_database", value: "on" },
  ],
};

/** `17` -> `POSTGRES_17`, `8.0` -> `MYSQL_8_0`. */
function databaseVersion(engine: CloudSqlProps["engine"], version: string): string {
  return `${engine === "postgres" ? "POSTGRES" : "MYSQL"}_${version.replace(".", "_")}`;
}

/**
 * A Cloud SQL instance with a private IP only, TLS required, automated backups with point-in-time
 * recovery, the application database and its user; optionally REGIONAL and with a `report` replica.
 */
export class CloudSql extends Construct {
  readonly instance: SqlDatabaseInstance;
  readonly replica?: SqlDatabaseInstance;
  readonly database: SqlDatabase;
  readonly user: SqlUser;
  readonly port: number;

  constructor(scope: Construct, id: string, props: CloudSqlProps) {
    super(scope, id);
    if (props.readReplica && !props.backups.enabled) {
      throw new Error("CloudSql: readReplica needs backups.enabled (Cloud SQL builds replicas from the primary's binary log / backups)");
    }
    this.port = props.engine === "postgres" ? 5432 : 3306;
    const ipConfiguration = {
      // Reachable only from the VPC through Private Service Access; no public address at all.
      ipv4Enabled: false,
      privateNetwork: props.network.network.id,
      // Clients must use TLS; the server's certificate comes from the per-instance CA.
      sslMode: "ENCRYPTED_ONLY",
    };
    const settingsBase = {
      tier: props.tier,
      // Enterprise Plus (the default from PostgreSQL 16) does not accept db-custom tiers.
      edition: "ENTERPRISE",
      diskSize: props.diskGiB,
      diskType: "PD_SSD",
      diskAutoresize: true,
      deletionProtectionEnabled: props.deletionProtection,
      ipConfiguration,
      databaseFlags: [...DATABASE_FLAGS[props.engine]],
      insightsConfig: { queryInsightsEnabled: true },
    };
    this.instance = new SqlDatabaseInstance(this, "instance", {
      name: props.naming.name(["db"], 80),
      project: props.projectId,
      region: props.region,
      databaseVersion: databaseVersion(props.engine, props.version),
      deletionProtection: props.deletionProtection,
      settings: {
        ...settingsBase,
        availabilityType: props.highAvailability ? "REGIONAL" : "ZONAL",
        backupConfiguration: {
          enabled: props.backups.enabled,
          startTime: "01:00",
          // PostgreSQL keeps WAL for PITR; MySQL needs binary logs for it.
          pointInTimeRecoveryEnabled: props.engine === "postgres" ? props.backups.pointInTimeRecovery : undefined,
          binaryLogEnabled: props.engine === "mysql" ? props.backups.pointInTimeRecovery || props.readReplica : undefined,
          transactionLogRetentionDays: props.backups.pointInTimeRecovery ? Math.min(7, props.backups.retentionDays) : undefined,
          backupRetentionSettings: { retainedBackups: props.backups.retentionDays, retentionUnit: "COUNT" },
        },
        maintenanceWindow: { day: 2, hour: 3, updateTrack: "stable" },
      },
      dependsOn: [props.privateServiceAccess],
    });

    if (props.readReplica) {
      this.replica = new SqlDatabaseInstance(this, "replica", {
        name: props.naming.name(["db", "report"], 80),
        project: props.projectId,
        region: props.region,
        databaseVersion: databaseVersion(props.engine, props.version),
        masterInstanceName: this.instance.name,
        deletionProtection: props.deletionProtection,
        settings: { ...settingsBase, availabilityType: "ZONAL" },
        dependsOn: [props.privateServiceAccess],
      });
    }

    this.database = new SqlDatabase(this, "database", { name: props.databaseName, instance: this.instance.name, project: props.projectId });
    this.user = new SqlUser(this, "user", {
      name: props.username,
      instance: this.instance.name,
      project: props.projectId,
      passwordWo: props.password,
      passwordWoVersion: props.passwordVersion ?? 1,
      // PostgreSQL refuses to drop a role that owns objects; the instance's deletion removes it anyway.
      deletionPolicy: props.engine === "postgres" ? "ABANDON" : undefined,
    });
  }
}

import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import type { DatabaseEndpoint } from "../core/contracts";
import type { Naming } from "../core/naming";
import type { AwsNetwork } from "./network";
import { nodesOnlySecurityGroup } from "./nodes-only-security-group";
import { isRdsPostgresInstanceClass, RDS_POSTGRES_VERSIONS } from "./rds-instance-classes";

export interface PostgresDatabaseProps {
  readonly naming: Naming;
  readonly network: AwsNetwork;
  /** PostgreSQL major, e.g. `17`; RDS picks the newest minor and upgrades minors in the maintenance window. */
  readonly version: string;
  /** RDS instance class, e.g. `db.r7g.xlarge`. */
  readonly instanceClass: string;
  readonly storageGiB: number;
  /** A standby in a second zone with automatic failover (Multi-AZ). */
  readonly multiAz: boolean;
  /** Refuse deletion, and take a final snapshot when it is deleted after all. */
  readonly deletionProtection: boolean;
  /** Automated backups (and with them point-in-time recovery); 0 turns them off. */
  readonly backupRetentionDays: number;
  /**
   * A read replica (`<env>-postgres-report`) for reporting queries.
   * @default false
   */
  readonly readReplica?: boolean;
  /** Encrypts storage, the master password's secret and Performance Insights. */
  readonly key: KmsKey;
  /** The only security group admitted on 5432: the cluster's nodes. */
  readonly clientSecurityGroupId: string;
  /**
   * Name of the application database.
   * @default "orderbook"
   */
  readonly databaseName?: string;
}

/**
 * RDS for PostgreSQL in the database subnets: encrypted with the environment's key, SSL forced by the
 * parameter group, the master password generated and rotated by RDS in Secrets Manager (never in config,
 * state or outputs), Performance Insights on, reachable only from the cluster's nodes.
 */
export class PostgresDatabase extends Construct {
  readonly instance: DbInstance;
  readonly replica?: DbInstance;
  readonly endpoint: DatabaseEndpoint;
  /** ARN of the Secrets Manager secret RDS keeps the master credentials in. */
  readonly masterSecretArn: string;

  constructor(scope: Construct, id: string, props: PostgresDatabaseProps) {
    super(scope, id);
    const family = RDS_POSTGRES_VERSIONS[props.version.split(".")[0]];
    if (!family) throw new Error(`PostgresDatabase: version ${props.version} is not supported; allowed: ${Object.keys(RDS_POSTGRES_VERSIONS).join(", ")}`);
    if (!isRdsPostgresInstanceClass(props.instanceClass)) {
      throw new Error(`PostgresDatabase: instanceClass ${props.instanceClass} is not an RDS for PostgreSQL instance class`);
    }
    const n = props.naming;
    const name = n.name(["postgres"]);
    const databaseName = props.databaseName ?? "orderbook";
    const username = "orderbook_admin";

    const subnets = new DbSubnetGroup(this, "subnets", {
      name,
      description: `Database subnets of ${n.prefix}`,
      subnetIds: props.network.databaseSubnets.map((s) => s.id),
    });
    const sg = nodesOnlySecurityGroup(this, {
      name,
      description: `PostgreSQL of ${n.prefix}: the cluster's nodes only`,
      network: props.network,
      port: 5432,
      ruleDescription: "PostgreSQL from the EKS nodes",
      clientSecurityGroupId: props.clientSecurityGroupId,
    });
    const parameters = new DbParameterGroup(this, "parameters", {
      name,
      family,
      description: `PostgreSQL ${props.version} for ${n.prefix}: TLS only, logged DDL and slow statements`,
      parameter: [
        // Clients without TLS are refused, so the password never crosses the VPC in clear text.
        { name: "rds.force_ssl", value: "1" },
        { name: "log_statement", value: "ddl" },
        { name: "log_min_duration_statement", value: "1000" },
      ],
    });

    const encryption = { storageEncrypted: true, kmsKeyId: props.key.arn, performanceInsightsEnabled: true, performanceInsightsKmsKeyId: props.key.arn };
    this.instance = new DbInstance(this, "instance", {
      identifier: name,
      engine: "postgres",
      engineVersion: props.version,
      instanceClass: props.instanceClass,
      allocatedStorage: props.storageGiB,
      storageType: "gp3",
      dbName: databaseName,
      username,
      // RDS generates the password and keeps it in Secrets Manager, encrypted with our key.
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.key.arn,
      dbSubnetGroupName: subnets.name,
      vpcSecurityGroupIds: [sg.id],
      parameterGroupName: parameters.name,
      publiclyAccessible: false,
      multiAz: props.multiAz,
      ...encryption,
      performanceInsightsRetentionPeriod: 7,
      backupRetentionPeriod: props.backupRetentionDays,
      backupWindow: "02:00-03:00",
      maintenanceWindow: "sun:03:30-sun:04:30",
      copyTagsToSnapshot: true,
      deletionProtection: props.deletionProtection,
      skipFinalSnapshot: !props.deletionProtection,
      finalSnapshotIdentifier: props.deletionProtection ? `${name}-final` : undefined,
      autoMinorVersionUpgrade: true,
      iamDatabaseAuthenticationEnabled: true,
      enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
    });
    this.masterSecretArn = this.instance.masterUserSecret.get(0).secretArn;

    if (props.readReplica) {
      this.replica = new DbInstance(this, "replica", {
        identifier: n.name(["postgres", "report"]),
        replicateSourceDb: this.instance.identifier,
        instanceClass: props.instanceClass,
        storageType: "gp3",
        vpcSecurityGroupIds: [sg.id],
        parameterGroupName: parameters.name,
        publiclyAccessible: false,
        ...encryption,
        performanceInsightsRetentionPeriod: 7,
        // A replica has no backups of its own and is recreated from the primary.
        backupRetentionPeriod: 0,
        skipFinalSnapshot: true,
        deletionProtection: props.deletionProtection,
        autoMinorVersionUpgrade: true,
        iamDatabaseAuthenticationEnabled: true,
        enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
      });
    }

    this.endpoint = {
      engine: "postgres",
      host: this.instance.address,
      port: 5432,
      database: databaseName,
      username,
      passwordSecretName: this.masterSecretArn,
      readHost: this.replica?.address,
    };
  }
}

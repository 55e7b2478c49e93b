/**
 * The aws target's part of the environment schema: the `aws` block and the rules that only make sense on
 * AWS. Kept apart from `schema.ts` so the shared schema stays about what every target has.
 */
import { z } from "zod";
import { cidrsOverlap, isValidCidr } from "../../constructs/core/cidr";
import { CACHE_ENGINE_VERSIONS, cacheNodeType } from "../../constructs/aws/cache-node-types";
import { EKS_KUBERNETES_VERSIONS } from "../../constructs/aws/eks-addon-versions";
import { isRdsPostgresInstanceClass, RDS_POSTGRES_FAMILIES, RDS_POSTGRES_VERSIONS } from "../../constructs/aws/rds-instance-classes";
import { AWS_REGION_ZONES, AWS_REGIONS } from "../regions";

const cidr = z.string().refine(isValidCidr, "an IPv4 CIDR such as 10.0.0.0/16");

/** Five cron fields: minute hour day-of-month month day-of-week. */
const CRON = /^(\S+\s+){4}\S+$/;

/** An IAM role or user ARN in the commercial partition (the regions the schema accepts). */
const iamPrincipalArn = z
  .string()
  .regex(/^arn:aws:iam::[0-9]{12}:(role|user)\/[A-Za-z0-9+=,.@_/-]{1,512}$/, "an IAM role or user ARN such as arn:aws:iam::111122223333:role/platform-admin");

const iamRoleArn = z
  .string()
  .regex(/^arn:aws:iam::[0-9]{12}:role\/[A-Za-z0-9+=,.@_/-]{1,512}$/, "an IAM role ARN such as arn:aws:iam::111122223333:role/ci-deploy");

/** The `aws` block of an aws environment. */
export const awsSettings = z.strictObject({
  accountId: z.string().regex(/^[0-9]{12}$/, "a 12-digit AWS account id"),
  region: z.enum(AWS_REGIONS),
  /**
   * Who administers the cluster. The identity that runs the first apply gets no implicit admin
   * (`bootstrap_cluster_creator_admin_permissions = false`): every admin is listed here, as an access entry.
   */
  access: z.strictObject({
    /**
     * The role CI (and an operator running the upper stacks) assumes to deploy: cluster admin, and the
     * `--role-arn` of `aws eks get-token` in the platform and apps stacks' provider config.
     */
    deployRoleArn: iamRoleArn,
    /** Further IAM roles or users with cluster admin (operators, break-glass). */
    adminPrincipalArns: z.array(iamPrincipalArn).default([]),
  }),
  /**
   * Explicit subnet ranges, one per zone, inside `network.cidr`.
   * @default - private /19s from the start of the VPC range, public and database /21s after them
   */
  subnets: z
    .strictObject({ private: z.array(cidr).min(2), public: z.array(cidr).min(2), database: z.array(cidr).min(2) })
    .optional(),
  /**
   * Scale every node pool to zero on a schedule and back up to its minimum (a dev cluster out of hours).
   * Cron expressions (minute hour day month weekday) in `timeZone`.
   * @default - always on
   */
  scaleDown: z
    .strictObject({
      downCron: z.string().regex(CRON, "a five-field cron expression such as 0 20 * * 1-5"),
      upCron: z.string().regex(CRON, "a five-field cron expression such as 0 7 * * 1-5"),
      timeZone: z.string().regex(/^[A-Za-z]+(\/[A-Za-z_+-]+)+$|^UTC$/, "an IANA time zone such as Europe/Berlin"),
    })
    .optional(),
  /** MSK, used when `kafka.mode` is "managed". */
  msk: z
    .strictObject({
      /** Serverless (IAM auth, pay per use) or provisioned brokers (`kafka.brokers` of `brokerInstanceType`). */
      kind: z.enum(["serverless", "provisioned"]).default("serverless"),
      brokerInstanceType: z.string().regex(/^kafka\.[a-z0-9]+\.[a-z0-9]+$/, "an MSK broker type such as kafka.m7g.large").default("kafka.m7g.large"),
    })
    .default({ kind: "serverless", brokerInstanceType: "kafka.m7g.large" }),
});

/** The fields of a parsed aws environment the rules below read. */
export interface AwsRuleInput {
  readonly tier: "dev" | "prod";
  readonly aws: z.output<typeof awsSettings>;
  readonly network: { readonly cidr: string; readonly zoneCount: number };
  readonly cluster: { readonly kubernetesVersion: string };
  readonly database: {
    readonly engine: string;
    readonly version: string;
    readonly instanceSize: string;
    readonly backups: { readonly enabled: boolean; readonly pointInTimeRecovery: boolean };
  };
  readonly cache: { readonly engine: "redis" | "valkey"; readonly version: string; readonly memoryGiB: number };
  readonly kafka: { readonly mode: string; readonly brokers: number };
}

type Rule = (env: AwsRuleInput, ctx: z.RefinementCtx) => void;

const issue = (ctx: z.RefinementCtx, path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });

/** Rules for aws environments only; each names the field it is about. */
export const awsRules: readonly Rule[] = [
  function scaleDownIsNotForProd(env, ctx) {
    if (env.tier === "prod" && env.aws.scaleDown) {
      issue(ctx, ["aws", "scaleDown"], 'must not be set for tier "prod": a prod cluster does not switch itself off');
    }
  },
  function zonesExistInRegion(env, ctx) {
    const zones = AWS_REGION_ZONES[env.aws.region];
    if (env.network.zoneCount > zones) {
      issue(ctx, ["network", "zoneCount"], `must not exceed the ${zones} availability zones of ${env.aws.region}`);
    }
  },
  function kubernetesVersionInStandardSupport(env, ctx) {
    if (!(EKS_KUBERNETES_VERSIONS as readonly string[]).includes(env.cluster.kubernetesVersion)) {
      issue(
        ctx,
        ["cluster", "kubernetesVersion"],
        `is not a Kubernetes version in EKS standard support with pinned add-ons; supported: ${EKS_KUBERNETES_VERSIONS.join(", ")}`,
      );
    }
  },
  function subnetsFitTheVpc(env, ctx) {
    const subnets = env.aws.subnets;
    if (!subnets) return;
    const all: Array<{ path: (string | number)[]; cidr: string }> = [];
    for (const kind of ["private", "public", "database"] as const) {
      if (subnets[kind].length !== env.network.zoneCount) {
        issue(ctx, ["aws", "subnets", kind], `must list one range per zone (network.zoneCount = ${env.network.zoneCount}), found ${subnets[kind].length}`);
      }
      subnets[kind].forEach((c, i) => all.push({ path: ["aws", "subnets", kind, i], cidr: c }));
    }
    for (const s of all) {
      if (!isValidCidr(s.cidr)) continue;
      if (!cidrContains(env.network.cidr, s.cidr)) issue(ctx, s.path, `must be inside network.cidr (${env.network.cidr})`);
    }
    for (let i = 0; i < all.length; i++) {
      for (let j = i + 1; j < all.length; j++) {
        if (isValidCidr(all[i].cidr) && isValidCidr(all[j].cidr) && cidrsOverlap(all[i].cidr, all[j].cidr)) {
          issue(ctx, all[j].path, `overlaps aws.subnets.${all[i].path.slice(2).join(".")} (${all[i].cidr}); subnets must be disjoint`);
        }
      }
    }
  },
  function databaseIsRdsPostgres(env, ctx) {
    if (env.database.engine !== "postgres") {
      issue(ctx, ["database", "engine"], 'must be "postgres" on target "aws" (RDS for PostgreSQL; MySQL is not built for AWS)');
      return;
    }
    const major = env.database.version.split(".")[0];
    if (!(major in RDS_POSTGRES_VERSIONS)) {
      issue(ctx, ["database", "version"], `is not an RDS for PostgreSQL major the aws target supports; allowed: ${Object.keys(RDS_POSTGRES_VERSIONS).join(", ")}`);
    }
    if (!isRdsPostgresInstanceClass(env.database.instanceSize)) {
      issue(
        ctx,
        ["database", "instanceSize"],
        `is not an instance class RDS offers for PostgreSQL; use db.<family>.<size> with a family among ${RDS_POSTGRES_FAMILIES.join(", ")} (burstable t-families up to 2xlarge, others from large)`,
      );
    }
  },
  function pointInTimeRecoveryFollowsBackups(env, ctx) {
    if (env.database.backups.pointInTimeRecovery !== env.database.backups.enabled) {
      issue(
        ctx,
        ["database", "backups", "pointInTimeRecovery"],
        `must equal database.backups.enabled (${env.database.backups.enabled}) on target "aws": RDS point-in-time recovery is on exactly when automated backups are`,
      );
    }
  },
  function cacheEngineVersionOffered(env, ctx) {
    const versions = CACHE_ENGINE_VERSIONS[env.cache.engine];
    if (!(env.cache.version in versions)) {
      issue(ctx, ["cache", "version"], `is not an ElastiCache ${env.cache.engine} version the aws target supports; allowed: ${Object.keys(versions).join(", ")}`);
    }
    if (cacheNodeType(env.cache.memoryGiB) === undefined) {
      issue(ctx, ["cache", "memoryGiB"], "is more than the largest ElastiCache node type the aws target uses (cache.r7g.12xlarge, 317.77 GiB)");
    }
  },
  function mskBrokersSpreadOverZones(env, ctx) {
    if (env.kafka.mode === "managed" && env.aws.msk.kind === "provisioned" && env.kafka.brokers % env.network.zoneCount !== 0) {
      issue(ctx, ["kafka", "brokers"], `must be a multiple of network.zoneCount (${env.network.zoneCount}) for provisioned MSK: brokers are spread evenly over the zones`);
    }
  },
];

/** True when `inner` lies entirely inside `outer` (both valid IPv4 CIDRs). */
function cidrContains(outer: string, inner: string): boolean {
  return Number(inner.split("/")[1]) >= Number(outer.split("/")[1]) && cidrsOverlap(outer, inner);
}

import { brokenEnvironment, environmentProblems } from "../../helpers";
import awsDev from "../../../environments/aws-dev";
import awsProd from "../../../environments/aws-prod";


/** The problems the schema reports, one line each. */
function problems(raw: unknown, file: string): string[] {
  return environmentProblems(raw, file).map((p) => `${p.field}: ${p.message}; received ${p.received}`);
}

const dev = (mutate: (env: Record<string, any>) => void) => problems(brokenEnvironment(awsDev, mutate), "environments/aws-dev.ts");
const prod = (mutate: (env: Record<string, any>) => void) => problems(brokenEnvironment(awsProd, mutate), "environments/aws-prod.ts");

describe("aws environment schema", () => {
  it("fails when the region does not exist", () => {
    expect(dev((e) => (e.aws.region = "eu-middle-1"))).toEqual([expect.stringMatching(/^aws\.region: .*"eu-central-1".*; received "eu-middle-1"$/)]);
  });

  it("fails when there are fewer than two zones", () => {
    expect(dev((e) => (e.network.zoneCount = 1))).toEqual([
      "network.zoneCount: must be at least 2: EKS requires subnets in two availability zones; received 1",
    ]);
  });

  it("fails when there are more zones than the region has", () => {
    expect(dev((e) => ((e.aws.region = "us-west-1"), (e.state.region = "us-west-1"), (e.network.zoneCount = 3)))).toEqual([
      "network.zoneCount: must not exceed the 2 availability zones of us-west-1; received 3",
    ]);
  });

  it("fails when a subnet lies outside the VPC", () => {
    const out = dev((e) => (e.aws.subnets = { private: ["10.30.0.0/19", "10.99.32.0/19"], public: ["10.30.128.0/21", "10.30.136.0/21"], database: ["10.30.160.0/21", "10.30.168.0/21"] }));
    expect(out).toEqual(['aws.subnets.private.1: must be inside network.cidr (10.30.0.0/16); received "10.99.32.0/19"']);
  });

  it("fails when subnets overlap", () => {
    const out = dev((e) => (e.aws.subnets = { private: ["10.30.0.0/19", "10.30.32.0/19"], public: ["10.30.128.0/21", "10.30.136.0/21"], database: ["10.30.136.0/22", "10.30.168.0/21"] }));
    expect(out).toEqual(['aws.subnets.database.0: overlaps aws.subnets.public.1 (10.30.136.0/21); subnets must be disjoint; received "10.30.136.0/22"']);
  });

  it("fails when a subnet list does not give one range per zone", () => {
    const out = dev((e) => (e.aws.subnets = { private: ["10.30.0.0/19", "10.30.32.0/19", "10.30.64.0/19"], public: ["10.30.128.0/21", "10.30.136.0/21"], database: ["10.30.160.0/21", "10.30.168.0/21"] }));
    expect(out).toEqual([expect.stringMatching(/^aws\.subnets\.private: must list one range per zone \(network\.zoneCount = 2\), found 3; received /)]);
  });

  it("fails when RDS does not offer the instance class for PostgreSQL", () => {
    expect(dev((e) => (e.database.instanceSize = "db.t4g.4xlarge"))).toEqual([
      expect.stringMatching(/^database\.instanceSize: is not an instance class RDS offers for PostgreSQL; use db\.<family>\.<size> .*; received "db\.t4g\.4xlarge"$/),
    ]);
    expect(dev((e) => (e.database.instanceSize = "n2-standard-4"))).toEqual([expect.stringMatching(/^database\.instanceSize: is not an instance class RDS offers/)]);
  });

  it("fails when the database engine is not PostgreSQL", () => {
    expect(dev((e) => (e.database.engine = "mysql"))).toEqual([
      'database.engine: must be "postgres" on target "aws" (RDS for PostgreSQL; MySQL is not built for AWS); received "mysql"',
    ]);
  });

  it("fails when the PostgreSQL major is not supported", () => {
    expect(dev((e) => (e.database.version = "12"))).toEqual([
      'database.version: is not an RDS for PostgreSQL major the aws target supports; allowed: 15, 16, 17; received "12"',
    ]);
  });

  it("fails when Multi-AZ is off in prod", () => {
    expect(prod((e) => (e.database.highAvailability = false))).toEqual([
      'database.highAvailability: must be true: a prod database is highly available (required for tier "prod"); received false',
    ]);
  });

  it("fails when point-in-time recovery is configured apart from backups", () => {
    expect(dev((e) => (e.database.backups.pointInTimeRecovery = false))).toEqual([
      'database.backups.pointInTimeRecovery: must equal database.backups.enabled (true) on target "aws": RDS point-in-time recovery is on exactly when automated backups are; received false',
    ]);
  });

  it("fails when the Kubernetes version is not in EKS standard support", () => {
    expect(dev((e) => (e.cluster.kubernetesVersion = "1.29"))).toEqual([
      'cluster.kubernetesVersion: is not a Kubernetes version in EKS standard support with pinned add-ons; supported: 1.35; received "1.29"',
    ]);
  });

  it("fails when an access-entry principal is not an IAM ARN", () => {
    expect(dev((e) => (e.aws.access.adminPrincipalArns = ["platform-admins"]))).toEqual([
      expect.stringMatching(/^aws\.access\.adminPrincipalArns\.0: an IAM role or user ARN such as arn:aws:iam::111122223333:role\/platform-admin; received "platform-admins"$/),
    ]);
  });

  it("fails when the deploy role is not an IAM role ARN", () => {
    expect(dev((e) => (e.aws.access.deployRoleArn = "arn:aws:iam::111122223333:user/ci"))).toEqual([
      expect.stringMatching(/^aws\.access\.deployRoleArn: an IAM role ARN such as .*; received "arn:aws:iam::111122223333:user\/ci"$/),
    ]);
  });

  it("fails when a prod environment schedules its nodes off", () => {
    expect(prod((e) => (e.aws.scaleDown = { downCron: "0 20 * * 1-5", upCron: "0 7 * * 1-5", timeZone: "Europe/Berlin" }))).toEqual([
      'aws.scaleDown: must not be set for tier "prod": a prod cluster does not switch itself off; received {"downCron":"0 20 * * 1-5","upCron":"0 7 * * 1-5","timeZone":"Europe/Berlin"}',
    ]);
  });

  it("fails when a scale-down schedule is not a cron expression", () => {
    expect(dev((e) => (e.aws.scaleDown.downCron = "at 8pm"))).toEqual(['aws.scaleDown.downCron: a five-field cron expression such as 0 20 * * 1-5; received "at 8pm"']);
  });

  it("fails when the cache engine version is not offered", () => {
    expect(dev((e) => (e.cache.version = "6.2"))).toEqual(['cache.version: is not an ElastiCache valkey version the aws target supports; allowed: 7.2, 8.0, 8.1; received "6.2"']);
  });
});

describe("aws environment schema: MSK", () => {
  it("fails when provisioned MSK brokers do not spread evenly over the zones", () => {
    expect(dev((e) => ((e.kafka.mode = "managed"), (e.aws.msk = { kind: "provisioned" }), (e.kafka.brokers = 3), (e.kafka.replicationFactor = 1)))).toEqual([
      "kafka.brokers: must be a multiple of network.zoneCount (2) for provisioned MSK: brokers are spread evenly over the zones; received 3",
    ]);
  });
});

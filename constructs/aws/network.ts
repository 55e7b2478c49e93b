import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsAvailabilityZones } from "@cdktf/provider-aws/lib/data-aws-availability-zones";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { cidrSubnet } from "../core/cidr";
import type { Naming } from "../core/naming";
import { cloudwatchRetentionDays } from "./log-retention";

/** Subnet ranges, one per zone and kind. */
export interface AwsSubnetRanges {
  readonly private: readonly string[];
  readonly public: readonly string[];
  readonly database: readonly string[];
}

export interface AwsNetworkProps {
  readonly naming: Naming;
  /** Region of the VPC (the S3 gateway endpoint's service name is regional). */
  readonly region: string;
  /** The environment's account; the flow-log role trusts the service only on its behalf. */
  readonly accountId: string;
  /** The VPC's range; a /16 to /20. */
  readonly cidr: string;
  /**
   * Subnet ranges, one per zone of each kind, inside `cidr` and disjoint (the schema checks both).
   * @default - private /(n+3)s fill the first half of `cidr`; public /(n+5)s start at index 16, database /(n+5)s at index 20
   */
  readonly subnets?: AwsSubnetRanges;
  /** Number of availability zones (2 to 4). */
  readonly zoneCount: number;
  /**
   * One NAT gateway for all zones instead of one per zone (cheaper, but a zone outage cuts egress).
   * @default false
   */
  readonly singleNatGateway?: boolean;
  /** Name of the EKS cluster, for the subnet discovery tags load balancers use. */
  readonly clusterName: string;
  /** Retention of the VPC flow logs. */
  readonly flowLogRetentionDays: number;
  /** Encrypts the flow logs. */
  readonly logKey: KmsKey;
}

/**
 * A VPC across `zoneCount` zones: private subnets for nodes, public subnets for load balancers and NAT,
 * database subnets with no route out of the VPC, an S3 gateway endpoint, flow logs, and a default security
 * group that admits nothing.
 */
export class AwsNetwork extends Construct {
  readonly vpc: Vpc;
  readonly privateSubnets: Subnet[];
  readonly publicSubnets: Subnet[];
  /** For RDS, ElastiCache and MSK: no default route, so a data service cannot reach or be reached from outside. */
  readonly databaseSubnets: Subnet[];

  constructor(scope: Construct, id: string, props: AwsNetworkProps) {
    super(scope, id);
    if (props.zoneCount < 2 || props.zoneCount > 4) throw new Error(`AwsNetwork: zoneCount must be 2 to 4, got ${props.zoneCount}`);
    const bits = Number(props.cidr.split("/")[1]);
    if (!(bits >= 16 && bits <= 20)) throw new Error(`AwsNetwork: cidr must be a /16 to /20, got ${props.cidr}`);
    const n = props.naming;
    const ranges: AwsSubnetRanges = props.subnets ?? {
      private: Array.from({ length: props.zoneCount }, (_, i) => cidrSubnet(props.cidr, 3, i)),
      public: Array.from({ length: props.zoneCount }, (_, i) => cidrSubnet(props.cidr, 5, 16 + i)),
      database: Array.from({ length: props.zoneCount }, (_, i) => cidrSubnet(props.cidr, 5, 20 + i)),
    };
    for (const kind of ["private", "public", "database"] as const) {
      if (ranges[kind].length !== props.zoneCount) {
        throw new Error(`AwsNetwork: subnets.${kind} must list ${props.zoneCount} ranges (one per zone), got ${ranges[kind].length}`);
      }
    }

    const zones = new DataAwsAvailabilityZones(this, "zones", { state: "available" });
    this.vpc = new Vpc(this, "vpc", {
      cidrBlock: props.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: n.name(["vpc"]) },
    });
    // The default security group stays empty, so nothing can use it by accident.
    new DefaultSecurityGroup(this, "default-sg", { vpcId: this.vpc.id, tags: { Name: n.name(["default-deny"]) } });

    const igw = new InternetGateway(this, "igw", { vpcId: this.vpc.id, tags: { Name: n.name(["igw"]) } });
    // Routes are separate resources: inline `route` blocks need every attribute spelled out in JSON
    // (they are attributes-as-blocks), and mixing both styles makes Terraform fight itself.
    const publicRoutes = new RouteTable(this, "public-rt", { vpcId: this.vpc.id, tags: { Name: n.name(["public"]) } });
    new Route(this, "public-default-route", { routeTableId: publicRoutes.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id });

    this.publicSubnets = [];
    this.privateSubnets = [];
    this.databaseSubnets = [];
    const privateRouteTables: RouteTable[] = [];
    const databaseRoutes = new RouteTable(this, "database-rt", { vpcId: this.vpc.id, tags: { Name: n.name(["database"]) } });
    const nats: NatGateway[] = [];
    for (let i = 0; i < props.zoneCount; i++) {
      const az = Fn.element(zones.names, i);
      const pub = new Subnet(this, `public-${i}`, {
        vpcId: this.vpc.id,
        availabilityZone: az,
        cidrBlock: ranges.public[i],
        // Instances in public subnets get no public IP unless asked; only load balancers and NAT live here.
        mapPublicIpOnLaunch: false,
        tags: { Name: n.name(["public", String(i)]), "kubernetes.io/role/elb": "1" },
      });
      new RouteTableAssociation(this, `public-rta-${i}`, { subnetId: pub.id, routeTableId: publicRoutes.id });
      this.publicSubnets.push(pub);

      if (i === 0 || !props.singleNatGateway) {
        const eip = new Eip(this, `nat-eip-${i}`, { domain: "vpc", tags: { Name: n.name(["nat", String(i)]) } });
        nats.push(
          new NatGateway(this, `nat-${i}`, {
            allocationId: eip.id,
            subnetId: pub.id,
            tags: { Name: n.name(["nat", String(i)]) },
            dependsOn: [igw],
          }),
        );
      }
      const priv = new Subnet(this, `private-${i}`, {
        vpcId: this.vpc.id,
        availabilityZone: az,
        cidrBlock: ranges.private[i],
        tags: {
          Name: n.name(["private", String(i)]),
          "kubernetes.io/role/internal-elb": "1",
          [`kubernetes.io/cluster/${props.clusterName}`]: "shared",
        },
      });
      const rt = new RouteTable(this, `private-rt-${i}`, { vpcId: this.vpc.id, tags: { Name: n.name(["private", String(i)]) } });
      new Route(this, `private-default-route-${i}`, {
        routeTableId: rt.id,
        destinationCidrBlock: "0.0.0.0/0",
        natGatewayId: nats[nats.length - 1].id,
      });
      new RouteTableAssociation(this, `private-rta-${i}`, { subnetId: priv.id, routeTableId: rt.id });
      this.privateSubnets.push(priv);
      privateRouteTables.push(rt);

      const db = new Subnet(this, `database-${i}`, {
        vpcId: this.vpc.id,
        availabilityZone: az,
        cidrBlock: ranges.database[i],
        tags: { Name: n.name(["database", String(i)]) },
      });
      new RouteTableAssociation(this, `database-rta-${i}`, { subnetId: db.id, routeTableId: databaseRoutes.id });
      this.databaseSubnets.push(db);
    }

    // Image layers (ECR stores them in S3), Loki's chunks and backups reach S3 without NAT charges.
    new VpcEndpoint(this, "s3-endpoint", {
      vpcId: this.vpc.id,
      serviceName: `com.amazonaws.${props.region}.s3`,
      vpcEndpointType: "Gateway",
      routeTableIds: privateRouteTables.map((rt) => rt.id),
      tags: { Name: n.name(["s3"]) },
    });

    const logGroup = new CloudwatchLogGroup(this, "flow-logs", {
      name: `/orderbook/${n.name(["vpc-flow-logs"])}`,
      retentionInDays: cloudwatchRetentionDays(props.flowLogRetentionDays),
      kmsKeyId: props.logKey.arn,
    });
    const flowRole = new IamRole(this, "flow-logs-role", {
      name: n.name(["vpc-flow-logs"], 64),
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "vpc-flow-logs.amazonaws.com" },
            Action: "sts:AssumeRole",
            // Confused-deputy guard: the service assumes this role only for flow logs of this account.
            Condition: {
              StringEquals: { "aws:SourceAccount": props.accountId },
              ArnLike: { "aws:SourceArn": `arn:aws:ec2:${props.region}:${props.accountId}:vpc-flow-log/*` },
            },
          },
        ],
      }),
    });
    new IamRolePolicy(this, "flow-logs-policy", {
      role: flowRole.id,
      policy: Fn.jsonencode({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            Resource: `${logGroup.arn}:*`,
          },
        ],
      }),
    });
    new FlowLog(this, "flow-log", {
      vpcId: this.vpc.id,
      trafficType: "ALL",
      logDestination: logGroup.arn,
      iamRoleArn: flowRole.arn,
      maxAggregationInterval: 60,
    });
  }
}

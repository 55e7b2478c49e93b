import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { AwsNetwork, type AwsNetworkProps } from "../../../constructs/aws/network";
import { cidrsOverlap } from "../../../constructs/core/cidr";
import { Naming } from "../../../constructs/core/naming";
import { resources, synthStack } from "../../helpers";

function build(overrides: Partial<AwsNetworkProps> = {}) {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "eu-central-1" });
  new AwsNetwork(stack, "net", { naming: new Naming("t"), region: "eu-central-1", accountId: "111122223333", cidr: "10.0.0.0/16", zoneCount: 3, clusterName: "t-eks", flowLogRetentionDays: 10, logKey: new KmsKey(stack, "logs", {}), ...overrides });
  return synthStack(stack);
}

describe("AwsNetwork", () => {
  it("creates a public, a private and a database subnet per zone, none overlapping", () => {
    const cidrs = resources(build(), "aws_subnet").map((s) => s.cidr_block);
    expect(cidrs.sort()).toEqual([
      "10.0.0.0/19", "10.0.128.0/21", "10.0.136.0/21", "10.0.144.0/21", "10.0.160.0/21", "10.0.168.0/21", "10.0.176.0/21",
      "10.0.32.0/19", "10.0.64.0/19",
    ]);
    for (let i = 0; i < cidrs.length; i++) for (let j = i + 1; j < cidrs.length; j++) expect(cidrsOverlap(cidrs[i], cidrs[j])).toBe(false);
  });

  it("puts a NAT gateway in every zone by default", () => {
    expect(resources(build(), "aws_nat_gateway")).toHaveLength(3);
  });

  it("shares one NAT gateway when singleNatGateway is set", () => {
    const synth = build({ singleNatGateway: true });
    expect(resources(synth, "aws_nat_gateway")).toHaveLength(1);
    const routes = resources(synth, "aws_route").filter((r) => r.nat_gateway_id);
    expect(routes).toHaveLength(3);
    expect(new Set(routes.map((r) => r.nat_gateway_id)).size).toBe(1);
  });

  it("logs all VPC traffic with the next allowed CloudWatch retention", () => {
    const synth = build();
    expect(resources(synth, "aws_flow_log")[0].traffic_type).toBe("ALL");
    expect(resources(synth, "aws_cloudwatch_log_group")[0].retention_in_days).toBe(14);
  });

  it("tags subnets for load balancer discovery", () => {
    const subnets = resources(build(), "aws_subnet");
    expect(subnets.filter((s) => s.tags["kubernetes.io/role/elb"] === "1")).toHaveLength(3);
    expect(subnets.filter((s) => s.tags["kubernetes.io/role/internal-elb"] === "1")).toHaveLength(3);
  });

  it("uses explicit subnet ranges when given", () => {
    const subnets = { private: ["10.0.0.0/20", "10.0.16.0/20"], public: ["10.0.32.0/24", "10.0.33.0/24"], database: ["10.0.40.0/24", "10.0.41.0/24"] };
    const cidrs = resources(build({ zoneCount: 2, subnets }), "aws_subnet").map((s) => s.cidr_block);
    expect(cidrs.sort()).toEqual([...subnets.private, ...subnets.public, ...subnets.database].sort());
  });

  it("gives database subnets a route table with no route out of the VPC", () => {
    const synth = build();
    const dbTable = Object.entries(synth.resource.aws_route_table).find(([, t]: [string, any]) => t.tags.Name === "t-database")![0];
    const routes = resources(synth, "aws_route").filter((r) => String(r.route_table_id).includes(dbTable));
    expect(routes).toEqual([]);
    const assoc = resources(synth, "aws_route_table_association").filter((a) => String(a.route_table_id).includes(dbTable));
    expect(assoc).toHaveLength(3);
  });

  it("routes the private subnets to S3 through a gateway endpoint", () => {
    const endpoint = resources(build(), "aws_vpc_endpoint")[0];
    expect(endpoint).toMatchObject({ service_name: "com.amazonaws.eu-central-1.s3", vpc_endpoint_type: "Gateway" });
    expect(endpoint.route_table_ids).toHaveLength(3);
  });

  it("lets the flow-log service assume its role only for this account", () => {
    const role = resources(build(), "aws_iam_role").find((r) => r.name === "t-vpc-flow-logs")!;
    const trust = JSON.parse(role.assume_role_policy);
    expect(trust.Statement[0].Condition).toEqual({
      StringEquals: { "aws:SourceAccount": "111122223333" },
      ArnLike: { "aws:SourceArn": "arn:aws:ec2:eu-central-1:111122223333:vpc-flow-log/*" },
    });
  });

  it("fails when explicit subnets do not give one range per zone", () => {
    expect(() => build({ zoneCount: 2, subnets: { private: ["10.0.0.0/20"], public: ["10.0.32.0/24", "10.0.33.0/24"], database: ["10.0.40.0/24", "10.0.41.0/24"] } })).toThrow(
      "AwsNetwork: subnets.private must list 2 ranges (one per zone), got 1",
    );
  });

  it("fails when there are fewer than two zones", () => {
    expect(() => build({ zoneCount: 1 })).toThrow("AwsNetwork: zoneCount must be 2 to 4, got 1");
  });
});

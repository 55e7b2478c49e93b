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
  new AwsNetwork(stack, "net", { naming: new Naming("t"), cidr: "10.0.0.0/16", zoneCount: 3, clusterName: "t-eks", flowLogRetentionDays: 10, logKey: new KmsKey(stack, "logs", {}), ...overrides });
  return synthStack(stack);
}

describe("AwsNetwork", () => {
  it("creates a public and a private subnet per zone, none overlapping", () => {
    const cidrs = resources(build(), "aws_subnet").map((s) => s.cidr_block);
    expect(cidrs.sort()).toEqual(["10.0.0.0/19", "10.0.128.0/21", "10.0.136.0/21", "10.0.144.0/21", "10.0.32.0/19", "10.0.64.0/19"]);
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

  it("fails when there are fewer than two zones", () => {
    expect(() => build({ zoneCount: 1 })).toThrow("AwsNetwork: zoneCount must be 2 to 4, got 1");
  });
});

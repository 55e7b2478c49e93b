import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { KafkaCluster, type KafkaClusterProps } from "../../../constructs/aws/kafka-cluster";
import { AwsNetwork } from "../../../constructs/aws/network";
import { Naming } from "../../../constructs/core/naming";
import { only, resources, synthStack } from "../../helpers";

function build(overrides: Partial<KafkaClusterProps> = {}) {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "eu-central-1" });
  const naming = new Naming("t");
  const key = new KmsKey(stack, "key", {});
  const network = new AwsNetwork(stack, "net", { naming, region: "eu-central-1", accountId: "111122223333", cidr: "10.0.0.0/16", zoneCount: 3, clusterName: "t-eks", flowLogRetentionDays: 7, logKey: key });
  new KafkaCluster(stack, "kafka", { naming, network, kind: "provisioned", brokers: 3, brokerInstanceType: "kafka.m7g.large", storageGiB: 100, key, clientSecurityGroupId: "sg-0123", ...overrides });
  return synthStack(stack);
}

describe("KafkaCluster", () => {
  it("runs provisioned brokers with IAM auth, TLS only and KMS at rest", () => {
    const cluster = only(build(), "aws_msk_cluster");
    expect(cluster).toMatchObject({
      number_of_broker_nodes: 3,
      client_authentication: { sasl: { iam: true }, unauthenticated: false },
      encryption_info: { encryption_at_rest_kms_key_arn: "${aws_kms_key.key.arn}", encryption_in_transit: { client_broker: "TLS", in_cluster: true } },
    });
    expect(cluster.broker_node_group_info.storage_info.ebs_storage_info.volume_size).toBe(100);
  });

  it("admits only the given security group on the IAM/TLS port", () => {
    const rule = only(build(), "aws_vpc_security_group_ingress_rule");
    expect(rule).toMatchObject({ from_port: 9098, to_port: 9098, referenced_security_group_id: "sg-0123" });
  });

  it("creates a serverless cluster when asked", () => {
    const synth = build({ kind: "serverless" });
    expect(resources(synth, "aws_msk_cluster")).toHaveLength(0);
    expect(only(synth, "aws_msk_serverless_cluster").vpc_config[0].subnet_ids).toHaveLength(3);
  });

  it("fails when provisioned brokers do not spread evenly over the zones", () => {
    expect(() => build({ brokers: 4 })).toThrow("KafkaCluster: brokers (4) must be a multiple of the zone count (3) for a provisioned cluster");
  });
});

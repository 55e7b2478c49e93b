import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { EksCluster, type EksClusterProps } from "../../../constructs/aws/eks-cluster";
import { AwsNetwork } from "../../../constructs/aws/network";
import { Naming } from "../../../constructs/core/naming";
import { nodePools, only, resources, synthStack } from "../../helpers";

const groups = nodePools("m7i.large", "c7i.xlarge");

function build(overrides: Partial<EksClusterProps> = {}) {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "eu-central-1" });
  const naming = new Naming("t");
  const logKey = new KmsKey(stack, "logs", {});
  const network = new AwsNetwork(stack, "net", { naming, cidr: "10.0.0.0/16", zoneCount: 2, clusterName: "t-eks", flowLogRetentionDays: 7, logKey });
  new EksCluster(stack, "eks", {
    naming,
    region: "eu-central-1",
    network,
    kubernetesVersion: "1.33",
    servicesCidr: "172.20.0.0/16",
    nodeGroups: groups,
    logRetentionDays: 7,
    logKey,
    ...overrides,
  });
  return stack;
}

describe("EksCluster", () => {
  it("encrypts secrets with a rotating KMS key", () => {
    const synth = synthStack(build());
    expect(only(synth, "aws_eks_cluster").encryption_config.resources).toEqual(["secrets"]);
    const key = resources(synth, "aws_kms_key").find((k) => String(k.description).startsWith("Envelope encryption"))!;
    expect(key.enable_key_rotation).toBe(true);
    expect(only(synth, "aws_eks_cluster").encryption_config.provider.key_arn).toMatch(/^\$\{aws_kms_key\.eks_secrets-key_.*\.arn\}$/);
  });

  it("encrypts the control plane log group with the given key", () => {
    const group = resources(synthStack(build()), "aws_cloudwatch_log_group").find((g) => g.name === "/aws/eks/t-eks/cluster")!;
    expect(group.kms_key_id).toMatch(/^\$\{aws_kms_key\.logs\.arn\}$/);
  });

  it("keeps the endpoint private by default", () => {
    const cluster = only(synthStack(build()), "aws_eks_cluster");
    expect(cluster.vpc_config).toMatchObject({ endpoint_private_access: true, endpoint_public_access: false });
    expect(cluster.vpc_config.public_access_cidrs).toBeUndefined();
  });

  it("limits a public endpoint to the authorized networks", () => {
    const cluster = only(synthStack(build({ privateEndpoint: false, authorizedNetworks: [{ name: "vpn", cidr: "203.0.113.0/24" }] })), "aws_eks_cluster");
    expect(cluster.vpc_config).toMatchObject({ endpoint_public_access: true, public_access_cidrs: ["203.0.113.0/24"] });
  });

  it("requires IMDSv2 and encrypted disks on every node", () => {
    for (const lt of resources(synthStack(build()), "aws_launch_template")) {
      expect(lt.metadata_options).toMatchObject({ http_tokens: "required", http_put_response_hop_limit: 1 });
      expect(lt.block_device_mappings[0].ebs).toMatchObject({ encrypted: "true", volume_type: "gp3" });
    }
  });

  it("taints the engine node group and runs spot groups as SPOT", () => {
    const ngs = resources(synthStack(build()), "aws_eks_node_group");
    const engine = ngs.find((n) => n.node_group_name === "engine")!;
    const general = ngs.find((n) => n.node_group_name === "general")!;
    expect(engine.taint).toEqual([{ key: "orderbook.dev/dedicated", value: "engine", effect: "NO_SCHEDULE" }]);
    expect(engine.capacity_type).toBe("ON_DEMAND");
    expect(general.capacity_type).toBe("SPOT");
  });

  it("installs the core add-ons including the Pod Identity agent", () => {
    const addons = resources(synthStack(build()), "aws_eks_addon").map((a) => a.addon_name).sort();
    expect(addons).toEqual(["coredns", "eks-pod-identity-agent", "kube-proxy", "vpc-cni"]);
  });

  it("fails when a public endpoint has no authorized networks", () => {
    expect(() => build({ privateEndpoint: false })).toThrow("EksCluster: authorizedNetworks must list at least one CIDR when privateEndpoint is false");
  });

  it("fails when the authorized networks include the whole internet", () => {
    expect(() => build({ privateEndpoint: false, authorizedNetworks: [{ name: "all", cidr: "0.0.0.0/0" }] })).toThrow(
      "EksCluster: authorizedNetworks must not contain 0.0.0.0/0",
    );
  });
});

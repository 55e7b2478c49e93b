import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { EKS_ADDON_VERSIONS } from "../../../constructs/aws/eks-addon-versions";
import { EksCluster, type EksClusterProps } from "../../../constructs/aws/eks-cluster";
import { AwsNetwork } from "../../../constructs/aws/network";
import { Naming } from "../../../constructs/core/naming";
import { nodePools, only, resources, synthStack } from "../../helpers";

const groups = nodePools("m7i.large", "c7i.xlarge");
const DEPLOY = "arn:aws:iam::111122223333:role/ci-deploy";

function build(overrides: Partial<EksClusterProps> = {}) {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "eu-central-1" });
  const naming = new Naming("t");
  const logKey = new KmsKey(stack, "logs", {});
  const network = new AwsNetwork(stack, "net", {
    naming,
    region: "eu-central-1",
    accountId: "111122223333",
    cidr: "10.0.0.0/16",
    zoneCount: 2,
    clusterName: "t-eks",
    flowLogRetentionDays: 7,
    logKey,
  });
  new EksCluster(stack, "eks", {
    naming,
    region: "eu-central-1",
    accountId: "111122223333",
    network,
    kubernetesVersion: "1.35",
    deployRoleArn: DEPLOY,
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

  it("installs the core add-ons at the versions pinned for its Kubernetes version", () => {
    const addons = Object.fromEntries(resources(synthStack(build()), "aws_eks_addon").map((a) => [a.addon_name, a.addon_version]));
    expect(addons).toEqual(EKS_ADDON_VERSIONS["1.35"]);
  });

  it("does not let EKS install unmanaged copies of the core add-ons", () => {
    expect(only(synthStack(build()), "aws_eks_cluster").bootstrap_self_managed_addons).toBe(false);
  });

  it("turns on network policy enforcement in vpc-cni", () => {
    const cni = resources(synthStack(build()), "aws_eks_addon").find((a) => a.addon_name === "vpc-cni")!;
    expect(JSON.parse(cni.configuration_values)).toEqual({ enableNetworkPolicy: "true" });
  });

  it("gives vpc-cni and the EBS CSI driver their own Pod Identity roles", () => {
    const synth = synthStack(build());
    const addons = resources(synth, "aws_eks_addon");
    const cni = addons.find((a) => a.addon_name === "vpc-cni")!;
    const ebs = addons.find((a) => a.addon_name === "aws-ebs-csi-driver")!;
    expect(cni.pod_identity_association).toEqual([{ role_arn: expect.stringMatching(/aws_iam_role\.eks_vpc-cni-identity_role_.*\.arn/), service_account: "aws-node" }]);
    expect(ebs.pod_identity_association).toEqual([
      { role_arn: expect.stringMatching(/aws_iam_role\.eks_ebs-csi-identity_role_.*\.arn/), service_account: "ebs-csi-controller-sa" },
    ]);
    const attachments = resources(synth, "aws_iam_role_policy_attachment").map((a) => a.policy_arn);
    expect(attachments).toContain("arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy");
  });

  it("keeps the CNI permissions off the node role", () => {
    const synth = synthStack(build());
    const onNodeRole = resources(synth, "aws_iam_role_policy_attachment").filter((a) => String(a.role).includes("eks_node-role_"));
    expect(onNodeRole.map((a) => a.policy_arn).sort()).toEqual([
      "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
      "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    ]);
  });

  it("starts node groups only after the add-ons nodes need to become Ready", () => {
    const ng = resources(synthStack(build()), "aws_eks_node_group")[0];
    expect(ng.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_eks_addon\.eks_addon-vpc-cni_/), expect.stringMatching(/^aws_eks_addon\.eks_addon-kube-proxy_/)]));
  });

  it("gives the creator no implicit admin and makes the deploy role and the admins access entries", () => {
    const synth = synthStack(build({ adminPrincipalArns: ["arn:aws:iam::111122223333:role/ops"] }));
    expect(only(synth, "aws_eks_cluster").access_config).toEqual({ authentication_mode: "API", bootstrap_cluster_creator_admin_permissions: false });
    expect(resources(synth, "aws_eks_access_entry").map((e) => e.principal_arn).sort()).toEqual([DEPLOY, "arn:aws:iam::111122223333:role/ops"]);
    const policies = resources(synth, "aws_eks_access_policy_association");
    expect(policies).toHaveLength(2);
    for (const p of policies) {
      expect(p).toMatchObject({ policy_arn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", access_scope: { type: "cluster" } });
    }
  });

  it("reaches the cluster with get-token as the deploy role", () => {
    const stack = new TerraformStack(Testing.app(), "access");
    new AwsProvider(stack, "aws", { region: "eu-central-1" });
    const naming = new Naming("t");
    const logKey = new KmsKey(stack, "logs", {});
    const network = new AwsNetwork(stack, "net", { naming, region: "eu-central-1", accountId: "111122223333", cidr: "10.0.0.0/16", zoneCount: 2, clusterName: "t-eks", flowLogRetentionDays: 7, logKey });
    const eks = new EksCluster(stack, "eks", { naming, region: "eu-central-1", accountId: "111122223333", network, kubernetesVersion: "1.35", deployRoleArn: DEPLOY, servicesCidr: "172.20.0.0/16", nodeGroups: groups, logRetentionDays: 7, logKey });
    expect(eks.access.exec!.args).toEqual(["eks", "get-token", "--cluster-name", "t-eks", "--region", "eu-central-1", "--role-arn", DEPLOY]);
  });

  it("admits the authorized networks on 443 of the control plane's security group", () => {
    const synth = synthStack(build({ authorizedNetworks: [{ name: "vpn", cidr: "192.168.64.0/20" }, { name: "ci", cidr: "10.9.0.0/24" }] }));
    const rules = resources(synth, "aws_vpc_security_group_ingress_rule");
    expect(rules.map((r) => [r.cidr_ipv4, r.from_port, r.to_port, r.ip_protocol]).sort()).toEqual([
      ["10.9.0.0/24", 443, 443, "tcp"],
      ["192.168.64.0/20", 443, 443, "tcp"],
    ]);
    expect(rules[0].security_group_id).toMatch(/aws_security_group\.eks_api-sg_.*\.id/);
    expect(only(synth, "aws_eks_cluster").vpc_config.security_group_ids).toEqual([expect.stringMatching(/aws_security_group\.eks_api-sg_.*\.id/)]);
  });

  it("passes deletion protection to EKS", () => {
    expect(only(synthStack(build()), "aws_eks_cluster").deletion_protection).toBe(false);
    expect(only(synthStack(build({ deletionProtection: true })), "aws_eks_cluster").deletion_protection).toBe(true);
  });

  it("tags the instances, volumes and network interfaces node groups launch", () => {
    const lt = resources(synthStack(build({ launchTags: { "cost-center": "exchange" } })), "aws_launch_template")[0];
    expect(lt.tag_specifications.map((t: any) => t.resource_type)).toEqual(["instance", "volume", "network-interface"]);
    for (const t of lt.tag_specifications) expect(t.tags).toMatchObject({ "cost-center": "exchange" });
  });

  it("sizes node groups with the pool's totals", () => {
    const engine = resources(synthStack(build()), "aws_eks_node_group").find((n) => n.node_group_name === "engine")!;
    expect(engine.scaling_config).toEqual({ min_size: 1, max_size: 2, desired_size: 1 });
  });

  it("scales every node group to zero and back on the given schedule", () => {
    const synth = synthStack(build({ scaleDown: { downCron: "0 20 * * 1-5", upCron: "0 7 * * 1-5", timeZone: "Europe/Berlin" } }));
    const schedules = resources(synth, "aws_autoscaling_schedule");
    expect(schedules).toHaveLength(4);
    const engineUp = schedules.find((s) => s.scheduled_action_name === "scale-up" && String(s.autoscaling_group_name).includes("ng-engine"))!;
    expect(engineUp).toMatchObject({ recurrence: "0 7 * * 1-5", time_zone: "Europe/Berlin", min_size: 1, max_size: 2, desired_capacity: 1 });
    expect(engineUp.autoscaling_group_name).toMatch(/aws_eks_node_group\.eks_ng-engine_.*\.resources\[0\]\.autoscaling_groups\[0\]\.name/);
    const downs = schedules.filter((s) => s.scheduled_action_name === "scale-down");
    for (const d of downs) expect(d).toMatchObject({ recurrence: "0 20 * * 1-5", min_size: 0, max_size: 0, desired_capacity: 0 });
  });

  it("schedules nothing without scaleDown", () => {
    expect(resources(synthStack(build()), "aws_autoscaling_schedule")).toEqual([]);
  });

  it("fails when the Kubernetes version has no pinned add-ons", () => {
    expect(() => build({ kubernetesVersion: "1.30" })).toThrow("eksAddonVersions: no pinned add-on versions for Kubernetes 1.30; known: 1.35");
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

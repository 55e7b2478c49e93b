import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { EksCluster as AwsEksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { Construct } from "constructs";
import type { ClusterAccess } from "../core/contracts";
import type { Naming } from "../core/naming";
import { CLOUD_TAINT_EFFECTS, type NodePoolSpec } from "../core/node-pool";
import { cloudwatchRetentionDays } from "./log-retention";
import type { AwsNetwork } from "./network";

export interface EksClusterProps {
  readonly naming: Naming;
  readonly region: string;
  readonly network: AwsNetwork;
  /** Minor Kubernetes version, e.g. `1.33`. */
  readonly kubernetesVersion: string;
  /** Service CIDR of the cluster. */
  readonly servicesCidr: string;
  /**
   * Control plane reachable only from inside the VPC.
   * @default true
   */
  readonly privateEndpoint?: boolean;
  /** CIDRs allowed to the public endpoint when it is enabled. Required then; never 0.0.0.0/0. */
  readonly authorizedNetworks?: ReadonlyArray<{ name: string; cidr: string }>;
  readonly nodeGroups: readonly NodePoolSpec[];
  /** Retention of the control plane logs. */
  readonly logRetentionDays: number;
  /** Encrypts the control plane logs. */
  readonly logKey: KmsKey;
}


/** EKS add-ons every cluster runs; Pod Identity replaces IRSA for workload credentials. */
const ADDONS = ["vpc-cni", "coredns", "kube-proxy", "eks-pod-identity-agent"];

function assumeRole(service: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: ["sts:AssumeRole", "sts:TagSession"] }],
  });
}

/**
 * An EKS cluster with KMS envelope encryption of secrets, all control-plane logs, API-only access entries,
 * managed node groups on IMDSv2-only launch templates with encrypted disks, and the core add-ons.
 */
export class EksCluster extends Construct {
  readonly cluster: AwsEksCluster;
  readonly nodeGroups: EksNodeGroup[];
  readonly access: ClusterAccess;

  constructor(scope: Construct, id: string, props: EksClusterProps) {
    super(scope, id);
    const privateEndpoint = props.privateEndpoint ?? true;
    const authorized = props.authorizedNetworks ?? [];
    if (!privateEndpoint && authorized.length === 0) {
      throw new Error("EksCluster: authorizedNetworks must list at least one CIDR when privateEndpoint is false");
    }
    if (authorized.some((a) => a.cidr === "0.0.0.0/0")) {
      throw new Error("EksCluster: authorizedNetworks must not contain 0.0.0.0/0");
    }
    if (props.nodeGroups.length === 0) throw new Error("EksCluster: nodeGroups must not be empty");
    const n = props.naming;
    const name = n.name(["eks"], 100);

    const key = new KmsKey(this, "secrets-key", {
      description: `Envelope encryption of Kubernetes secrets in ${name}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
    });
    new KmsAlias(this, "secrets-key-alias", { name: `alias/${n.name(["eks-secrets"])}`, targetKeyId: key.keyId });

    const role = new IamRole(this, "cluster-role", { name: n.name(["eks-cluster"], 64), assumeRolePolicy: assumeRole("eks.amazonaws.com") });
    const clusterPolicy = new IamRolePolicyAttachment(this, "cluster-policy", {
      role: role.name,
      policyArn: "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
    });

    // Created ahead of the cluster so retention is ours, not "never expire".
    const logGroup = new CloudwatchLogGroup(this, "cluster-logs", {
      name: `/aws/eks/${name}/cluster`,
      retentionInDays: cloudwatchRetentionDays(props.logRetentionDays),
      kmsKeyId: props.logKey.arn,
    });

    this.cluster = new AwsEksCluster(this, "cluster", {
      name,
      version: props.kubernetesVersion,
      roleArn: role.arn,
      vpcConfig: {
        subnetIds: props.network.privateSubnets.map((s) => s.id),
        endpointPrivateAccess: true,
        endpointPublicAccess: !privateEndpoint,
        publicAccessCidrs: privateEndpoint ? undefined : authorized.map((a) => a.cidr),
      },
      kubernetesNetworkConfig: { serviceIpv4Cidr: props.servicesCidr, ipFamily: "ipv4" },
      encryptionConfig: { resources: ["secrets"], provider: { keyArn: key.arn } },
      enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
      // Access entries only (no aws-auth ConfigMap); the creator gets admin so the platform stack can run.
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
      upgradePolicy: { supportType: "STANDARD" },
      dependsOn: [clusterPolicy, logGroup],
    });

    const nodeRole = new IamRole(this, "node-role", { name: n.name(["eks-nodes"], 64), assumeRolePolicy: assumeRole("ec2.amazonaws.com") });
    const nodePolicies = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"].map(
      (p) =>
        new IamRolePolicyAttachment(this, `node-${p}`, { role: nodeRole.name, policyArn: `arn:aws:iam::aws:policy/${p}` }),
    );

    this.nodeGroups = props.nodeGroups.map((g) => {
      const template = new LaunchTemplate(this, `lt-${g.name}`, {
        name: n.name(["eks", g.name]),
        updateDefaultVersion: true,
        // IMDSv2 only, hop limit 1: pods cannot reach the node role's credentials.
        metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
        blockDeviceMappings: [
          { deviceName: "/dev/xvda", ebs: { volumeSize: g.diskGiB, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } },
        ],
        tagSpecifications: [{ resourceType: "instance", tags: { Name: n.name(["eks", g.name]) } }],
      });
      return new EksNodeGroup(this, `ng-${g.name}`, {
        clusterName: this.cluster.name,
        nodeGroupName: g.name,
        nodeRoleArn: nodeRole.arn,
        subnetIds: props.network.privateSubnets.map((s) => s.id),
        instanceTypes: [g.machineType],
        capacityType: g.spot ? "SPOT" : "ON_DEMAND",
        scalingConfig: { minSize: g.minNodes, maxSize: g.maxNodes, desiredSize: g.minNodes },
        updateConfig: { maxUnavailable: 1 },
        launchTemplate: { id: template.id, version: template.latestVersion.toString() },
        labels: { ...g.labels },
        taint: g.taints.map((t) => ({ key: t.key, value: t.value, effect: CLOUD_TAINT_EFFECTS[t.effect] })),
        dependsOn: nodePolicies,
        // The cluster autoscaler owns the desired size after creation.
        lifecycle: { ignoreChanges: ["scaling_config[0].desired_size"] },
      });
    });

    ADDONS.forEach(
      (addon) =>
        new EksAddon(this, `addon-${addon}`, {
          clusterName: this.cluster.name,
          addonName: addon,
          resolveConflictsOnCreate: "OVERWRITE",
          resolveConflictsOnUpdate: "PRESERVE",
          // coredns needs nodes to become healthy.
          dependsOn: addon === "coredns" ? this.nodeGroups : [],
        }),
    );

    this.access = {
      clusterName: this.cluster.name,
      host: this.cluster.endpoint,
      clusterCaCertificateBase64: this.cluster.certificateAuthority.get(0).data,
      exec: {
        apiVersion: "client.authentication.k8s.io/v1beta1",
        command: "aws",
        args: ["eks", "get-token", "--cluster-name", name, "--region", props.region],
      },
    };
  }
}

import { AutoscalingSchedule } from "@cdktf/provider-aws/lib/autoscaling-schedule";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { EksCluster as AwsEksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import type { ClusterAccess } from "../core/contracts";
import type { Naming } from "../core/naming";
import { CLOUD_TAINT_EFFECTS, type NodePoolSpec } from "../core/node-pool";
import { eksAddonVersions, type EksAddonName } from "./eks-addon-versions";
import { cloudwatchRetentionDays } from "./log-retention";
import type { AwsNetwork } from "./network";
import { PodIdentityRole } from "./pod-identity-role";

export interface EksClusterProps {
  readonly naming: Naming;
  readonly region: string;
  /** The environment's account; Pod Identity trust policies admit only it. */
  readonly accountId: string;
  readonly network: AwsNetwork;
  /** Minor Kubernetes version, e.g. `1.35`; must have a row in `EKS_ADDON_VERSIONS`. */
  readonly kubernetesVersion: string;
  /** Service CIDR of the cluster. */
  readonly servicesCidr: string;
  /**
   * Control plane reachable only from inside the VPC.
   * @default true
   */
  readonly privateEndpoint?: boolean;
  /**
   * Networks that reach the API server: ingress on 443 of the control plane's security group (private
   * endpoint: VPN, peered VPCs, CI runners in the VPC), and the public endpoint's allow-list when it is on.
   * Required when the endpoint is public; never 0.0.0.0/0.
   * @default - none: only the nodes reach the API server
   */
  readonly authorizedNetworks?: ReadonlyArray<{ name: string; cidr: string }>;
  /**
   * Refuse `DeleteCluster` until turned off (EKS `deletion_protection`).
   * @default false
   */
  readonly deletionProtection?: boolean;
  /**
   * The role CI and the upper stacks deploy with: cluster admin (an access entry), and the `--role-arn` of
   * `aws eks get-token` in `access`, so those stacks never act with whatever credentials a shell holds.
   */
  readonly deployRoleArn: string;
  /**
   * Further IAM principals with cluster admin (operators, break-glass).
   * @default - none
   */
  readonly adminPrincipalArns?: readonly string[];
  readonly nodeGroups: readonly NodePoolSpec[];
  /** Retention of the control plane logs. */
  readonly logRetentionDays: number;
  /** Encrypts the control plane logs. */
  readonly logKey: KmsKey;
  /**
   * Tags for what the node groups launch (instances, volumes, network interfaces): the aspect tags only
   * Terraform resources, so cost allocation would miss these without `tag_specifications`.
   * @default - none
   */
  readonly launchTags?: Readonly<Record<string, string>>;
  /**
   * Scale every node group to zero on a schedule and back to its minimum (a dev cluster out of hours):
   * scheduled actions on the node groups' Auto Scaling groups, as cron expressions in `timeZone`.
   * @default - always on
   */
  readonly scaleDown?: { readonly downCron: string; readonly upCron: string; readonly timeZone: string };
}

/** Add-ons the nodes need to become Ready: installed before the node groups (terraform-aws-eks "before_compute"). */
const BEFORE_COMPUTE: readonly EksAddonName[] = ["vpc-cni", "kube-proxy", "eks-pod-identity-agent"];
/** Add-ons that run as Deployments and need nodes. */
const AFTER_COMPUTE: readonly EksAddonName[] = ["coredns", "aws-ebs-csi-driver"];

/** EKS's cluster-admin access policy, granted to the deploy role and the admins. */
const CLUSTER_ADMIN_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";

/** A construct-id-safe form of a CIDR or ARN. */
function idPart(value: string): string {
  return value.replace(/[^A-Za-z0-9]+/g, "-");
}

function assumeRole(service: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: ["sts:AssumeRole", "sts:TagSession"] }],
  });
}

/**
 * An EKS cluster with KMS envelope encryption of secrets, all control-plane logs, explicit access entries
 * (no implicit creator admin), managed node groups on IMDSv2-only launch templates with encrypted, tagged
 * disks, and pinned core add-ons whose AWS permissions come from Pod Identity, not the node role.
 */
export class EksCluster extends Construct {
  readonly cluster: AwsEksCluster;
  /** The cluster's name as a plain string (known at synth), for places a token cannot go, such as policy keys. */
  readonly name: string;
  readonly nodeGroups: EksNodeGroup[];
  readonly access: ClusterAccess;
  /** The security group EKS puts on the control plane and (with no launch-template groups) on every node. */
  readonly nodeSecurityGroupId: string;
  /** Extra security group of the control plane: ingress on 443 from the authorized networks. */
  readonly apiSecurityGroup: SecurityGroup;

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
    const addonVersions = eksAddonVersions(props.kubernetesVersion);
    const n = props.naming;
    const name = n.name(["eks"], 100);
    this.name = name;

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

    this.apiSecurityGroup = new SecurityGroup(this, "api-sg", {
      name: n.name(["eks-api"]),
      description: `Reach the ${name} API server from the authorized networks`,
      vpcId: props.network.vpc.id,
      tags: { Name: n.name(["eks-api"]) },
    });
    // Construct ids from the content, not the position: reordering the list must not replace rules.
    authorized.forEach(
      (a) =>
        new VpcSecurityGroupIngressRule(this, `api-from-${idPart(a.cidr)}`, {
          securityGroupId: this.apiSecurityGroup.id,
          description: `Kubernetes API from ${a.name}`,
          ipProtocol: "tcp",
          fromPort: 443,
          toPort: 443,
          cidrIpv4: a.cidr,
        }),
    );

    this.cluster = new AwsEksCluster(this, "cluster", {
      name,
      version: props.kubernetesVersion,
      roleArn: role.arn,
      deletionProtection: props.deletionProtection ?? false,
      // The core add-ons are EKS add-ons below, pinned and configured; the unmanaged copies EKS would
      // otherwise install first (unpinned, vpc-cni without network policy) never exist.
      bootstrapSelfManagedAddons: false,
      vpcConfig: {
        subnetIds: props.network.privateSubnets.map((s) => s.id),
        securityGroupIds: [this.apiSecurityGroup.id],
        endpointPrivateAccess: true,
        endpointPublicAccess: !privateEndpoint,
        publicAccessCidrs: privateEndpoint ? undefined : authorized.map((a) => a.cidr),
      },
      kubernetesNetworkConfig: { serviceIpv4Cidr: props.servicesCidr, ipFamily: "ipv4" },
      encryptionConfig: { resources: ["secrets"], provider: { keyArn: key.arn } },
      enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
      // Access entries only (no aws-auth ConfigMap). The creator gets no hidden admin (a one-time setting
      // EKS cannot change later): admins are the access entries below, visible and revocable in config.
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
      upgradePolicy: { supportType: "STANDARD" },
      dependsOn: [clusterPolicy, logGroup],
    });

    this.nodeSecurityGroupId = this.cluster.vpcConfig.clusterSecurityGroupId;

    const admins = [...new Set([props.deployRoleArn, ...(props.adminPrincipalArns ?? [])])];
    admins.forEach((principalArn) => {
      const id = `admin-${idPart(principalArn.replace(/^arn:aws:iam::/, ""))}`;
      const entry = new EksAccessEntry(this, id, { clusterName: this.cluster.name, principalArn, type: "STANDARD" });
      new EksAccessPolicyAssociation(this, `${id}-policy`, {
        clusterName: this.cluster.name,
        principalArn: entry.principalArn,
        policyArn: CLUSTER_ADMIN_POLICY,
        accessScope: { type: "cluster" },
      });
    });

    // The node role has no CNI permissions: vpc-cni gets them through its own Pod Identity role, so a pod
    // that reached the node's credentials still could not rewire the VPC's network interfaces.
    const nodeRole = new IamRole(this, "node-role", { name: n.name(["eks-nodes"], 64), assumeRolePolicy: assumeRole("ec2.amazonaws.com") });
    const nodePolicies = ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly"].map(
      (p) =>
        new IamRolePolicyAttachment(this, `node-${p}`, { role: nodeRole.name, policyArn: `arn:aws:iam::aws:policy/${p}` }),
    );

    const addonRoles: Partial<Record<EksAddonName, { serviceAccount: string; role: PodIdentityRole }>> = {
      "vpc-cni": {
        serviceAccount: "aws-node",
        role: new PodIdentityRole(this, "vpc-cni-identity", {
          ...this.identityBase(props),
          name: "vpc-cni",
          namespace: "kube-system",
          serviceAccount: "aws-node",
          managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"],
          associate: false,
        }),
      },
      "aws-ebs-csi-driver": {
        serviceAccount: "ebs-csi-controller-sa",
        role: new PodIdentityRole(this, "ebs-csi-identity", {
          ...this.identityBase(props),
          name: "ebs-csi",
          namespace: "kube-system",
          serviceAccount: "ebs-csi-controller-sa",
          managedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"],
          associate: false,
        }),
      },
    };
    /** Add-on settings beyond the defaults, as the add-on's configuration schema spells them. */
    const configuration: Partial<Record<EksAddonName, object>> = {
      // Without it every NetworkPolicy the platform writes is accepted and silently not enforced.
      "vpc-cni": { enableNetworkPolicy: "true" },
    };
    const addon = (addonName: EksAddonName, dependsOn: EksNodeGroup[]) => {
      const identity = addonRoles[addonName];
      return new EksAddon(this, `addon-${addonName}`, {
        clusterName: this.cluster.name,
        addonName,
        addonVersion: addonVersions[addonName],
        configurationValues: configuration[addonName] ? JSON.stringify(configuration[addonName]) : undefined,
        podIdentityAssociation: identity ? [{ roleArn: identity.role.role.arn, serviceAccount: identity.serviceAccount }] : undefined,
        resolveConflictsOnCreate: "OVERWRITE",
        resolveConflictsOnUpdate: "OVERWRITE",
        dependsOn,
      });
    };
    const beforeCompute = BEFORE_COMPUTE.map((a) => addon(a, []));
    this.nodeGroups = props.nodeGroups.map((g) => {
      const template = new LaunchTemplate(this, `lt-${g.name}`, {
        name: n.name(["eks", g.name]),
        updateDefaultVersion: true,
        // IMDSv2 only, hop limit 1: pods cannot reach the node role's credentials.
        metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
        blockDeviceMappings: [
          { deviceName: "/dev/xvda", ebs: { volumeSize: g.diskGiB, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } },
        ],
        tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({
          resourceType,
          tags: { ...props.launchTags, Name: n.name(["eks", g.name]) },
        })),
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
        dependsOn: [...nodePolicies, ...beforeCompute],
        // After creation the desired size belongs to the platform's cluster-autoscaler and the scheduled
        // scale-down; a plan must not reset it.
        lifecycle: { ignoreChanges: ["scaling_config[0].desired_size"] },
      });
    });

    AFTER_COMPUTE.forEach((a) => addon(a, this.nodeGroups));

    if (props.scaleDown) {
      const { downCron, upCron, timeZone } = props.scaleDown;
      this.nodeGroups.forEach((ng, i) => {
        const g = props.nodeGroups[i];
        const autoscalingGroupName = ng.resources.get(0).autoscalingGroups.get(0).name;
        new AutoscalingSchedule(this, `scale-down-${g.name}`, {
          scheduledActionName: "scale-down",
          autoscalingGroupName,
          recurrence: downCron,
          timeZone,
          minSize: 0,
          maxSize: 0,
          desiredCapacity: 0,
        });
        new AutoscalingSchedule(this, `scale-up-${g.name}`, {
          scheduledActionName: "scale-up",
          autoscalingGroupName,
          recurrence: upCron,
          timeZone,
          minSize: g.minNodes,
          maxSize: g.maxNodes,
          desiredCapacity: g.minNodes,
        });
      });
    }

    this.access = {
      clusterName: this.cluster.name,
      host: this.cluster.endpoint,
      clusterCaCertificateBase64: this.cluster.certificateAuthority.get(0).data,
      exec: {
        apiVersion: "client.authentication.k8s.io/v1beta1",
        command: "aws",
        args: ["eks", "get-token", "--cluster-name", name, "--region", props.region, "--role-arn", props.deployRoleArn],
      },
    };
  }

  private identityBase(props: EksClusterProps) {
    return { naming: props.naming, accountId: props.accountId, clusterName: this.cluster.name, clusterArn: this.cluster.arn };
  }
}

import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import type { Naming } from "../core/naming";
import { PodIdentityRole, type PolicyStatement } from "./pod-identity-role";

/**
 * The service accounts the platform layer's add-ons run as on AWS. The Pod Identity associations below bind
 * exactly these; an add-on that renames its service account loses its AWS permissions.
 */
export const PLATFORM_SERVICE_ACCOUNTS = {
  externalSecrets: { namespace: "external-secrets", serviceAccount: "external-secrets" },
  externalDns: { namespace: "external-dns", serviceAccount: "external-dns" },
  certManager: { namespace: "cert-manager", serviceAccount: "cert-manager" },
  loki: { namespace: "observability", serviceAccount: "loki" },
  clusterAutoscaler: { namespace: "kube-system", serviceAccount: "cluster-autoscaler" },
  loadBalancerController: { namespace: "kube-system", serviceAccount: "aws-load-balancer-controller" },
} as const;

export type PlatformWorkload = keyof typeof PLATFORM_SERVICE_ACCOUNTS;

export interface PlatformIdentitiesProps {
  readonly naming: Naming;
  readonly region: string;
  readonly accountId: string;
  /** The cluster's name as a plain string (it is part of IAM condition keys). */
  readonly clusterName: string;
  readonly clusterArn: string;
  /** Secrets External Secrets may read: this environment's, and nothing else. */
  readonly secretArns: readonly string[];
  /** The key those secrets (and the Loki bucket) are encrypted with. */
  readonly key: KmsKey;
  /** The environment's Route 53 zone id; ExternalDNS and cert-manager change records in it only. */
  readonly zoneId: string;
  /** ARN of Loki's bucket. */
  readonly lokiBucketArn: string;
}

/**
 * Least-privilege Pod Identity roles for the platform's controllers: each policy names the resources the
 * controller works on (this environment's secrets, this zone, this bucket, this cluster's node groups and
 * load balancers), with `*` only for the read-only calls AWS does not scope by resource.
 */
export class PlatformIdentities extends Construct {
  readonly roles: Record<PlatformWorkload, PodIdentityRole>;

  constructor(scope: Construct, id: string, props: PlatformIdentitiesProps) {
    super(scope, id);
    if (/\$\{|TOKEN/.test(props.clusterName)) throw new Error("PlatformIdentities: clusterName must be a plain string, not a Terraform reference");
    if (props.secretArns.length === 0) throw new Error("PlatformIdentities: secretArns must list the environment's secrets");
    const zoneArn = `arn:aws:route53:::hostedzone/${props.zoneId}`;
    const statements: Record<PlatformWorkload, PolicyStatement[]> = {
      externalSecrets: [
        {
          Sid: "ReadThisEnvironmentsSecrets",
          Effect: "Allow",
          Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret", "secretsmanager:ListSecretVersionIds"],
          Resource: props.secretArns,
        },
        { Sid: "DecryptThem", Effect: "Allow", Action: ["kms:Decrypt"], Resource: [props.key.arn] },
      ],
      externalDns: [
        { Sid: "ChangeThisZone", Effect: "Allow", Action: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets", "route53:ListTagsForResource"], Resource: [zoneArn] },
        { Sid: "FindZones", Effect: "Allow", Action: ["route53:ListHostedZones"], Resource: "*" },
      ],
      certManager: [
        {
          Sid: "AcmeChallengesInThisZone",
          Effect: "Allow",
          Action: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets"],
          Resource: [zoneArn],
          Condition: {
            "ForAllValues:StringLike": { "route53:ChangeResourceRecordSetsNormalizedRecordNames": ["_acme-challenge.*"] },
            "ForAllValues:StringEquals": { "route53:ChangeResourceRecordSetsRecordTypes": ["TXT"] },
          },
        },
        { Sid: "WaitForChanges", Effect: "Allow", Action: ["route53:GetChange"], Resource: ["arn:aws:route53:::change/*"] },
        { Sid: "FindZones", Effect: "Allow", Action: ["route53:ListHostedZonesByName"], Resource: "*" },
      ],
      loki: [
        { Sid: "ListTheBucket", Effect: "Allow", Action: ["s3:ListBucket"], Resource: [props.lokiBucketArn] },
        { Sid: "ReadWriteItsObjects", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: [`${props.lokiBucketArn}/*`] },
        { Sid: "EncryptThem", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: [props.key.arn] },
      ],
      clusterAutoscaler: clusterAutoscalerStatements(props),
      loadBalancerController: loadBalancerControllerStatements(props.clusterName),
    };
    const names: Record<PlatformWorkload, string> = {
      externalSecrets: "external-secrets",
      externalDns: "external-dns",
      certManager: "cert-manager",
      loki: "loki",
      clusterAutoscaler: "cluster-autoscaler",
      loadBalancerController: "aws-lb-controller",
    };
    this.roles = Object.fromEntries(
      (Object.keys(PLATFORM_SERVICE_ACCOUNTS) as PlatformWorkload[]).map((w) => [
        w,
        new PodIdentityRole(this, names[w], {
          naming: props.naming,
          name: names[w],
          accountId: props.accountId,
          clusterName: props.clusterName,
          clusterArn: props.clusterArn,
          ...PLATFORM_SERVICE_ACCOUNTS[w],
          statements: statements[w],
        }),
      ]),
    ) as Record<PlatformWorkload, PodIdentityRole>;
  }
}

/** Scale only this cluster's managed node groups (their Auto Scaling groups carry `eks:cluster-name`). */
function clusterAutoscalerStatements(props: PlatformIdentitiesProps): PolicyStatement[] {
  return [
    {
      Sid: "ScaleThisClustersGroups",
      Effect: "Allow",
      Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
      Resource: "*",
      Condition: { StringEquals: { "aws:ResourceTag/eks:cluster-name": props.clusterName } },
    },
    {
      Sid: "DescribeThisClustersNodeGroups",
      Effect: "Allow",
      Action: ["eks:DescribeNodegroup"],
      Resource: [`arn:aws:eks:${props.region}:${props.accountId}:nodegroup/${props.clusterName}/*`],
    },
    {
      Sid: "ReadOnlyDiscovery",
      Effect: "Allow",
      Action: [
        "autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeAutoScalingInstances", "autoscaling:DescribeLaunchConfigurations",
        "autoscaling:DescribeScalingActivities", "autoscaling:DescribeTags", "ec2:DescribeImages", "ec2:DescribeInstanceTypes",
        "ec2:DescribeLaunchTemplateVersions", "ec2:GetInstanceTypesFromInstanceRequirements",
      ],
      Resource: "*",
    },
  ];
}

/**
 * The AWS Load Balancer Controller's permissions (after its published `iam_policy.json`), with every
 * mutation limited to load balancers, target groups and security groups tagged as this cluster's.
 */
function loadBalancerControllerStatements(clusterName: string): PolicyStatement[] {
  const ours = { StringEquals: { "aws:ResourceTag/elbv2.k8s.aws/cluster": clusterName } };
  const creatingOurs = { StringEquals: { "aws:RequestTag/elbv2.k8s.aws/cluster": clusterName } };
  const elbArns = [
    "arn:aws:elasticloadbalancing:*:*:targetgroup/*/*",
    "arn:aws:elasticloadbalancing:*:*:loadbalancer/net/*/*",
    "arn:aws:elasticloadbalancing:*:*:loadbalancer/app/*/*",
  ];
  return [
    {
      Sid: "ServiceLinkedRole",
      Effect: "Allow",
      Action: ["iam:CreateServiceLinkedRole"],
      Resource: "*",
      Condition: { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } },
    },
    {
      Sid: "ReadOnlyDiscovery",
      Effect: "Allow",
      Action: [
        "ec2:DescribeAccountAttributes", "ec2:DescribeAddresses", "ec2:DescribeAvailabilityZones", "ec2:DescribeInternetGateways",
        "ec2:DescribeVpcs", "ec2:DescribeVpcPeeringConnections", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups",
        "ec2:DescribeInstances", "ec2:DescribeNetworkInterfaces", "ec2:DescribeTags", "ec2:GetCoipPoolUsage", "ec2:DescribeCoipPools",
        "ec2:GetSecurityGroupsForVpc", "ec2:DescribeIpamPools", "ec2:DescribeRouteTables",
        "elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancerAttributes",
        "elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeListenerCertificates",
        "elasticloadbalancing:DescribeSSLPolicies", "elasticloadbalancing:DescribeRules", "elasticloadbalancing:DescribeTargetGroups",
        "elasticloadbalancing:DescribeTargetGroupAttributes", "elasticloadbalancing:DescribeTargetHealth", "elasticloadbalancing:DescribeTags",
        "elasticloadbalancing:DescribeTrustStores", "elasticloadbalancing:DescribeListenerAttributes", "elasticloadbalancing:DescribeCapacityReservation",
        "acm:ListCertificates", "acm:DescribeCertificate", "iam:ListServerCertificates", "iam:GetServerCertificate",
        "cognito-idp:DescribeUserPoolClient", "wafv2:GetWebACL", "wafv2:GetWebACLForResource", "shield:GetSubscriptionState",
        "shield:DescribeProtection",
      ],
      Resource: "*",
    },
    { Sid: "CreateSecurityGroups", Effect: "Allow", Action: ["ec2:CreateSecurityGroup"], Resource: "*" },
    {
      Sid: "TagSecurityGroupsItCreates",
      Effect: "Allow",
      Action: ["ec2:CreateTags"],
      Resource: ["arn:aws:ec2:*:*:security-group/*"],
      Condition: { StringEquals: { "ec2:CreateAction": "CreateSecurityGroup", "aws:RequestTag/elbv2.k8s.aws/cluster": clusterName } },
    },
    {
      Sid: "ManageItsSecurityGroups",
      Effect: "Allow",
      Action: ["ec2:CreateTags", "ec2:DeleteTags", "ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup"],
      Resource: ["arn:aws:ec2:*:*:security-group/*"],
      Condition: ours,
    },
    {
      Sid: "OpenNodeSecurityGroupsToItsLoadBalancers",
      Effect: "Allow",
      Action: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"],
      Resource: ["arn:aws:ec2:*:*:security-group/*"],
      Condition: { StringEquals: { [`aws:ResourceTag/kubernetes.io/cluster/${clusterName}`]: "owned" } },
    },
    {
      Sid: "CreateTaggedLoadBalancers",
      Effect: "Allow",
      Action: ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"],
      Resource: "*",
      Condition: creatingOurs,
    },
    {
      Sid: "TagOnCreate",
      Effect: "Allow",
      Action: ["elasticloadbalancing:AddTags"],
      Resource: elbArns,
      Condition: {
        StringEquals: {
          "elasticloadbalancing:CreateAction": ["CreateTargetGroup", "CreateLoadBalancer"],
          "aws:RequestTag/elbv2.k8s.aws/cluster": clusterName,
        },
      },
    },
    {
      Sid: "ManageItsLoadBalancers",
      Effect: "Allow",
      Action: [
        "elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags", "elasticloadbalancing:ModifyLoadBalancerAttributes",
        "elasticloadbalancing:SetIpAddressType", "elasticloadbalancing:SetSecurityGroups", "elasticloadbalancing:SetSubnets",
        "elasticloadbalancing:DeleteLoadBalancer", "elasticloadbalancing:ModifyTargetGroup", "elasticloadbalancing:ModifyTargetGroupAttributes",
        "elasticloadbalancing:DeleteTargetGroup", "elasticloadbalancing:ModifyListenerAttributes", "elasticloadbalancing:ModifyCapacityReservation",
        "elasticloadbalancing:ModifyIpPools",
      ],
      Resource: elbArns,
      Condition: ours,
    },
    {
      Sid: "ListenersAndRulesOfItsLoadBalancers",
      Effect: "Allow",
      Action: [
        "elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteListener", "elasticloadbalancing:CreateRule",
        "elasticloadbalancing:DeleteRule", "elasticloadbalancing:ModifyListener", "elasticloadbalancing:AddListenerCertificates",
        "elasticloadbalancing:RemoveListenerCertificates", "elasticloadbalancing:ModifyRule", "elasticloadbalancing:SetRulePriorities",
        "elasticloadbalancing:SetWebAcl",
      ],
      Resource: "*",
    },
    {
      Sid: "RegisterTargetsOfItsTargetGroups",
      Effect: "Allow",
      Action: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
      Resource: ["arn:aws:elasticloadbalancing:*:*:targetgroup/*/*"],
      Condition: ours,
    },
    { Sid: "AttachWebAcls", Effect: "Allow", Action: ["wafv2:AssociateWebACL", "wafv2:DisassociateWebACL"], Resource: "*" },
  ];
}

import type { AddonDefinition, AwsPolicyStatement, ChartRef } from "./addon";
import { RESTRICTED_CONTAINER, resources, serviceAccountAnnotations } from "./addon";

export const AWS_LOAD_BALANCER_CONTROLLER_CHARTS = {
  lbc: { repository: "https://aws.github.io/eks-charts", name: "aws-load-balancer-controller", version: "1.16.0" },
} as const satisfies Record<string, ChartRef>;

/** Only resources the controller created (tagged with `elbv2.k8s.aws/cluster`) may be changed. */
const OWN = { Null: { "aws:ResourceTag/elbv2.k8s.aws/cluster": "false" } };
const CREATING = { Null: { "aws:RequestTag/elbv2.k8s.aws/cluster": "false" } };

/** The controller's policy, after the upstream `iam_policy.json`, grouped by what may be scoped. */
const STATEMENTS: readonly AwsPolicyStatement[] = [
  { sid: "ServiceLinkedRole", actions: ["iam:CreateServiceLinkedRole"], on: "any", condition: { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } } },
  {
    sid: "Describe",
    actions: [
      "ec2:DescribeAccountAttributes",
      "ec2:DescribeAddresses",
      "ec2:DescribeAvailabilityZones",
      "ec2:DescribeInternetGateways",
      "ec2:DescribeVpcs",
      "ec2:DescribeVpcPeeringConnections",
      "ec2:DescribeSubnets",
      "ec2:DescribeSecurityGroups",
      "ec2:DescribeInstances",
      "ec2:DescribeNetworkInterfaces",
      "ec2:DescribeTags",
      "ec2:DescribeRouteTables",
      "ec2:GetSecurityGroupsForVpc",
      "elasticloadbalancing:DescribeLoadBalancers",
      "elasticloadbalancing:DescribeLoadBalancerAttributes",
      "elasticloadbalancing:DescribeListeners",
      "elasticloadbalancing:DescribeListenerCertificates",
      "elasticloadbalancing:DescribeListenerAttributes",
      "elasticloadbalancing:DescribeSSLPolicies",
      "elasticloadbalancing:DescribeRules",
      "elasticloadbalancing:DescribeTargetGroups",
      "elasticloadbalancing:DescribeTargetGroupAttributes",
      "elasticloadbalancing:DescribeTargetHealth",
      "elasticloadbalancing:DescribeTags",
      "elasticloadbalancing:DescribeTrustStores",
      "acm:ListCertificates",
      "acm:DescribeCertificate",
      "wafv2:GetWebACL",
      "wafv2:GetWebACLForResource",
      "shield:GetSubscriptionState",
    ],
    on: "any",
  },
  { sid: "CreateSecurityGroup", actions: ["ec2:CreateSecurityGroup", "ec2:CreateTags"], on: "any", condition: CREATING },
  { sid: "ManageOwnSecurityGroups", actions: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup", "ec2:CreateTags", "ec2:DeleteTags"], on: "any", condition: OWN },
  { sid: "CreateLoadBalancers", actions: ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup", "elasticloadbalancing:AddTags"], on: "any", condition: CREATING },
  { sid: "Listeners", actions: ["elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteListener", "elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteRule"], on: "any", condition: OWN },
  {
    sid: "ManageOwnLoadBalancers",
    actions: [
      "elasticloadbalancing:ModifyLoadBalancerAttributes",
      "elasticloadbalancing:SetIpAddressType",
      "elasticloadbalancing:SetSecurityGroups",
      "elasticloadbalancing:SetSubnets",
      "elasticloadbalancing:DeleteLoadBalancer",
      "elasticloadbalancing:ModifyTargetGroup",
      "elasticloadbalancing:ModifyTargetGroupAttributes",
      "elasticloadbalancing:DeleteTargetGroup",
      "elasticloadbalancing:ModifyListenerAttributes",
      "elasticloadbalancing:RegisterTargets",
      "elasticloadbalancing:DeregisterTargets",
      "elasticloadbalancing:ModifyListener",
      "elasticloadbalancing:ModifyRule",
      "elasticloadbalancing:AddTags",
      "elasticloadbalancing:RemoveTags",
    ],
    on: "any",
    condition: OWN,
  },
];

/** AWS Load Balancer Controller: Services of type LoadBalancer become NLBs (IP targets) owned by the cluster. */
export const awsLoadBalancerController: AddonDefinition = {
  id: "aws-load-balancer-controller",
  description: "AWS Load Balancer Controller (NLB for the gateway Service)",
  enabled: ({ capabilities }) => capabilities.loadBalancer === "aws-load-balancer-controller",
  spec: (ctx) => {
    const { env, infra } = ctx;
    if (env.target !== "aws") throw new Error(`aws-load-balancer-controller: target "${env.target}" is not aws`);
    return {
      namespace: { name: "aws-load-balancer-controller", podSecurity: "restricted" },
      releases: [
        {
          name: "aws-load-balancer-controller",
          chart: AWS_LOAD_BALANCER_CONTROLLER_CHARTS.lbc,
          values: {
            clusterName: infra.clusterName ?? env.name,
            region: env.aws.region,
            // Without it the controller asks the instance metadata service, which pods cannot reach on EKS (hop limit 1).
            ...(infra.vpcId ? { vpcId: infra.vpcId } : {}),
            replicaCount: env.tier === "prod" ? 2 : 1,
            serviceAccount: { name: "aws-load-balancer-controller", annotations: serviceAccountAnnotations(ctx, "aws-load-balancer-controller") },
            resources: resources("100m", "128Mi", "256Mi"),
            // The chart's defaults keep capabilities and leave seccomp unset, which "restricted" refuses.
            podSecurityContext: { fsGroup: 65534, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
            securityContext: { ...RESTRICTED_CONTAINER, readOnlyRootFilesystem: true },
          },
        },
      ],
      identity: { serviceAccount: "aws-load-balancer-controller", gcpRoles: [], awsStatements: STATEMENTS },
      // 9443: the controller's webhooks.
      network: { ingressPorts: [9443], egressApiServer: true, egressInternet: true },
    };
  },
};

import type { AddonDefinition, ChartRef } from "./addon";
import { RESTRICTED_CONTAINER, resources, serviceAccountAnnotations } from "./addon";

export const CLUSTER_AUTOSCALER_CHARTS = {
  clusterAutoscaler: { repository: "https://kubernetes.github.io/autoscaler", name: "cluster-autoscaler", version: "9.50.1" },
} as const satisfies Record<string, ChartRef>;

/** The autoscaler image follows the cluster's Kubernetes minor (the lead's decision: 1.35). */
export const CLUSTER_AUTOSCALER_IMAGE_TAGS: Readonly<Record<string, string>> = { "1.33": "v1.33.0", "1.34": "v1.34.0", "1.35": "v1.35.0" };

/** Cluster Autoscaler for EKS managed node groups, discovering them by the cluster's tags. */
export const clusterAutoscaler: AddonDefinition = {
  id: "cluster-autoscaler",
  description: "Cluster Autoscaler for targets whose node groups are not scaled by the cloud (EKS)",
  enabled: ({ capabilities }) => capabilities.nodeAutoscaler === "cluster-autoscaler",
  spec: (ctx) => {
    const { env, infra } = ctx;
    if (env.target !== "aws") throw new Error(`cluster-autoscaler: only the aws cloud provider is configured; target is "${env.target}"`);
    const tag = CLUSTER_AUTOSCALER_IMAGE_TAGS[env.cluster.kubernetesVersion];
    if (!tag) throw new Error(`cluster-autoscaler: no image pinned for Kubernetes ${env.cluster.kubernetesVersion}; known: ${Object.keys(CLUSTER_AUTOSCALER_IMAGE_TAGS).join(", ")}`);
    const cluster = infra.clusterName ?? env.name;
    return {
      namespace: { name: "cluster-autoscaler", podSecurity: "restricted" },
      releases: [
        {
          name: "cluster-autoscaler",
          chart: CLUSTER_AUTOSCALER_CHARTS.clusterAutoscaler,
          values: {
            cloudProvider: "aws",
            awsRegion: env.aws.region,
            autoDiscovery: { clusterName: cluster },
            image: { tag },
            rbac: { serviceAccount: { name: "cluster-autoscaler", annotations: serviceAccountAnnotations(ctx, "cluster-autoscaler") } },
            extraArgs: { "balance-similar-node-groups": true, expander: "least-waste", "skip-nodes-with-system-pods": false },
            resources: resources("100m", "300Mi", "600Mi"),
            containerSecurityContext: RESTRICTED_CONTAINER,
          },
        },
      ],
      identity: {
        serviceAccount: "cluster-autoscaler",
        gcpRoles: [],
        awsStatements: [
          {
            sid: "Discover",
            actions: [
              "autoscaling:DescribeAutoScalingGroups",
              "autoscaling:DescribeAutoScalingInstances",
              "autoscaling:DescribeLaunchConfigurations",
              "autoscaling:DescribeScalingActivities",
              "autoscaling:DescribeTags",
              "ec2:DescribeImages",
              "ec2:DescribeInstanceTypes",
              "ec2:DescribeLaunchTemplateVersions",
              "ec2:GetInstanceTypesFromInstanceRequirements",
              "eks:DescribeNodegroup",
            ],
            on: "any",
          },
          {
            sid: "ScaleOwnNodeGroups",
            actions: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
            on: "cluster-node-groups",
            condition: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${cluster}`]: "owned" } },
          },
        ],
      },
      network: { egressApiServer: true, egressInternet: true },
    };
  },
};

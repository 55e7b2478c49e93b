/**
 * EKS managed add-on versions, pinned per Kubernetes minor. An add-on left to "latest" changes under a
 * cluster on the next plan; these change only in a reviewed commit. A Kubernetes minor is usable on the
 * aws target only when it is in EKS standard support and has a row here (the schema enforces it).
 *
 * Check (needs AWS credentials): `aws eks describe-addon-versions --kubernetes-version 1.35 --addon-name <name>
 * --query 'addons[].addonVersions[].addonVersion'` must list each version. Offline they could only be
 * cross-checked: a public EKS 1.35 configuration pins the same five versions; neither the aws provider's
 * module nor terraform-aws-modules/eks names 1.35 versions (they resolve them at plan time). Update the row
 * when moving to a new minor.
 */
export const EKS_ADDON_VERSIONS = {
  "1.35": {
    "vpc-cni": "v1.21.1-eksbuild.3",
    "kube-proxy": "v1.35.0-eksbuild.2",
    coredns: "v1.13.2-eksbuild.1",
    "eks-pod-identity-agent": "v1.3.10-eksbuild.3",
    "aws-ebs-csi-driver": "v1.57.1-eksbuild.1",
  },
} as const satisfies Record<string, Record<EksAddonName, string>>;

/** The EKS managed add-ons every cluster runs. */
export type EksAddonName = "vpc-cni" | "kube-proxy" | "coredns" | "eks-pod-identity-agent" | "aws-ebs-csi-driver";

/** Kubernetes minors the aws target accepts: in EKS standard support, with pinned add-ons. */
export const EKS_KUBERNETES_VERSIONS = Object.keys(EKS_ADDON_VERSIONS) as ReadonlyArray<keyof typeof EKS_ADDON_VERSIONS>;

/** The pinned add-on versions for a Kubernetes minor; throws when the minor has no row. */
export function eksAddonVersions(kubernetesVersion: string): Readonly<Record<EksAddonName, string>> {
  const row = (EKS_ADDON_VERSIONS as Record<string, Record<EksAddonName, string>>)[kubernetesVersion];
  if (!row) {
    throw new Error(`eksAddonVersions: no pinned add-on versions for Kubernetes ${kubernetesVersion}; known: ${EKS_KUBERNETES_VERSIONS.join(", ")}`);
  }
  return row;
}

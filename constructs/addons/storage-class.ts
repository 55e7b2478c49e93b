import type { AddonDefinition } from "./addon";

/** A default gp3 StorageClass (encrypted) where the cluster has no usable default (EKS). Needs the EBS CSI driver. */
export const storageClass: AddonDefinition = {
  id: "storage-class",
  description: "Default gp3 StorageClass (EBS CSI) where the target has no default",
  enabled: ({ capabilities }) => !capabilities.defaultStorageClass,
  spec: () => ({
    // Cluster-scoped object; the release record lives in kube-system.
    namespace: { name: "kube-system", podSecurity: "privileged", podSecurityReason: "kube-system is the cluster's own namespace; it is not created or relabelled by us", existing: true },
    releases: [],
    resources: [
      {
        apiVersion: "storage.k8s.io/v1",
        kind: "StorageClass",
        metadata: { name: "gp3", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
        provisioner: "ebs.csi.aws.com",
        parameters: { type: "gp3", encrypted: "true", "csi.storage.k8s.io/fstype": "ext4" },
        volumeBindingMode: "WaitForFirstConsumer",
        allowVolumeExpansion: true,
        reclaimPolicy: "Delete",
      },
    ],
  }),
};

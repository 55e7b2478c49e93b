import { attr, type PolicyRule } from "../rule";

/** OBP-K8S-002: Kubernetes Secrets are envelope-encrypted with a customer-managed key on EKS. */
export const secretsEncrypted: PolicyRule = {
  id: "OBP-K8S-002",
  resourceTypes: ["aws_eks_cluster"],
  check(a) {
    const resources = attr(a, "encryption_config", "resources");
    if (!Array.isArray(resources) || !resources.includes("secrets")) {
      return "EKS must envelope-encrypt secrets with KMS (encryption_config.resources = [\"secrets\"]), so etcd backups hold no plaintext";
    }
    return undefined;
  },
};

import { attr, isToken, type PolicyRule } from "../rule";

/**
 * OBP-K8S-002: Kubernetes Secrets are envelope-encrypted with a customer-managed KMS key, on EKS
 * (`encryption_config`) and on GKE (application-layer secrets encryption, `database_encryption`), so
 * etcd backups hold no plaintext and revoking the key makes them unreadable.
 */
export const secretsEncrypted: PolicyRule = {
  id: "OBP-K8S-002",
  resourceTypes: ["aws_eks_cluster", "google_container_cluster"],
  check(a, type) {
    if (type === "google_container_cluster") {
      const state = attr(a, "database_encryption", "state");
      const key = attr(a, "database_encryption", "key_name");
      if (isToken(state)) return undefined;
      if (state !== "ENCRYPTED" || typeof key !== "string" || key.length === 0) {
        return 'GKE must encrypt Secrets with a Cloud KMS key (database_encryption { state = "ENCRYPTED", key_name = <key> }), so etcd backups hold no plaintext';
      }
      return undefined;
    }
    const resources = attr(a, "encryption_config", "resources");
    if (!Array.isArray(resources) || !resources.includes("secrets")) {
      return "EKS must envelope-encrypt secrets with KMS (encryption_config.resources = [\"secrets\"]), so etcd backups hold no plaintext";
    }
    return undefined;
  },
};

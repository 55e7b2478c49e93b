import { attr, isToken, type PolicyRule } from "../rule";

/** OBP-K8S-001: a cluster's API server is never reachable from the whole internet. */
export const controlPlaneNotPublic: PolicyRule = {
  id: "OBP-K8S-001",
  resourceTypes: ["google_container_cluster", "aws_eks_cluster"],
  check(a, type) {
    if (type === "google_container_cluster") {
      if (attr(a, "private_cluster_config", "enable_private_nodes") !== true) {
        return "GKE nodes must be private (private_cluster_config.enable_private_nodes), so nodes have no public IPs";
      }
      if (attr(a, "master_authorized_networks_config") === undefined) {
        return "GKE needs master_authorized_networks_config, else any address can reach the API server";
      }
      return undefined;
    }
    if (attr(a, "vpc_config", "endpoint_public_access") === false) return undefined;
    const cidrs = attr(a, "vpc_config", "public_access_cidrs");
    if (isToken(cidrs)) return undefined;
    if (!Array.isArray(cidrs) || cidrs.length === 0 || cidrs.includes("0.0.0.0/0")) {
      return "EKS public endpoint must be limited by vpc_config.public_access_cidrs (not 0.0.0.0/0), or disabled";
    }
    return undefined;
  },
};

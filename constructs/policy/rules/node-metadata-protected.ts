import { attr, type PolicyRule } from "../rule";

/** OBP-K8S-003: pods cannot read node credentials from the instance metadata service. */
export const nodeMetadataProtected: PolicyRule = {
  id: "OBP-K8S-003",
  resourceTypes: ["google_container_node_pool", "aws_launch_template"],
  check(a, type) {
    if (type === "google_container_node_pool") {
      return attr(a, "node_config", "workload_metadata_config", "mode") === "GKE_METADATA"
        ? undefined
        : "GKE node pools must use workload_metadata_config.mode = GKE_METADATA, so pods get Workload Identity, not the node's service account";
    }
    return attr(a, "metadata_options", "http_tokens") === "required"
      ? undefined
      : "EC2 launch templates must require IMDSv2 (metadata_options.http_tokens = \"required\"), which blocks SSRF credential theft";
  },
};

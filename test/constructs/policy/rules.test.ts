import { rules } from "../../../constructs/policy";

const { controlPlaneNotPublic, secretsEncrypted, nodeMetadataProtected, chartVersionPinned, noOpenIngress } = rules;

describe("OBP-K8S-001 control plane not public", () => {
  it("passes a private GKE cluster with authorized networks", () => {
    expect(controlPlaneNotPublic.check({ private_cluster_config: { enable_private_nodes: true }, master_authorized_networks_config: { cidr_blocks: [] } }, "google_container_cluster")).toBeUndefined();
  });

  it("fails a GKE cluster with public nodes", () => {
    expect(controlPlaneNotPublic.check({ private_cluster_config: { enable_private_nodes: false } }, "google_container_cluster")).toMatch(/GKE nodes must be private/);
  });

  it("fails a GKE cluster without master authorized networks", () => {
    expect(controlPlaneNotPublic.check({ private_cluster_config: { enable_private_nodes: true } }, "google_container_cluster")).toMatch(/master_authorized_networks_config/);
  });

  it("fails an EKS public endpoint open to 0.0.0.0/0", () => {
    expect(controlPlaneNotPublic.check({ vpc_config: { endpoint_public_access: true, public_access_cidrs: ["0.0.0.0/0"] } }, "aws_eks_cluster")).toMatch(/public_access_cidrs/);
  });

  it("passes an EKS private endpoint", () => {
    expect(controlPlaneNotPublic.check({ vpc_config: { endpoint_public_access: false } }, "aws_eks_cluster")).toBeUndefined();
  });
});

describe("OBP-K8S-002 secrets encrypted", () => {
  it("fails an EKS cluster without encryption_config", () => {
    expect(secretsEncrypted.check({}, "aws_eks_cluster")).toMatch(/envelope-encrypt secrets/);
  });

  it("passes an EKS cluster encrypting secrets", () => {
    expect(secretsEncrypted.check({ encryption_config: { resources: ["secrets"] } }, "aws_eks_cluster")).toBeUndefined();
  });

  it("fails a GKE cluster without application-layer secrets encryption", () => {
    expect(secretsEncrypted.check({ database_encryption: { state: "DECRYPTED" } }, "google_container_cluster")).toMatch(/GKE must encrypt Secrets with a Cloud KMS key/);
  });

  it("fails a GKE cluster that names no key", () => {
    expect(secretsEncrypted.check({ database_encryption: { state: "ENCRYPTED" } }, "google_container_cluster")).toMatch(/GKE must encrypt Secrets with a Cloud KMS key/);
  });

  it("passes a GKE cluster encrypting Secrets with a KMS key", () => {
    expect(secretsEncrypted.check({ database_encryption: { state: "ENCRYPTED", key_name: "${google_kms_crypto_key.k.id}" } }, "google_container_cluster")).toBeUndefined();
  });
});

describe("OBP-K8S-003 node metadata protected", () => {
  it("fails a node pool exposing node metadata", () => {
    expect(nodeMetadataProtected.check({ node_config: { workload_metadata_config: { mode: "GCE_METADATA" } } }, "google_container_node_pool")).toMatch(/GKE_METADATA/);
  });

  it("fails a launch template allowing IMDSv1", () => {
    expect(nodeMetadataProtected.check({ metadata_options: { http_tokens: "optional" } }, "aws_launch_template")).toMatch(/IMDSv2/);
  });

  it("passes a launch template requiring IMDSv2", () => {
    expect(nodeMetadataProtected.check({ metadata_options: { http_tokens: "required" } }, "aws_launch_template")).toBeUndefined();
  });
});

describe("OBP-HELM-001 chart version pinned", () => {
  it("fails a release without a version or with a range", () => {
    expect(chartVersionPinned.check({ name: "loki" }, "helm_release")).toMatch(/helm_release "loki" must pin an exact chart version \(got undefined\)/);
    expect(chartVersionPinned.check({ name: "loki", version: "^6.0.0" }, "helm_release")).toMatch(/got "\^6\.0\.0"/);
  });

  it("passes an exact version", () => {
    expect(chartVersionPinned.check({ name: "loki", version: "6.29.0" }, "helm_release")).toBeUndefined();
  });
});

describe("OBP-NET-001 no open ingress", () => {
  it("fails ingress from anywhere", () => {
    expect(noOpenIngress.check({ cidr_ipv4: "0.0.0.0/0" }, "aws_vpc_security_group_ingress_rule")).toMatch(/0\.0\.0\.0\/0/);
    expect(noOpenIngress.check({ type: "ingress", cidr_blocks: ["10.0.0.0/8", "0.0.0.0/0"] }, "aws_security_group_rule")).toMatch(/not allowed/);
  });

  it("ignores egress rules", () => {
    expect(noOpenIngress.check({ type: "egress", cidr_blocks: ["0.0.0.0/0"] }, "aws_security_group_rule")).toBeUndefined();
  });
});

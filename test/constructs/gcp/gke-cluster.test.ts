import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { Naming } from "../../../constructs/core/naming";
import { GkeCluster, type GkeClusterProps } from "../../../constructs/gcp/gke-cluster";
import { GcpNetwork } from "../../../constructs/gcp/network";
import { nodePools, only, resources, synthStack } from "../../helpers";

const pools = nodePools("e2-standard-4", "c3-standard-4");

function build(overrides: Partial<GkeClusterProps> = {}) {
  const stack = new TerraformStack(Testing.app(), "test");
  new GoogleProvider(stack, "google", { project: "orderbook-test-1", region: "europe-west3" });
  const naming = new Naming("t");
  const network = new GcpNetwork(stack, "net", { naming, region: "europe-west3", cidr: "10.0.0.0/20", podsCidr: "10.4.0.0/14", servicesCidr: "10.8.0.0/20" });
  new GkeCluster(stack, "gke", {
    naming,
    projectId: "orderbook-test-1",
    region: "europe-west3",
    network,
    kubernetesVersion: "1.33",
    controlPlaneCidr: "10.8.16.0/28",
    nodePools: pools,
    ...overrides,
  });
  return stack;
}

describe("GkeCluster", () => {
  it("is private, VPC-native and uses Workload Identity", () => {
    const cluster = only(synthStack(build()), "google_container_cluster");
    expect(cluster.private_cluster_config).toMatchObject({ enable_private_nodes: true, enable_private_endpoint: true, master_ipv4_cidr_block: "10.8.16.0/28" });
    expect(cluster.workload_identity_config).toEqual({ workload_pool: "orderbook-test-1.svc.id.goog" });
    expect(cluster.ip_allocation_policy).toEqual({ cluster_secondary_range_name: "pods", services_secondary_range_name: "services" });
    expect(cluster.remove_default_node_pool).toBe(true);
    expect(cluster.datapath_provider).toBe("ADVANCED_DATAPATH");
  });

  it("taints the engine pool with NO_SCHEDULE and labels it", () => {
    const engine = resources(synthStack(build()), "google_container_node_pool").find((p) => p.name === "engine")!;
    expect(engine.node_config.taint).toEqual([{ key: "orderbook.dev/dedicated", value: "engine", effect: "NO_SCHEDULE" }]);
    expect(engine.node_config.labels).toEqual({ "orderbook.dev/pool": "engine" });
    expect(engine.node_config.spot).toBe(false);
  });

  it("runs nodes as a dedicated service account with the node roles only", () => {
    const synth = synthStack(build());
    const roles = resources(synth, "google_project_iam_member").map((m) => m.role).sort();
    expect(roles).toEqual([
      "roles/artifactregistry.reader",
      "roles/logging.logWriter",
      "roles/monitoring.metricWriter",
      "roles/monitoring.viewer",
      "roles/stackdriver.resourceMetadata.writer",
    ]);
    for (const pool of resources(synth, "google_container_node_pool")) {
      expect(pool.node_config.service_account).toMatch(/google_service_account\..*\.email/);
      expect(pool.node_config.workload_metadata_config).toEqual({ mode: "GKE_METADATA" });
    }
  });

  it("lists the authorized networks of the control plane", () => {
    const cluster = only(synthStack(build({ authorizedNetworks: [{ name: "vpn", cidr: "203.0.113.0/24" }] })), "google_container_cluster");
    expect(cluster.master_authorized_networks_config.cidr_blocks).toEqual([{ display_name: "vpn", cidr_block: "203.0.113.0/24" }]);
  });

  it("fails when a private endpoint has no control plane range", () => {
    expect(() => build({ controlPlaneCidr: undefined })).toThrow("GkeCluster: controlPlaneCidr is required when privateEndpoint is true (a /28)");
  });
});

import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { Naming } from "../../../constructs/core/naming";
import { GkeCluster, type GkeClusterProps } from "../../../constructs/gcp/gke-cluster";
import { GcpNetwork } from "../../../constructs/gcp/network";
import { nodePools, only, resources, synthStack } from "../../helpers";

const pools = nodePools("e2-standard-4", "c3-standard-4");
const maintenance = { days: ["TU", "WE", "TH"], start: "03:00", durationHours: 4, exclusions: [] };

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
    kubernetesVersion: "1.35",
    controlPlaneCidr: "10.8.16.0/28",
    nodePools: pools,
    zones: ["europe-west3-a", "europe-west3-b"],
    maintenance,
    secretsEncryptionKeyId: "projects/p/locations/europe-west3/keyRings/r/cryptoKeys/k",
    ...overrides,
  });
  return stack;
}

const cluster = (overrides: Partial<GkeClusterProps> = {}) => only(synthStack(build(overrides)), "google_container_cluster");

describe("GkeCluster", () => {
  it("is private, VPC-native and uses Workload Identity", () => {
    const c = cluster();
    expect(c.private_cluster_config).toMatchObject({ enable_private_nodes: true, enable_private_endpoint: true, master_ipv4_cidr_block: "10.8.16.0/28" });
    expect(c.workload_identity_config).toEqual({ workload_pool: "orderbook-test-1.svc.id.goog" });
    expect(c.ip_allocation_policy).toEqual({ cluster_secondary_range_name: "pods", services_secondary_range_name: "services" });
    expect(c.remove_default_node_pool).toBe(true);
  });

  it("turns on the DNS-based control-plane endpoint for callers outside the VPC", () => {
    expect(cluster().control_plane_endpoints_config.dns_endpoint_config).toEqual({ allow_external_traffic: true });
  });

  it("keeps the private IP endpoint reachable from every region (global access)", () => {
    expect(cluster().private_cluster_config.master_global_access_config).toEqual({ enabled: true });
  });

  it("hands the upper stacks the DNS endpoint with Application Default Credentials and no CA", () => {
    const stack = build();
    const gke = stack.node.findChild("gke") as GkeCluster;
    new TerraformOutput(stack, "host", { value: gke.access.host });
    expect(synthStack(stack).output.host.value).toMatch(/^https:\/\/\$\{.*control_plane_endpoints_config\[0\]\.dns_endpoint_config\[0\]\.endpoint\}$/);
    expect(gke.access.exec).toEqual({ apiVersion: "client.authentication.k8s.io/v1beta1", command: "gke-gcloud-auth-plugin", args: ["--use_application_default_credentials"] });
    expect(gke.access.clusterCaCertificateBase64).toBeUndefined();
  });

  it("spreads every pool over the given zones", () => {
    for (const pool of resources(synthStack(build({ zones: ["europe-west3-c"] })), "google_container_node_pool")) {
      expect(pool.node_locations).toEqual(["europe-west3-c"]);
    }
  });

  it("sizes pools by total node counts across zones", () => {
    const engine = resources(synthStack(build()), "google_container_node_pool").find((p) => p.name === "engine")!;
    expect(engine.autoscaling).toEqual({ total_min_node_count: 1, total_max_node_count: 2, location_policy: "BALANCED" });
  });

  it("opens the webhook ports from the control plane range to the nodes only", () => {
    const fw = only(synthStack(build()), "google_compute_firewall");
    expect(fw.source_ranges).toEqual(["10.8.16.0/28"]);
    expect(fw.allow).toEqual([{ protocol: "tcp", ports: ["8443", "9443", "15017"] }]);
    expect(fw.target_service_accounts).toEqual([expect.stringMatching(/google_service_account\..*\.email/)]);
  });

  it("sets the maintenance window and exclusions from its props", () => {
    const c = cluster({
      maintenance: { ...maintenance, days: ["SA", "SU"], start: "22:30", durationHours: 6, exclusions: [{ name: "freeze", start: "2026-12-20T00:00:00Z", end: "2027-01-05T00:00:00Z", scope: "NO_UPGRADES" }] },
    });
    expect(c.maintenance_policy.recurring_window).toEqual({ start_time: "2026-01-01T22:30:00Z", end_time: "2026-01-02T04:30:00Z", recurrence: "FREQ=WEEKLY;BYDAY=SA,SU" });
    expect(c.maintenance_policy.maintenance_exclusion).toEqual([
      { exclusion_name: "freeze", start_time: "2026-12-20T00:00:00Z", end_time: "2027-01-05T00:00:00Z", exclusion_options: { scope: "NO_UPGRADES" } },
    ]);
  });

  it("encrypts Secrets with the given KMS key", () => {
    expect(cluster().database_encryption).toEqual({ state: "ENCRYPTED", key_name: "projects/p/locations/europe-west3/keyRings/r/cryptoKeys/k" });
  });

  it("disables GKE's managed Gateway API unless asked for", () => {
    expect(cluster().gateway_api_config).toEqual({ channel: "CHANNEL_DISABLED" });
    expect(cluster({ managedGatewayApi: true }).gateway_api_config).toEqual({ channel: "CHANNEL_STANDARD" });
  });

  it("uses a vulnerability mode GKE still supports", () => {
    expect(cluster().security_posture_config).toEqual({ mode: "BASIC", vulnerability_mode: "VULNERABILITY_DISABLED" });
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
      "roles/container.defaultNodeServiceAccount",
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

  it("creates the cluster only after the node account holds its roles", () => {
    const c = cluster();
    expect(c.depends_on.filter((d: string) => d.startsWith("google_project_iam_member."))).toHaveLength(6);
  });

  it("lists the authorized networks of the control plane", () => {
    const c = cluster({ authorizedNetworks: [{ name: "vpn", cidr: "203.0.113.0/24" }] });
    expect(c.master_authorized_networks_config.cidr_blocks).toEqual([{ display_name: "vpn", cidr_block: "203.0.113.0/24" }]);
  });

  it("fails when a private endpoint has no control plane range", () => {
    expect(() => build({ controlPlaneCidr: undefined })).toThrow("GkeCluster: controlPlaneCidr is required when privateEndpoint is true (a /28)");
  });

  it("fails when no zone is given", () => {
    expect(() => build({ zones: [] })).toThrow("GkeCluster: zones must name at least one zone");
  });
});

describe("GkeCluster default pool", () => {
  it("never replaces the cluster over the removed default pool's settings", () => {
    expect(cluster().lifecycle.ignore_changes).toEqual(["initial_node_count", "node_config"]);
  });
});

import { ContainerCluster } from "@cdktf/provider-google/lib/container-cluster";
import { ContainerNodePool } from "@cdktf/provider-google/lib/container-node-pool";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { ClusterAccess } from "../core/contracts";
import type { Naming } from "../core/naming";
import { CLOUD_TAINT_EFFECTS, type NodePoolSpec } from "../core/node-pool";
import { PODS_RANGE, SERVICES_RANGE, type GcpNetwork } from "./network";

export interface GkeClusterProps {
  readonly naming: Naming;
  readonly projectId: string;
  readonly region: string;
  readonly network: GcpNetwork;
  /** Minor Kubernetes version, e.g. `1.33`; the release channel moves patches. */
  readonly kubernetesVersion: string;
  /** The control plane's /28 for private clusters. */
  readonly controlPlaneCidr?: string;
  /**
   * Control plane reachable only on its private endpoint.
   * @default true
   */
  readonly privateEndpoint?: boolean;
  /** CIDRs allowed to reach the control plane. @default - none: only from inside the VPC */
  readonly authorizedNetworks?: ReadonlyArray<{ name: string; cidr: string }>;
  readonly nodePools: readonly NodePoolSpec[];
  /**
   * Refuse `terraform destroy` of the cluster.
   * @default false
   */
  readonly deletionProtection?: boolean;
  /** Resources (API enablement) the cluster must wait for. */
  readonly dependsOn?: ITerraformDependable[];
}

/** Roles a node needs and nothing more (the default compute service account has Editor). */
const NODE_ROLES = [
  "roles/logging.logWriter",
  "roles/monitoring.metricWriter",
  "roles/monitoring.viewer",
  "roles/stackdriver.resourceMetadata.writer",
  "roles/artifactregistry.reader",
];

/**
 * A private, VPC-native, regional GKE Standard cluster with Workload Identity, Dataplane V2 (network
 * policy), shielded nodes, the Gateway API, and node pools that run as a least-privilege service account.
 */
export class GkeCluster extends Construct {
  readonly cluster: ContainerCluster;
  readonly nodePools: ContainerNodePool[];
  readonly access: ClusterAccess;

  constructor(scope: Construct, id: string, props: GkeClusterProps) {
    super(scope, id);
    const privateEndpoint = props.privateEndpoint ?? true;
    if (privateEndpoint && !props.controlPlaneCidr) {
      throw new Error("GkeCluster: controlPlaneCidr is required when privateEndpoint is true (a /28)");
    }
    if (props.nodePools.length === 0) throw new Error("GkeCluster: nodePools must not be empty");
    const name = props.naming.name(["gke"], 40);

    this.cluster = new ContainerCluster(this, "cluster", {
      name,
      project: props.projectId,
      location: props.region,
      network: props.network.network.id,
      subnetwork: props.network.subnet.id,
      networkingMode: "VPC_NATIVE",
      ipAllocationPolicy: { clusterSecondaryRangeName: PODS_RANGE, servicesSecondaryRangeName: SERVICES_RANGE },
      // Node pools are managed separately, so changing one never recreates the cluster.
      removeDefaultNodePool: true,
      initialNodeCount: 1,
      minMasterVersion: props.kubernetesVersion,
      releaseChannel: { channel: "REGULAR" },
      deletionProtection: props.deletionProtection ?? false,
      privateClusterConfig: {
        // Nodes never get public IPs; egress goes through Cloud NAT.
        enablePrivateNodes: true,
        enablePrivateEndpoint: privateEndpoint,
        masterIpv4CidrBlock: props.controlPlaneCidr,
        masterGlobalAccessConfig: { enabled: false },
      },
      masterAuthorizedNetworksConfig: {
        cidrBlocks: (props.authorizedNetworks ?? []).map((n) => ({ displayName: n.name, cidrBlock: n.cidr })),
      },
      workloadIdentityConfig: { workloadPool: `${props.projectId}.svc.id.goog` },
      // Dataplane V2 enforces NetworkPolicy; the apps' namespaces rely on it.
      datapathProvider: "ADVANCED_DATAPATH",
      enableShieldedNodes: true,
      enableLegacyAbac: false,
      masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
      gatewayApiConfig: { channel: "CHANNEL_STANDARD" },
      addonsConfig: {
        httpLoadBalancing: { disabled: false },
        gcePersistentDiskCsiDriverConfig: { enabled: true },
      },
      loggingConfig: { enableComponents: ["SYSTEM_COMPONENTS", "WORKLOADS"] },
      monitoringConfig: { enableComponents: ["SYSTEM_COMPONENTS"], managedPrometheus: { enabled: false } },
      securityPostureConfig: { mode: "BASIC", vulnerabilityMode: "VULNERABILITY_BASIC" },
      verticalPodAutoscaling: { enabled: true },
      dependsOn: props.dependsOn,
      lifecycle: { ignoreChanges: ["initial_node_count"] },
    });

    const nodeAccount = new ServiceAccount(this, "node-sa", {
      project: props.projectId,
      accountId: props.naming.name(["gke-nodes"], 30),
      displayName: `GKE nodes of ${name}`,
    });
    NODE_ROLES.forEach(
      (role) =>
        new ProjectIamMember(this, `node-sa-${role.split("/")[1].replace(/\./g, "-")}`, {
          project: props.projectId,
          role,
          member: nodeAccount.member,
        }),
    );

    this.nodePools = props.nodePools.map(
      (pool) =>
        new ContainerNodePool(this, `pool-${pool.name}`, {
          name: pool.name,
          project: props.projectId,
          location: props.region,
          cluster: this.cluster.id,
          autoscaling: { minNodeCount: pool.minNodes, maxNodeCount: pool.maxNodes, locationPolicy: "BALANCED" },
          management: { autoRepair: true, autoUpgrade: true },
          upgradeSettings: { maxSurge: 1, maxUnavailable: 0 },
          nodeConfig: {
            machineType: pool.machineType,
            // Container-Optimized OS: read-only root, minimal attack surface, patched by Google.
            imageType: "COS_CONTAINERD",
            diskSizeGb: pool.diskGiB,
            diskType: "pd-balanced",
            spot: pool.spot,
            serviceAccount: nodeAccount.email,
            oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
            labels: { ...pool.labels },
            taint: pool.taints.map((t) => ({ key: t.key, value: t.value, effect: CLOUD_TAINT_EFFECTS[t.effect] })),
            // Pods see only their own Workload Identity, never the node's credentials.
            workloadMetadataConfig: { mode: "GKE_METADATA" },
            shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
            metadata: { "disable-legacy-endpoints": "true" },
          },
        }),
    );

    this.access = {
      clusterName: this.cluster.name,
      host: `https://${this.cluster.endpoint}`,
      clusterCaCertificateBase64: this.cluster.masterAuth.clusterCaCertificate,
      exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "gke-gcloud-auth-plugin", args: [] },
    };
  }
}

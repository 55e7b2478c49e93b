import { ComputeFirewall } from "@cdktf/provider-google/lib/compute-firewall";
import { ContainerCluster } from "@cdktf/provider-google/lib/container-cluster";
import { ContainerNodePool } from "@cdktf/provider-google/lib/container-node-pool";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import type { ITerraformDependable } from "cdktf";
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
  /** Minor Kubernetes version, e.g. `1.35`; the release channel moves patches. */
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
  /** Zones the node pools run in (`node_locations`); each pool spreads its total node count over them. */
  readonly zones: readonly string[];
  /** When GKE may upgrade or repair the control plane and nodes, and when it may not. */
  readonly maintenance: GkeMaintenance;
  /**
   * Cloud KMS key (`projects/.../cryptoKeys/...`) that envelope-encrypts Kubernetes Secrets in etcd
   * (application-layer secrets encryption). The GKE service agent must hold encrypter/decrypter on it.
   */
  readonly secretsEncryptionKeyId: string;
  /**
   * Keep GKE's managed Gateway API CRDs. Off when the platform installs its own Gateway controller
   * (Istio, NGINX Gateway Fabric), so one owner manages the CRDs (docs/adr/0005-gke-gateway-api-crds.md).
   * @default false
   */
  readonly managedGatewayApi?: boolean;
  /**
   * More resources the cluster waits for (the KMS key's grant to the GKE service agent).
   * @default - only the node service account's roles
   */
  readonly dependsOn?: ITerraformDependable[];
}

/** A weekly maintenance window (UTC) and the periods in which GKE may not upgrade. */
export interface GkeMaintenance {
  /** RRULE days: MO, TU, ... */
  readonly days: readonly string[];
  /** Start of the window, `HH:MM` UTC. */
  readonly start: string;
  readonly durationHours: number;
  readonly exclusions: ReadonlyArray<{ name: string; start: string; end: string; scope: string }>;
}

/** Ports admission webhooks listen on: cert-manager/most operators (9443), Istio's injector (15017), others (8443). */
export const WEBHOOK_PORTS = ["8443", "9443", "15017"];

/** Roles a node needs and nothing more (the default compute service account has Editor). */
const NODE_ROLES = [
  "roles/logging.logWriter",
  "roles/monitoring.metricWriter",
  "roles/monitoring.viewer",
  "roles/stackdriver.resourceMetadata.writer",
  "roles/artifactregistry.reader",
  // The role Google grants the default compute account for nodes; includes the metadata and autoscaler reads.
  "roles/container.defaultNodeServiceAccount",
];

/** An RRULE-compatible window: a fixed past date as the anchor, the duration added to its start. */
function recurringWindow(m: GkeMaintenance): { startTime: string; endTime: string; recurrence: string } {
  const start = new Date(`2026-01-01T${m.start}:00Z`);
  const end = new Date(start.getTime() + m.durationHours * 3600_000);
  const iso = (d: Date) => d.toISOString().replace(/\.000Z$/, "Z");
  return { startTime: iso(start), endTime: iso(end), recurrence: `FREQ=WEEKLY;BYDAY=${m.days.join(",")}` };
}

/**
 * A private, VPC-native, regional GKE Standard cluster with Workload Identity, Dataplane V2 (network
 * policy), shielded nodes, KMS-encrypted Secrets, and node pools that run as a least-privilege service
 * account. Operators and CI reach the control plane through its DNS-based endpoint (IAM-authenticated,
 * reachable from anywhere with a Google identity); the IP endpoint stays private.
 */
export class GkeCluster extends Construct {
  readonly cluster: ContainerCluster;
  readonly nodePools: ContainerNodePool[];
  readonly access: ClusterAccess;
  /** The nodes' service account. */
  readonly serviceAccountEmail: string;

  constructor(scope: Construct, id: string, props: GkeClusterProps) {
    super(scope, id);
    const privateEndpoint = props.privateEndpoint ?? true;
    if (privateEndpoint && !props.controlPlaneCidr) {
      throw new Error("GkeCluster: controlPlaneCidr is required when privateEndpoint is true (a /28)");
    }
    if (props.nodePools.length === 0) throw new Error("GkeCluster: nodePools must not be empty");
    const name = props.naming.name(["gke"], 40);

    if (props.zones.length === 0) throw new Error("GkeCluster: zones must name at least one zone");

    const nodeAccount = new ServiceAccount(this, "node-sa", {
      project: props.projectId,
      accountId: props.naming.name(["gke-nodes"], 30),
      displayName: `GKE nodes of ${name}`,
    });
    const nodeRoles = NODE_ROLES.map(
      (role) =>
        new ProjectIamMember(this, `node-sa-${role.split("/")[1].replace(/\./g, "-")}`, {
          project: props.projectId,
          role,
          member: nodeAccount.member,
        }),
    );

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
        // The private IP endpoint answers from every region of the VPC (VPN, peered networks), not only this one.
        masterGlobalAccessConfig: { enabled: true },
      },
      controlPlaneEndpointsConfig: {
        // The way in: IAM decides who may call the API (no network allow-list to keep up to date), so
        // laptops and CI reach a private cluster with their Google identity.
        dnsEndpointConfig: { allowExternalTraffic: true },
        ipEndpointsConfig: { enabled: true },
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
      // etcd backups hold Secrets encrypted with our key, which we can revoke.
      databaseEncryption: { state: "ENCRYPTED", keyName: props.secretsEncryptionKeyId },
      gatewayApiConfig: { channel: props.managedGatewayApi ? "CHANNEL_STANDARD" : "CHANNEL_DISABLED" },
      addonsConfig: {
        httpLoadBalancing: { disabled: false },
        gcePersistentDiskCsiDriverConfig: { enabled: true },
      },
      maintenancePolicy: {
        recurringWindow: recurringWindow(props.maintenance),
        maintenanceExclusion: props.maintenance.exclusions.map((x) => ({
          exclusionName: x.name,
          startTime: x.start,
          endTime: x.end,
          exclusionOptions: { scope: x.scope },
        })),
      },
      loggingConfig: { enableComponents: ["SYSTEM_COMPONENTS", "WORKLOADS"] },
      monitoringConfig: { enableComponents: ["SYSTEM_COMPONENTS"], managedPrometheus: { enabled: false } },
      // Basic vulnerability scanning is no longer offered by GKE; images are scanned before they are pushed.
      securityPostureConfig: { mode: "BASIC", vulnerabilityMode: "VULNERABILITY_DISABLED" },
      verticalPodAutoscaling: { enabled: true },
      // The nodes of the default pool (created, then removed) run as our account, which needs its roles first.
      dependsOn: [...nodeRoles, ...(props.dependsOn ?? [])],
      // Both describe only the default pool, which exists for minutes; after its removal the API reports
      // other values, and node_config changes would replace the cluster.
      lifecycle: { ignoreChanges: ["initial_node_count", "node_config"] },
      // The short-lived default pool gets the same hardening as ours, never the Editor-holding compute account.
      nodeConfig: {
        serviceAccount: nodeAccount.email,
        oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
        workloadMetadataConfig: { mode: "GKE_METADATA" },
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        metadata: { "disable-legacy-endpoints": "true" },
      },
    });

    if (props.controlPlaneCidr) {
      new ComputeFirewall(this, "webhooks", {
        name: props.naming.name(["gke-webhooks"]),
        project: props.projectId,
        network: props.network.network.id,
        description: "GKE control plane to admission webhooks on the nodes (Istio injector, cert-manager, operators)",
        direction: "INGRESS",
        sourceRanges: [props.controlPlaneCidr],
        targetServiceAccounts: [nodeAccount.email],
        allow: [{ protocol: "tcp", ports: WEBHOOK_PORTS }],
      });
    }

    this.nodePools = props.nodePools.map(
      (pool) =>
        new ContainerNodePool(this, `pool-${pool.name}`, {
          name: pool.name,
          project: props.projectId,
          location: props.region,
          cluster: this.cluster.id,
          nodeLocations: [...props.zones],
          // Totals across the pool's zones, the meaning minNodes/maxNodes have on every target.
          autoscaling: { totalMinNodeCount: pool.minNodes, totalMaxNodeCount: pool.maxNodes, locationPolicy: "BALANCED" },
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

    this.serviceAccountEmail = nodeAccount.email;
    this.access = {
      clusterName: this.cluster.name,
      // The DNS endpoint serves a publicly trusted certificate, so no cluster CA is needed.
      host: `https://${this.cluster.controlPlaneEndpointsConfig.dnsEndpointConfig.endpoint}`,
      // The same identity as the google provider (Application Default Credentials), not gcloud's active account.
      exec: {
        apiVersion: "client.authentication.k8s.io/v1beta1",
        command: "gke-gcloud-auth-plugin",
        args: ["--use_application_default_credentials"],
      },
    };
  }
}

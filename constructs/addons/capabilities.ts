/**
 * What each target provides by itself. Add-ons ask these questions instead of testing `env.target`, so a
 * new target is one row here, and a difference between targets is visible in one table.
 */
import type { EnvironmentConfig } from "../../environments/schema";
import type { SizingProfileName } from "./sizing";

export interface TargetCapabilities {
  /** A managed PostgreSQL (Cloud SQL, RDS) the infra layer creates. */
  readonly managedDatabase: boolean;
  /** A managed Redis-protocol cache (Memorystore, ElastiCache). */
  readonly managedCache: boolean;
  /** The sizing profile of every add-on (`sizing.ts`): `compact` fits one machine and carries its budget. */
  readonly sizing: SizingProfileName;
  /**
   * The gateway is published on this machine's loopback only (k3d ports bound to 127.0.0.1): each hostname
   * also gets a plain HTTP listener that serves its routes (`http://app.localhost:8080`), and the admin UIs
   * (Kafka UI, pgAdmin), which have no login of their own, may run.
   */
  readonly loopbackGateway: boolean;
  /** The public DNS service ExternalDNS and cert-manager's DNS01 solver write to; undefined: none. */
  readonly publicDns?: "google" | "aws";
  /** How a `Service` of type LoadBalancer becomes a load balancer. */
  readonly loadBalancer: "gke" | "aws-load-balancer-controller" | "k3s-servicelb";
  /** NetworkPolicy is enforced by the cluster's network plugin (Dataplane V2, vpc-cni, k3s kube-router). */
  readonly networkPolicyEnforced: boolean;
  /** The cluster ships metrics-server (GKE, k3s); otherwise the platform installs it. */
  readonly metricsServer: boolean;
  /** Who adds nodes: the cloud (GKE node auto-provisioning / autoscaler), or our cluster-autoscaler. */
  readonly nodeAutoscaler: "managed" | "cluster-autoscaler" | "none";
  /** Object storage for Loki; `filesystem` keeps logs on a volume. */
  readonly objectStorage: "gcs" | "s3" | "filesystem";
  /** How pods get cloud credentials. */
  readonly workloadIdentity: "gke-workload-identity" | "eks-pod-identity" | "none";
  /** The cluster has a usable default StorageClass; EKS needs our gp3 class. */
  readonly defaultStorageClass: boolean;
  /** The gateway is reachable on port 80 from the internet, so it answers HTTP with a redirect to HTTPS. */
  readonly publicHttp: boolean;
  /**
   * The target has an image registry the nodes pull the app images from (Artifact Registry, ECR). Without
   * one (k3d) the images are imported into the nodes and must never be pulled: an unqualified name such
   * as `orderbook/api` would otherwise resolve to Docker Hub, a namespace we do not own.
   */
  readonly imageRegistry: boolean;
  /** Istio's platform profile (`global.platform`): CNI paths, and on GKE the ResourceQuota for node-critical pods. */
  readonly istioPlatform?: "gke" | "k3d";
}

/** The capability table. */
export const TARGET_CAPABILITIES: Readonly<Record<EnvironmentConfig["target"], TargetCapabilities>> = {
  gcp: {
    managedDatabase: true,
    managedCache: true,
    sizing: "standard",
    loopbackGateway: false,
    publicDns: "google",
    loadBalancer: "gke",
    networkPolicyEnforced: true,
    metricsServer: true,
    nodeAutoscaler: "managed",
    objectStorage: "gcs",
    workloadIdentity: "gke-workload-identity",
    defaultStorageClass: true,
    publicHttp: true,
    imageRegistry: true,
    istioPlatform: "gke",
  },
  aws: {
    managedDatabase: true,
    managedCache: true,
    sizing: "standard",
    loopbackGateway: false,
    publicDns: "aws",
    loadBalancer: "aws-load-balancer-controller",
    networkPolicyEnforced: true,
    metricsServer: false,
    nodeAutoscaler: "cluster-autoscaler",
    objectStorage: "s3",
    workloadIdentity: "eks-pod-identity",
    defaultStorageClass: false,
    publicHttp: true,
    imageRegistry: true,
  },
  local: {
    managedDatabase: false,
    managedCache: false,
    sizing: "compact",
    loopbackGateway: true,
    loadBalancer: "k3s-servicelb",
    networkPolicyEnforced: true,
    metricsServer: true,
    nodeAutoscaler: "none",
    objectStorage: "filesystem",
    workloadIdentity: "none",
    defaultStorageClass: true,
    publicHttp: false,
    imageRegistry: false,
    istioPlatform: "k3d",
  },
};

/** The capabilities of an environment's target. */
export function capabilitiesOf(env: EnvironmentConfig): TargetCapabilities {
  return TARGET_CAPABILITIES[env.target];
}

import { ComputeAddress } from "@cdktf/provider-google/lib/compute-address";
import { ComputeNetwork } from "@cdktf/provider-google/lib/compute-network";
import { ComputeRouter } from "@cdktf/provider-google/lib/compute-router";
import { ComputeRouterNat } from "@cdktf/provider-google/lib/compute-router-nat";
import { ComputeSubnetwork } from "@cdktf/provider-google/lib/compute-subnetwork";
import { Construct } from "constructs";
import type { Naming } from "../core/naming";

export interface GcpNetworkProps {
  readonly naming: Naming;
  readonly region: string;
  /** Primary range of the cluster subnet (nodes). */
  readonly cidr: string;
  /** Secondary range for pods (VPC-native GKE). */
  readonly podsCidr: string;
  /** Secondary range for services. */
  readonly servicesCidr: string;
  /**
   * Sampling rate of VPC flow logs, 0 to 1.
   * @default 0.5
   */
  readonly flowLogSampling?: number;
  /**
   * Static external addresses Cloud NAT sends egress from (partners allow-list them).
   * @default 0 - Google allocates NAT addresses, which may change
   */
  readonly egressAddresses?: number;
}

/** Names of the subnet's secondary ranges, as GKE's ip_allocation_policy refers to them. */
export const PODS_RANGE = "pods";
export const SERVICES_RANGE = "services";

/**
 * A custom-mode VPC with one regional subnet for the cluster (with pod and service secondary ranges)
 * and Cloud NAT, so private nodes reach registries without public IPs; with `egressAddresses`, NAT
 * uses reserved static addresses only.
 */
export class GcpNetwork extends Construct {
  readonly network: ComputeNetwork;
  readonly subnet: ComputeSubnetwork;
  /** The reserved egress addresses (empty when Google allocates them). */
  readonly egressAddresses: ComputeAddress[];

  constructor(scope: Construct, id: string, props: GcpNetworkProps) {
    super(scope, id);
    const sampling = props.flowLogSampling ?? 0.5;
    if (sampling < 0 || sampling > 1) throw new Error(`GcpNetwork: flowLogSampling must be between 0 and 1, got ${sampling}`);
    const egress = props.egressAddresses ?? 0;
    if (!Number.isInteger(egress) || egress < 0) throw new Error(`GcpNetwork: egressAddresses must be a whole number >= 0, got ${egress}`);

    this.network = new ComputeNetwork(this, "vpc", {
      name: props.naming.name(["vpc"]),
      // Custom mode: auto mode would create a subnet in every region with overlapping, unplanned ranges.
      autoCreateSubnetworks: false,
      routingMode: "REGIONAL",
      deleteDefaultRoutesOnCreate: false,
    });

    this.subnet = new ComputeSubnetwork(this, "subnet", {
      name: props.naming.name(["nodes"]),
      network: this.network.id,
      region: props.region,
      ipCidrRange: props.cidr,
      // Private nodes still reach Google APIs (Artifact Registry, Secret Manager) without NAT.
      privateIpGoogleAccess: true,
      secondaryIpRange: [
        { rangeName: PODS_RANGE, ipCidrRange: props.podsCidr },
        { rangeName: SERVICES_RANGE, ipCidrRange: props.servicesCidr },
      ],
      // Flow logs are the only record of who talked to whom after an incident.
      logConfig: { aggregationInterval: "INTERVAL_5_SEC", flowSampling: sampling, metadata: "INCLUDE_ALL_METADATA" },
    });

    const router = new ComputeRouter(this, "router", {
      name: props.naming.name(["router"]),
      network: this.network.id,
      region: props.region,
    });
    this.egressAddresses = Array.from(
      { length: egress },
      (_, i) =>
        new ComputeAddress(this, `egress-${i}`, {
          name: props.naming.name(["nat", String(i)]),
          region: props.region,
          addressType: "EXTERNAL",
          networkTier: "PREMIUM",
          description: "Cloud NAT egress address; exchange partners allow-list it",
        }),
    );
    new ComputeRouterNat(this, "nat", {
      name: props.naming.name(["nat"]),
      router: router.name,
      region: props.region,
      natIpAllocateOption: egress > 0 ? "MANUAL_ONLY" : "AUTO_ONLY",
      natIps: egress > 0 ? this.egressAddresses.map((a) => a.selfLink) : undefined,
      sourceSubnetworkIpRangesToNat: "ALL_SUBNETWORKS_ALL_IP_RANGES",
      logConfig: { enable: true, filter: "ERRORS_ONLY" },
    });
  }
}

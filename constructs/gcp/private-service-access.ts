import { ComputeGlobalAddress } from "@cdktf/provider-google/lib/compute-global-address";
import { ServiceNetworkingConnection } from "@cdktf/provider-google/lib/service-networking-connection";
import { Construct } from "constructs";
import type { Naming } from "../core/naming";
import type { GcpNetwork } from "./network";

export interface PrivateServiceAccessProps {
  readonly naming: Naming;
  readonly network: GcpNetwork;
  /** Range Google's producer networks (Cloud SQL, Memorystore) take addresses from; at least a /24. */
  readonly cidr: string;
}

/**
 * Private Service Access: a reserved range peered into Google's service producer network, so Cloud SQL
 * and Memorystore get private IPs inside our VPC and never a public one.
 */
export class PrivateServiceAccess extends Construct {
  readonly range: ComputeGlobalAddress;
  /** Everything with a private IP from the range depends on this. */
  readonly connection: ServiceNetworkingConnection;

  constructor(scope: Construct, id: string, props: PrivateServiceAccessProps) {
    super(scope, id);
    const [address, prefix] = props.cidr.split("/");
    const prefixLength = Number(prefix);
    if (!(prefixLength >= 8 && prefixLength <= 24)) {
      throw new Error(`PrivateServiceAccess: cidr must be between a /8 and a /24, got ${props.cidr}`);
    }
    this.range = new ComputeGlobalAddress(this, "range", {
      name: props.naming.name(["psa"]),
      purpose: "VPC_PEERING",
      addressType: "INTERNAL",
      address,
      prefixLength,
      network: props.network.network.id,
      description: "Private Service Access range for Cloud SQL and Memorystore",
    });
    this.connection = new ServiceNetworkingConnection(this, "connection", {
      network: props.network.network.id,
      service: "servicenetworking.googleapis.com",
      reservedPeeringRanges: [this.range.name],
      // Deleting the peering fails while Google still holds producer resources (minutes after a Cloud SQL
      // delete); abandoning it lets destroy finish, and the VPC's deletion removes it.
      deletionPolicy: "ABANDON",
    });
  }
}

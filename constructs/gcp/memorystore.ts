import { RedisInstance } from "@cdktf/provider-google/lib/redis-instance";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { Naming } from "../core/naming";
import type { GcpNetwork } from "./network";

export interface MemorystoreProps {
  readonly naming: Naming;
  readonly projectId: string;
  readonly region: string;
  /** The zones the environment uses; the primary goes to the first, an HA replica to the second. */
  readonly zones: readonly string[];
  readonly network: GcpNetwork;
  readonly privateServiceAccess: ITerraformDependable;
  /** `7.2`, `7.0` or `6.x`. */
  readonly version: string;
  readonly memoryGiB: number;
  /** STANDARD_HA (a replica in another zone, automatic failover) instead of BASIC. */
  readonly highAvailability: boolean;
}

/**
 * Memorystore for Redis on a private IP, with AUTH and TLS (server authentication) always on.
 * The AUTH string and the server CA are read from the instance's attributes into Secret Manager.
 */
export class Memorystore extends Construct {
  readonly instance: RedisInstance;

  constructor(scope: Construct, id: string, props: MemorystoreProps) {
    super(scope, id);
    if (!Number.isInteger(props.memoryGiB) || props.memoryGiB < 1) throw new Error(`Memorystore: memoryGiB must be a whole number >= 1, got ${props.memoryGiB}`);
    if (props.zones.length === 0) throw new Error("Memorystore: zones must name at least one zone");
    this.instance = new RedisInstance(this, "instance", {
      name: props.naming.name(["cache"], 40),
      project: props.projectId,
      region: props.region,
      tier: props.highAvailability ? "STANDARD_HA" : "BASIC",
      memorySizeGb: props.memoryGiB,
      redisVersion: `REDIS_${props.version.replace(".", "_").toUpperCase()}`,
      locationId: props.zones[0],
      alternativeLocationId: props.highAvailability && props.zones.length > 1 ? props.zones[1] : undefined,
      authorizedNetwork: props.network.network.id,
      connectMode: "PRIVATE_SERVICE_ACCESS",
      // A password on every connection and TLS on the wire: the VPC is not a trust boundary.
      authEnabled: true,
      transitEncryptionMode: "SERVER_AUTHENTICATION",
      maintenancePolicy: { weeklyMaintenanceWindow: [{ day: "TUESDAY", startTime: { hours: 3, minutes: 0 } }] },
      dependsOn: [props.privateServiceAccess],
    });
  }
}

import { ElasticacheReplicationGroup } from "@cdktf/provider-aws/lib/elasticache-replication-group";
import { ElasticacheSubnetGroup } from "@cdktf/provider-aws/lib/elasticache-subnet-group";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import type { CacheEndpoint } from "../core/contracts";
import type { Naming } from "../core/naming";
import { CACHE_ENGINE_VERSIONS, cacheNodeType } from "./cache-node-types";
import { GeneratedSecret } from "./generated-secret";
import type { AwsNetwork } from "./network";
import { nodesOnlySecurityGroup } from "./nodes-only-security-group";

export interface CacheProps {
  readonly naming: Naming;
  readonly network: AwsNetwork;
  readonly engine: "valkey" | "redis";
  /** Engine version, e.g. `8.0` (Valkey) or `7.1` (Redis). */
  readonly version: string;
  /** Memory the cache needs; the smallest node type with at least this much is used. */
  readonly memoryGiB: number;
  /** A replica in another zone with automatic failover (Multi-AZ). */
  readonly highAvailability: boolean;
  /** Encrypts data at rest and the AUTH token's secret. */
  readonly key: KmsKey;
  /** The only security group admitted on 6379: the cluster's nodes. */
  readonly clientSecurityGroupId: string;
}

/**
 * An ElastiCache (Valkey or Redis) replication group in the database subnets: TLS in transit, KMS at rest,
 * an AUTH token generated into Secrets Manager, snapshots kept a day, reachable only from the nodes, and
 * in HA a replica in a second zone with automatic failover.
 */
export class Cache extends Construct {
  readonly group: ElasticacheReplicationGroup;
  readonly authSecret: GeneratedSecret;
  readonly endpoint: CacheEndpoint;

  constructor(scope: Construct, id: string, props: CacheProps) {
    super(scope, id);
    const nodeType = cacheNodeType(props.memoryGiB);
    if (!nodeType) throw new Error(`Cache: memoryGiB ${props.memoryGiB} is more than the largest node type offers`);
    const family = CACHE_ENGINE_VERSIONS[props.engine][props.version];
    if (!family) {
      throw new Error(`Cache: ${props.engine} ${props.version} is not supported; allowed: ${Object.keys(CACHE_ENGINE_VERSIONS[props.engine]).join(", ")}`);
    }
    const n = props.naming;
    const name = n.name(["cache"], 40);

    const subnets = new ElasticacheSubnetGroup(this, "subnets", {
      name,
      description: `Cache subnets of ${n.prefix}`,
      subnetIds: props.network.databaseSubnets.map((s) => s.id),
    });
    const sg = nodesOnlySecurityGroup(this, {
      name,
      description: `Cache of ${n.prefix}: the cluster's nodes only`,
      network: props.network,
      port: 6379,
      ruleDescription: `${props.engine} from the EKS nodes`,
      clientSecurityGroupId: props.clientSecurityGroupId,
    });
    this.authSecret = new GeneratedSecret(this, "auth-token", {
      naming: n,
      name: "cache-auth-token",
      description: `AUTH token of the ${props.engine} cache ${name}`,
      key: props.key,
    });

    this.group = new ElasticacheReplicationGroup(this, "group", {
      replicationGroupId: name,
      description: `${props.engine} ${props.version} for ${n.prefix}`,
      engine: props.engine,
      engineVersion: props.version,
      nodeType,
      numCacheClusters: props.highAvailability ? 2 : 1,
      automaticFailoverEnabled: props.highAvailability,
      multiAzEnabled: props.highAvailability,
      subnetGroupName: subnets.name,
      securityGroupIds: [sg.id],
      port: 6379,
      atRestEncryptionEnabled: "true",
      kmsKeyId: props.key.arn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: "required",
      authToken: this.authSecret.initialValue,
      snapshotRetentionLimit: 1,
      autoMinorVersionUpgrade: "true",
      applyImmediately: false,
      // The token is rotated through the secret and `ModifyReplicationGroup` (ROTATE then SET), not by a plan.
      lifecycle: { ignoreChanges: ["auth_token"] },
    });

    this.endpoint = {
      host: this.group.primaryEndpointAddress,
      port: 6379,
      tls: true,
      authSecretName: this.authSecret.secret.name,
    };
  }
}

import { ManagedKafkaCluster } from "@cdktf/provider-google/lib/managed-kafka-cluster";
import { ManagedKafkaTopic } from "@cdktf/provider-google/lib/managed-kafka-topic";
import { Construct } from "constructs";
import type { Naming } from "../core/naming";
import type { GcpNetwork } from "./network";

export interface ManagedKafkaProps {
  readonly naming: Naming;
  readonly projectId: string;
  readonly region: string;
  readonly network: GcpNetwork;
  /** Capacity: Google sizes brokers from vCPUs; 3 vCPUs is the minimum cluster. */
  readonly vcpus: number;
  /** Memory per vCPU, 1 to 8 GiB. */
  readonly memoryGiBPerVcpu: number;
  readonly topics: readonly string[];
  readonly partitions: number;
  readonly replicationFactor: number;
  /** Disk the topics may fill, in total; each partition's `retention.bytes` is its share. */
  readonly storageGiB: number;
}

/**
 * Google Managed Service for Apache Kafka, reachable from the cluster subnet, with the contract topics.
 * Clients authenticate with SASL (OAUTHBEARER with their Workload Identity) over TLS on port 9092.
 */
export class ManagedKafka extends Construct {
  readonly cluster: ManagedKafkaCluster;
  readonly bootstrapServers: string;

  constructor(scope: Construct, id: string, props: ManagedKafkaProps) {
    super(scope, id);
    if (!Number.isInteger(props.vcpus) || props.vcpus < 3) throw new Error(`ManagedKafka: vcpus must be a whole number >= 3, got ${props.vcpus}`);
    if (props.memoryGiBPerVcpu < 1 || props.memoryGiBPerVcpu > 8) throw new Error(`ManagedKafka: memoryGiBPerVcpu must be between 1 and 8, got ${props.memoryGiBPerVcpu}`);
    const clusterId = props.naming.name(["kafka"]);
    this.cluster = new ManagedKafkaCluster(this, "cluster", {
      project: props.projectId,
      clusterId,
      location: props.region,
      capacityConfig: { vcpuCount: String(props.vcpus), memoryBytes: String(props.vcpus * props.memoryGiBPerVcpu * 1024 ** 3) },
      gcpConfig: {
        accessConfig: {
          networkConfigs: [{ subnet: `projects/${props.projectId}/regions/${props.region}/subnetworks/${props.network.subnet.name}` }],
        },
      },
      rebalanceConfig: { mode: "AUTO_REBALANCE_ON_SCALE_UP" },
    });
    // Managed Kafka's storage grows on its own; the cap is per partition, so storage is shared evenly.
    const retentionBytes = Math.floor((props.storageGiB * 1024 ** 3) / (props.topics.length * props.partitions * props.replicationFactor));
    for (const topic of props.topics) {
      new ManagedKafkaTopic(this, `topic-${topic}`, {
        project: props.projectId,
        location: props.region,
        cluster: this.cluster.clusterId,
        topicId: topic,
        partitionCount: props.partitions,
        replicationFactor: props.replicationFactor,
        configs: { "retention.bytes": String(retentionBytes) },
      });
    }
    // Google's documented bootstrap name; the provider exposes no attribute for it.
    this.bootstrapServers = `bootstrap.${clusterId}.${props.region}.managedkafka.${props.projectId}.cloud.goog:9092`;
  }
}

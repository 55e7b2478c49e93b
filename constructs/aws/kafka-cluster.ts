import { DataAwsMskBootstrapBrokers } from "@cdktf/provider-aws/lib/data-aws-msk-bootstrap-brokers";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { MskCluster } from "@cdktf/provider-aws/lib/msk-cluster";
import { MskServerlessCluster } from "@cdktf/provider-aws/lib/msk-serverless-cluster";
import { Construct } from "constructs";
import type { KafkaEndpoint } from "../core/contracts";
import type { Naming } from "../core/naming";
import type { AwsNetwork } from "./network";
import { nodesOnlySecurityGroup } from "./nodes-only-security-group";

/** MSK's Kafka version for provisioned clusters (KRaft metadata mode is a separate `.kraft` version). */
export const MSK_KAFKA_VERSION = "3.9.x";

export interface KafkaClusterProps {
  readonly naming: Naming;
  readonly network: AwsNetwork;
  /** Serverless (pay per partition-hour and GB) or provisioned brokers. */
  readonly kind: "serverless" | "provisioned";
  /** Provisioned: number of brokers, a multiple of the zone count. */
  readonly brokers: number;
  /** Provisioned: broker instance type, e.g. `kafka.m7g.large`. */
  readonly brokerInstanceType: string;
  /** Provisioned: EBS storage per broker. */
  readonly storageGiB: number;
  /** Provisioned: encrypts the brokers' storage (serverless encrypts with an AWS-owned key). */
  readonly key: KmsKey;
  /** The only security group admitted on 9098 (IAM over TLS): the cluster's nodes. */
  readonly clientSecurityGroupId: string;
}

/**
 * Amazon MSK in the database subnets, serverless or provisioned, with IAM authentication over TLS only
 * (no plaintext listener, no unauthenticated clients), reachable only from the cluster's nodes.
 */
export class KafkaCluster extends Construct {
  readonly endpoint: KafkaEndpoint;
  readonly clusterArn: string;

  constructor(scope: Construct, id: string, props: KafkaClusterProps) {
    super(scope, id);
    const zones = props.network.databaseSubnets.length;
    if (props.kind === "provisioned" && props.brokers % zones !== 0) {
      throw new Error(`KafkaCluster: brokers (${props.brokers}) must be a multiple of the zone count (${zones}) for a provisioned cluster`);
    }
    const n = props.naming;
    const name = n.name(["kafka"], 64);
    const sg = nodesOnlySecurityGroup(this, {
      name,
      description: `MSK of ${n.prefix}: the cluster's nodes only`,
      network: props.network,
      port: 9098,
      ruleDescription: "Kafka (IAM over TLS) from the EKS nodes",
      clientSecurityGroupId: props.clientSecurityGroupId,
    });
    const subnetIds = props.network.databaseSubnets.map((s) => s.id);

    if (props.kind === "serverless") {
      const cluster = new MskServerlessCluster(this, "serverless", {
        clusterName: name,
        vpcConfig: [{ subnetIds, securityGroupIds: [sg.id] }],
        clientAuthentication: { sasl: { iam: { enabled: true } } },
      });
      const brokers = new DataAwsMskBootstrapBrokers(this, "bootstrap", { clusterArn: cluster.arn });
      this.clusterArn = cluster.arn;
      this.endpoint = { bootstrapServers: brokers.bootstrapBrokersSaslIam, tls: true };
    } else {
      const cluster = new MskCluster(this, "provisioned", {
        clusterName: name,
        kafkaVersion: MSK_KAFKA_VERSION,
        numberOfBrokerNodes: props.brokers,
        brokerNodeGroupInfo: {
          instanceType: props.brokerInstanceType,
          clientSubnets: subnetIds,
          securityGroups: [sg.id],
          storageInfo: { ebsStorageInfo: { volumeSize: props.storageGiB } },
        },
        encryptionInfo: {
          encryptionAtRestKmsKeyArn: props.key.arn,
          encryptionInTransit: { clientBroker: "TLS", inCluster: true },
        },
        clientAuthentication: { sasl: { iam: true }, unauthenticated: false },
      });
      this.clusterArn = cluster.arn;
      this.endpoint = { bootstrapServers: cluster.bootstrapBrokersSaslIam, tls: true };
    }
  }
}

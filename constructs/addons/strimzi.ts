import type { AddonContext, AddonDefinition, ChartRef, KubernetesObject } from "./addon";
import { APP_NAMESPACE, GATEWAY_NAMESPACE, RESTRICTED_CONTAINER } from "./addon";
import { credentialsStore } from "./external-secrets";
import { jvmOptions, sized, sizing } from "./sizing";

export const STRIMZI_CHARTS = {
  operator: { repository: "oci://quay.io/strimzi-helm", name: "strimzi-kafka-operator", version: "1.0.0" },
} as const satisfies Record<string, ChartRef>;

export const KAFKA_NAMESPACE = "kafka";
export const KAFKA_CLUSTER = "platform";
/** The cluster's only listener: TLS (Strimzi's cluster CA) with SCRAM-SHA-512 client authentication. */
export const KAFKA_LISTENER = { name: "tls", port: 9093, saslMechanism: "SCRAM-SHA-512" } as const;
/** Secret (in KAFKA_NAMESPACE) holding the cluster CA certificate under `ca.crt`, as Strimzi names it. */
export const KAFKA_CLUSTER_CA_SECRET = `${KAFKA_CLUSTER}-cluster-ca-cert`;
/**
 * ClusterSecretStore through which the apps' ExternalSecrets copy their KafkaUser's password (the Secret
 * Strimzi's user operator writes, named after the user, key `password`) and the cluster CA into their
 * own namespace. Only APP_NAMESPACE may use it.
 */
export const KAFKA_CREDENTIALS_STORE = "kafka-credentials";

/** The contract topics (seed 001): name on the wire -> Kubernetes object name. */
export const CONTRACT_TOPICS = ["matching_engine_input", "matching_engine_output", "orderbook_output", "ticker_engine_output"] as const;

/**
 * Kafka users per app, with the ACLs of the wire contract. The frontend talks only to the API, so it has
 * no Kafka user. Consumer groups are those the apps use (apps/engine/src/config.ts, apps/api/src/lib/topics.ts).
 */
export const KAFKA_USERS = {
  engine: {
    read: ["matching_engine_input"],
    write: ["matching_engine_output", "orderbook_output", "ticker_engine_output"],
    groups: [{ name: "matching-engine", patternType: "literal" }],
  },
  api: {
    read: ["matching_engine_output", "orderbook_output", "ticker_engine_output"],
    write: ["matching_engine_input"],
    groups: [
      { name: "matching_engine_", patternType: "prefix" },
      { name: "orderbook_consumer", patternType: "literal" },
      { name: "ticker_consumer", patternType: "literal" },
    ],
  },
} as const;

/** The kafka-ui add-on's user: read-only (list and read topics, describe groups and the cluster). */
export const KAFKA_UI_USER = "kafka-ui";
const READ_ONLY_ACLS = [
  { resource: { type: "topic", name: "*", patternType: "literal" }, operations: ["Describe", "DescribeConfigs", "Read"] },
  { resource: { type: "group", name: "*", patternType: "literal" }, operations: ["Describe"] },
  { resource: { type: "cluster" }, operations: ["Describe", "DescribeConfigs"] },
];

const objectName = (topic: string) => topic.replaceAll("_", "-");

/** min.insync.replicas that keeps writes durable yet survives one broker down. */
export function minInSyncReplicas(replicationFactor: number): number {
  return replicationFactor >= 3 ? replicationFactor - 1 : 1;
}

function kafkaObjects(ctx: AddonContext): KubernetesObject[] {
  const { env } = ctx;
  const k = env.kafka;
  const rf = k.replicationFactor;
  const minIsr = minInSyncReplicas(rf);
  const labels = { "strimzi.io/cluster": KAFKA_CLUSTER };
  const storage = { type: "persistent-claim", size: `${k.storageGiB}Gi`, deleteClaim: false, kraftMetadata: "shared" };
  const size = sizing(ctx).strimzi;
  const broker = { resources: sized(size.broker), jvmOptions: jvmOptions(size.broker) };
  // Fewer than 3 brokers: one pool of combined controller+broker nodes. Otherwise 3 dedicated controllers.
  const pools: KubernetesObject[] =
    k.brokers < 3
      ? [
          {
            apiVersion: "kafka.strimzi.io/v1",
            kind: "KafkaNodePool",
            metadata: { name: "combined", namespace: KAFKA_NAMESPACE, labels },
            spec: { replicas: k.brokers, roles: ["controller", "broker"], storage: { type: "jbod", volumes: [{ id: 0, ...storage }] }, ...broker },
          },
        ]
      : [
          {
            apiVersion: "kafka.strimzi.io/v1",
            kind: "KafkaNodePool",
            metadata: { name: "controllers", namespace: KAFKA_NAMESPACE, labels },
            spec: { replicas: 3, roles: ["controller"], storage: { type: "jbod", volumes: [{ id: 0, type: "persistent-claim", size: "10Gi", deleteClaim: false, kraftMetadata: "shared" }] }, resources: sized(size.controller), jvmOptions: jvmOptions(size.controller) },
          },
          {
            apiVersion: "kafka.strimzi.io/v1",
            kind: "KafkaNodePool",
            metadata: { name: "brokers", namespace: KAFKA_NAMESPACE, labels },
            spec: { replicas: k.brokers, roles: ["broker"], storage: { type: "jbod", volumes: [{ id: 0, ...storage }] }, ...broker },
          },
        ];
  const kafka: KubernetesObject = {
    apiVersion: "kafka.strimzi.io/v1",
    kind: "Kafka",
    metadata: { name: KAFKA_CLUSTER, namespace: KAFKA_NAMESPACE },
    spec: {
      kafka: {
        // Only a TLS listener inside the cluster; apps authenticate as their KafkaUser with SCRAM-SHA-512
        // (a password the pure-JS client can present; the CA and password reach them through ESO).
        listeners: [{ name: KAFKA_LISTENER.name, port: KAFKA_LISTENER.port, type: "internal", tls: true, authentication: { type: "scram-sha-512" } }],
        authorization: { type: "simple" },
        config: {
          "default.replication.factor": rf,
          "min.insync.replicas": minIsr,
          "offsets.topic.replication.factor": rf,
          "transaction.state.log.replication.factor": rf,
          "transaction.state.log.min.isr": minIsr,
          "auto.create.topics.enable": false,
        },
      },
      entityOperator: { topicOperator: { resources: sized(size.topicOperator) }, userOperator: { resources: sized(size.userOperator) } },
    },
  };
  const topics: KubernetesObject[] = CONTRACT_TOPICS.map((topic) => ({
    apiVersion: "kafka.strimzi.io/v1",
    kind: "KafkaTopic",
    metadata: { name: objectName(topic), namespace: KAFKA_NAMESPACE, labels },
    spec: {
      topicName: topic,
      // Keyed by symbol: one partition (hence one engine instance) owns a symbol.
      partitions: k.partitions,
      replicas: rf,
      config: { "retention.ms": env.addons.kafkaRetentionHours * 3_600_000, "min.insync.replicas": minIsr },
    },
  }));
  const users: KubernetesObject[] = Object.entries(KAFKA_USERS).map(([app, acl]) => ({
    apiVersion: "kafka.strimzi.io/v1",
    kind: "KafkaUser",
    metadata: { name: app, namespace: KAFKA_NAMESPACE, labels },
    spec: {
      authentication: { type: "scram-sha-512" },
      authorization: {
        type: "simple",
        acls: [
          ...acl.read.map((t) => ({ resource: { type: "topic", name: t, patternType: "literal" }, operations: ["Read", "Describe"] })),
          ...acl.write.map((t) => ({ resource: { type: "topic", name: t, patternType: "literal" }, operations: ["Write", "Describe"] })),
          ...acl.groups.map((g) => ({ resource: { type: "group", name: g.name, patternType: g.patternType }, operations: ["Read"] })),
        ],
      },
    },
  }));
  // Created with the cluster, so the user's Secret (SCRAM password, JAAS line) exists before the Kafka UI pod reads it.
  const uiUser: KubernetesObject[] = ctx.enabled.has("kafka-ui")
    ? [{ apiVersion: "kafka.strimzi.io/v1", kind: "KafkaUser", metadata: { name: KAFKA_UI_USER, namespace: KAFKA_NAMESPACE, labels }, spec: { authentication: { type: "scram-sha-512" }, authorization: { type: "simple", acls: READ_ONLY_ACLS } } }]
    : [];
  return [...pools, kafka, ...topics, ...users, ...uiUser, ...credentialsStoreObjects()];
}

/**
 * The ESO store that hands each app its Kafka credentials: the users' passwords and the cluster CA. Simpler
 * than pointing Strimzi's user operator at the apps' namespace (one watched namespace, and the CA would
 * still have to be copied) and the same on every target, whatever secrets.backend says.
 */
function credentialsStoreObjects(): KubernetesObject[] {
  return credentialsStore(KAFKA_CREDENTIALS_STORE, KAFKA_NAMESPACE, [KAFKA_CLUSTER_CA_SECRET, ...Object.keys(KAFKA_USERS)]);
}

/** Strimzi operator and a KRaft Kafka cluster with the contract topics and one user per Kafka-using app. */
export const strimzi: AddonDefinition = {
  id: "strimzi",
  description: "Strimzi operator, KRaft Kafka with node pools, contract KafkaTopics and per-app KafkaUsers",
  enabled: ({ env }) => env.kafka.mode === "strimzi",
  spec: (ctx) => ({
    namespace: { name: KAFKA_NAMESPACE, podSecurity: "restricted" },
    // The credentials store is an ESO custom resource.
    dependsOn: ["external-secrets"],
    releases: [
      {
        name: "strimzi",
        chart: STRIMZI_CHARTS.operator,
        values: {
          resources: sized(sizing(ctx).strimzi.operator),
          // Makes the operator give every pod it creates (brokers, entity operator) a restricted security context.
          extraEnvs: [{ name: "STRIMZI_POD_SECURITY_PROVIDER_CLASS", value: "restricted" }],
          podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
          securityContext: RESTRICTED_CONTAINER,
        },
      },
    ],
    resources: kafkaObjects(ctx),
    // The gateway reaches the Kafka UI, which runs here next to its certificate.
    network: { ingressFromNamespaces: [APP_NAMESPACE, ...(ctx.enabled.has("kafka-ui") ? [GATEWAY_NAMESPACE] : [])], egressApiServer: true },
  }),
};

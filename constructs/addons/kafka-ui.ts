import type { AddonContext, AddonDefinition, ChartRef, KubernetesObject } from "./addon";
import { GATEWAY_NAME, GATEWAY_NAMESPACE, RESTRICTED_CONTAINER } from "./addon";
import { sized, sizing } from "./sizing";
import { KAFKA_CLUSTER, KAFKA_NAMESPACE, KAFKA_UI_USER } from "./strimzi";

/** kafbat's official chart (the maintained fork of provectus/kafka-ui). */
export const KAFKA_UI_CHARTS = {
  kafkaUi: { repository: "https://kafbat.github.io/helm-charts", name: "kafka-ui", version: "1.5.2" },
} as const satisfies Record<string, ChartRef>;

const RELEASE = "kafka-ui";
const CERTS = "/etc/kafka-ui/certs";

function objects(ctx: AddonContext): KubernetesObject[] {
  const host = ctx.env.dns.hostnames.kafkaUi;
  if (!host) throw new Error("kafka-ui: dns.hostnames.kafkaUi is required while addons.adminUis is true");
  return [
    {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      metadata: { name: RELEASE, namespace: KAFKA_NAMESPACE },
      spec: {
        parentRefs: [{ name: GATEWAY_NAME, namespace: GATEWAY_NAMESPACE }],
        hostnames: [host],
        rules: [{ backendRefs: [{ name: RELEASE, port: 80 }] }],
      },
    },
  ];
}

/**
 * Kafka UI (kafbat), read-only, on `dns.hostnames.kafkaUi`. It runs in the Kafka namespace because the
 * Secret of its SCRAM KafkaUser (created by the strimzi add-on with the cluster, so it exists before the UI
 * starts) and the cluster CA are there, and connects to the TLS + SCRAM-SHA-512 listener with them, as the apps do. No login of its own: `addons.adminUis`, which
 * the schema allows only where the gateway listens on 127.0.0.1.
 */
export const kafkaUi: AddonDefinition = {
  id: "kafka-ui",
  description: "Kafka UI (kafbat), read-only, through the gateway (admin UI, local only)",
  enabled: ({ env }) => env.addons.adminUis && env.kafka.mode === "strimzi",
  spec: (ctx) => ({
    // Strimzi's namespace: it exists (dependsOn) and carries its policies, which let the gateway in when this runs.
    namespace: { name: KAFKA_NAMESPACE, podSecurity: "restricted", existing: true },
    dependsOn: ["strimzi", "gateway-api-crds"],
    releases: [
      {
        name: RELEASE,
        chart: KAFKA_UI_CHARTS.kafkaUi,
        // The pod starts once Kafka is up and the User Operator has written the user's Secret.
        timeoutSeconds: 900,
        values: {
          fullnameOverride: RELEASE,
          // The image of the chart's appVersion, pinned here as well so an upgrade shows it.
          image: { tag: "v1.3.0" },
          resources: sized(sizing(ctx).kafkaUi),
          podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" }, fsGroup: 2000 },
          securityContext: { ...RESTRICTED_CONTAINER, runAsUser: 1000, runAsGroup: 2000, readOnlyRootFilesystem: true },
          // Configured by environment (Spring relaxed binding), not a YAML file: a `${...}` placeholder in
          // values would be read as a Terraform interpolation, and list entries cannot be merged across sources.
          envs: {
            config: {
              AUTH_TYPE: "DISABLED",
              KAFKA_CLUSTERS_0_NAME: ctx.env.name,
              KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS: `${KAFKA_CLUSTER}-kafka-bootstrap.${KAFKA_NAMESPACE}.svc:9093`,
              KAFKA_CLUSTERS_0_READONLY: "true",
              // The listener's TLS + SCRAM-SHA-512, as the apps connect (strimzi.ts).
              KAFKA_CLUSTERS_0_PROPERTIES_SECURITY_PROTOCOL: "SASL_SSL",
              KAFKA_CLUSTERS_0_PROPERTIES_SASL_MECHANISM: "SCRAM-SHA-512",
              KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_TYPE: "PKCS12",
              KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_LOCATION: `${CERTS}/ca/ca.p12`,
            },
            // The truststore password and the JAAS line (with the user's password) stay in Strimzi's Secrets.
            secretMappings: {
              KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_PASSWORD: { name: `${KAFKA_CLUSTER}-cluster-ca-cert`, keyName: "ca.password" },
              KAFKA_CLUSTERS_0_PROPERTIES_SASL_JAAS_CONFIG: { name: KAFKA_UI_USER, keyName: "sasl.jaas.config" },
            },
          },
          volumes: [
            { name: "cluster-ca", secret: { secretName: `${KAFKA_CLUSTER}-cluster-ca-cert` } },
            { name: "tmp", emptyDir: {} },
          ],
          volumeMounts: [
            { name: "cluster-ca", mountPath: `${CERTS}/ca`, readOnly: true },
            { name: "tmp", mountPath: "/tmp" },
          ],
        },
      },
    ],
    resources: objects(ctx),
  }),
};

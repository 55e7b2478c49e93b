/**
 * The service contracts between layers. An `infra` target implements them from its cloud resources;
 * the `platform` and `apps` stacks consume only these, so nothing downstream knows which cloud it is on.
 * Values are strings that may be Terraform tokens (cdktf turns them into cross-stack references).
 */

/** How Terraform's kubernetes and helm providers reach the cluster. Exactly one auth style is set. */
export interface ClusterAccess {
  readonly clusterName: string;
  /** API server URL (cloud clusters). */
  readonly host?: string;
  /** PEM CA bundle, base64-encoded as the clouds return it; absent when the endpoint's certificate is publicly trusted. */
  readonly clusterCaCertificateBase64?: string;
  /** Short-lived credentials from a CLI plugin (gke-gcloud-auth-plugin, `aws eks get-token`). */
  readonly exec?: { readonly apiVersion: string; readonly command: string; readonly args: readonly string[] };
  /** Kubeconfig file and context (k3d writes these). */
  readonly kubeconfig?: { readonly path: string; readonly context: string };
}

/** A PostgreSQL or MySQL endpoint; the password lives in the secret store, never in outputs. */
export interface DatabaseEndpoint {
  readonly engine: "postgres" | "mysql";
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly username: string;
  /** Name of the secret (in the environment's SecretStore, or in `passwordSecretStore`) holding the password. */
  readonly passwordSecretName: string;
  /** Key of the password inside a JSON or map secret (RDS-managed secrets, CloudNativePG's): `password`. @default - the whole value */
  readonly passwordSecretProperty?: string;
  /** ClusterSecretStore holding the password when it is not the environment's (an in-cluster service's own). @default - the environment's store */
  readonly passwordSecretStore?: string;
  /** Read-only replica host, when the environment has one. */
  readonly readHost?: string;
}

/** A Redis-protocol cache (Redis or Valkey). */
export interface CacheEndpoint {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  /** Name of the secret holding the AUTH token, when the cache requires one. */
  readonly authSecretName?: string;
  /** Key of the token inside a map secret. @default - the whole value */
  readonly authSecretProperty?: string;
  /** ClusterSecretStore holding the token when it is not the environment's. @default - the environment's store */
  readonly authSecretStore?: string;
  /** Name of the secret holding the PEM CA that signs the server's certificate, when it is not public. */
  readonly caSecretName?: string;
}

/** The apps that connect to Kafka, each as its own user. */
export type KafkaClientApp = "engine" | "api";

/** How clients authenticate to a Kafka cluster with a password (SASL over TLS). */
export interface KafkaSasl {
  readonly mechanism: "SCRAM-SHA-512";
  /** Per app: its username, and the secret (in `credentialsStore`) holding its password under `password`. */
  readonly users: Readonly<Record<KafkaClientApp, { readonly username: string; readonly passwordSecretName: string }>>;
}

/** A Kafka cluster's bootstrap address and how clients reach it securely. */
export interface KafkaEndpoint {
  readonly bootstrapServers: string;
  readonly tls: boolean;
  /** Secret (in `credentialsStore`) holding the PEM CA of the brokers' certificates under `ca.crt`; absent: publicly trusted. */
  readonly caSecretName?: string;
  /** Client authentication; absent: none. */
  readonly sasl?: KafkaSasl;
  /** ClusterSecretStore the CA and passwords are read from; required with `caSecretName` or `sasl`. */
  readonly credentialsStore?: string;
}

/** Where application secrets live; External Secrets Operator reads them through a ClusterSecretStore. */
export interface SecretStore {
  readonly kind: "kubernetes" | "vault-dev" | "gcp-secret-manager" | "aws-secrets-manager";
  /** Name of the ClusterSecretStore the apps' ExternalSecrets refer to. */
  readonly storeName: string;
}

/** The Kafka topics of the apps' contract (seed 001); every target creates these and only these. */
export const CONTRACT_TOPICS = ["matching_engine_input", "matching_engine_output", "orderbook_output", "ticker_engine_output"] as const;

import type { CacheEndpoint, DatabaseEndpoint, KafkaEndpoint, SecretStore } from "../core/contracts";

/** The platform's Gateway that the apps' HTTPRoutes attach to. */
export interface GatewayRef {
  readonly name: string;
  readonly namespace: string;
  /** Listener of the Gateway to attach to. @default - every listener that allows the route */
  readonly sectionName?: string;
}

/** Names, in the environment's secret store, of the API's own secrets (the platform or infra layer creates them). */
export interface AppSecretNames {
  /** At least 32 random characters: the HS256 key of the API's JWTs (JWT_SECRET). */
  readonly jwtSecret: string;
  /** 32 bytes, hex (64 characters) or base64: seals API-key secrets at rest. */
  readonly apiKeyEncryptionKey: string;
}

/** Custom resource kinds the apps may use because the platform installed their CRDs. */
export interface PlatformCapabilities {
  /** Gateway API CRDs (HTTPRoute). */
  readonly gatewayApi: boolean;
  /** External Secrets Operator CRDs (ExternalSecret). */
  readonly externalSecrets: boolean;
  /** Prometheus Operator CRDs (ServiceMonitor). */
  readonly serviceMonitors: boolean;
}

/**
 * Everything the `<env>-apps` stack needs from the layers below it: the typed service contracts of
 * `constructs/core/contracts.ts` plus where the platform put its gateway, monitoring and secrets.
 * Values may be Terraform tokens (cross-stack references); ports are plain numbers.
 */
export interface AppEndpoints {
  readonly database: DatabaseEndpoint;
  /** libpq `sslmode` of the API's connection: `disable` only for an in-cluster database. */
  readonly databaseSslMode: "disable" | "require" | "verify-full";
  readonly cache: CacheEndpoint;
  readonly kafka: KafkaEndpoint;
  readonly secretStore: SecretStore;
  readonly appSecrets: AppSecretNames;
  /** Registry the environment's images are pushed to (an ECR or Artifact Registry URL; a local name on k3d). */
  readonly registry: string;
  readonly gateway: GatewayRef;
  /** Namespace of the Gateway's data plane pods (allowed through the apps' NetworkPolicies). */
  readonly gatewayDataPlaneNamespace: string;
  /** Prometheus: the namespace it scrapes from and the labels its ServiceMonitor selector requires. */
  readonly monitoring: { readonly namespace: string; readonly serviceMonitorLabels: Readonly<Record<string, string>> };
  readonly capabilities: PlatformCapabilities;
}

/**
 * The environment outputs document: what app teams need to know about one environment, in one JSON
 * document that follows `docs/contracts/environment-outputs.v1.schema.json`. It names secrets, never
 * holds their values. The apps stack publishes it as the output `environment_outputs` and as the
 * ConfigMap `platform/platform-outputs`.
 */
import type { EnvironmentConfig } from "../../environments/schema";
import type { AppEndpoints } from "./app-endpoints";
import { KAFKA_TOPICS } from "./chart-values";
import { publicUrl, publicWebSocketUrl } from "./public-url";

/** Major version of the document's schema; a breaking change gets a new schema file and version. */
export const ENVIRONMENT_OUTPUTS_VERSION = "1";
export const ENVIRONMENT_OUTPUTS_SCHEMA_ID = "https://orderbook-platform.dev/schemas/environment-outputs.v1.json";

export interface EnvironmentOutputs {
  readonly $schema: string;
  readonly schemaVersion: string;
  readonly environment: string;
  readonly target: EnvironmentConfig["target"];
  readonly tier: EnvironmentConfig["tier"];
  readonly region: string | null;
  readonly urls: {
    readonly app: string;
    readonly api: string;
    readonly websocket: string;
    readonly grafana: string;
    /** Admin UIs, where they run (local). */
    readonly kafkaUi?: string;
    readonly pgadmin?: string;
  };
  readonly cluster: { readonly name: string; readonly appsNamespace: string; readonly getCredentials: string };
  readonly kafka: {
    readonly bootstrapServers: string;
    readonly tls: boolean;
    /** SASL mechanism, the store holding the CA and passwords, and the CA's secret name; null: no authentication. */
    readonly authentication: { readonly mechanism: string; readonly credentialsStore: string; readonly caSecretName: string | null } | null;
    readonly partitions: number;
    readonly topics: { readonly input: string; readonly output: string; readonly orderbook: string; readonly ticker: string };
  };
  readonly database: {
    readonly engine: string;
    readonly host: string;
    readonly readHost: string | null;
    readonly port: number;
    readonly database: string;
    readonly username: string;
    readonly passwordSecretName: string;
  };
  readonly cache: { readonly host: string; readonly port: number; readonly tls: boolean; readonly authSecretName: string | null };
  readonly secretStore: { readonly kind: string; readonly name: string };
  readonly registry: {
    readonly url: string;
    readonly images: { readonly engine: string; readonly api: string; readonly frontend: string };
  };
}

/** The command that merges the cluster's credentials into ~/.kube/config, per target. */
function getCredentials(env: EnvironmentConfig, clusterName: string): string {
  switch (env.target) {
    case "gcp":
      return `gcloud container clusters get-credentials ${clusterName} --region ${env.gcp.region} --project ${env.gcp.projectId} --dns-endpoint`;
    case "aws":
      return `aws eks update-kubeconfig --name ${clusterName} --region ${env.aws.region}`;
    case "local":
      return `k3d kubeconfig merge ${clusterName} --kubeconfig-merge-default`;
  }
}

function region(env: EnvironmentConfig): string | null {
  switch (env.target) {
    case "gcp":
      return env.gcp.region;
    case "aws":
      return env.aws.region;
    case "local":
      return null;
  }
}

/** Builds the document; `clusterName` may be a token (the infra stack's output). */
export function environmentOutputs(env: EnvironmentConfig, ep: AppEndpoints, clusterName: string, appsNamespace: string): EnvironmentOutputs {
  const { app, api, grafana, kafkaUi, pgadmin } = env.dns.hostnames;
  const admin = env.addons.adminUis;
  return {
    $schema: ENVIRONMENT_OUTPUTS_SCHEMA_ID,
    schemaVersion: ENVIRONMENT_OUTPUTS_VERSION,
    environment: env.name,
    target: env.target,
    tier: env.tier,
    region: region(env),
    urls: {
      app: publicUrl(env, app),
      api: `${publicUrl(env, api)}/api/v1`,
      websocket: publicWebSocketUrl(env, api, "/ws"),
      grafana: publicUrl(env, grafana),
      ...(admin && kafkaUi ? { kafkaUi: publicUrl(env, kafkaUi) } : {}),
      ...(admin && pgadmin ? { pgadmin: publicUrl(env, pgadmin) } : {}),
    },
    cluster: { name: clusterName, appsNamespace, getCredentials: getCredentials(env, clusterName) },
    kafka: {
      bootstrapServers: ep.kafka.bootstrapServers,
      tls: ep.kafka.tls,
      authentication: ep.kafka.sasl
        ? { mechanism: ep.kafka.sasl.mechanism, credentialsStore: ep.kafka.credentialsStore ?? "", caSecretName: ep.kafka.caSecretName ?? null }
        : null,
      partitions: env.kafka.partitions,
      topics: { ...KAFKA_TOPICS },
    },
    database: {
      engine: ep.database.engine,
      host: ep.database.host,
      readHost: ep.database.readHost ?? null,
      port: ep.database.port,
      database: ep.database.database,
      username: ep.database.username,
      passwordSecretName: ep.database.passwordSecretName,
    },
    cache: { host: ep.cache.host, port: ep.cache.port, tls: ep.cache.tls, authSecretName: ep.cache.authSecretName ?? null },
    secretStore: { kind: ep.secretStore.kind, name: ep.secretStore.storeName },
    registry: {
      url: ep.registry,
      images: {
        engine: `${env.apps.engine.image}:${env.apps.engine.tag}`,
        api: `${env.apps.api.image}:${env.apps.api.tag}`,
        frontend: `${env.apps.frontend.image}:${env.apps.frontend.tag}`,
      },
    },
  };
}

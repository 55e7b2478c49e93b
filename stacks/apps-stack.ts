import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { TerraformOutput, TerraformStack, Token } from "cdktf";
import type { Construct } from "constructs";
import * as path from "node:path";
import type { EnvironmentConfig } from "../environments/schema";
import type { ClusterAccess } from "../constructs/core/contracts";
import type { AppEndpoints } from "../constructs/apps/app-endpoints";
import { AppRelease } from "../constructs/apps/app-release";
import { apiValues, engineValues, frontendValues, RELEASES } from "../constructs/apps/chart-values";
import { environmentOutputs } from "../constructs/apps/environment-outputs";
import { appsQuotaTotals, CONTAINER_DEFAULTS, type ContainerResources } from "../constructs/apps/namespace-quota";
import { NamespaceQuota } from "../constructs/kubernetes/namespace-quota";
import { capabilitiesOf } from "../constructs/addons/capabilities";
import { sizingOf } from "../constructs/addons/sizing";
import { ClusterProviders } from "../constructs/kubernetes/providers";
import { Namespace } from "../constructs/kubernetes/namespace";
import { appEndpoints } from "./apps-endpoints";
import { configureBackend } from "./backend";
import { clusterAccessFrom, InfraRemoteState } from "./infra-outputs";
import { managedServicesFrom } from "./infra-stack";

export interface AppsStackProps {
  readonly env: EnvironmentConfig;
  /**
   * The infra stack's cluster access. Only its shape and exec plugin are used: every value the infra stack
   * creates is read back from its named outputs (`clusterAccessFrom`).
   */
  readonly access: ClusterAccess;
  /**
   * Database, cache, Kafka, secret store, registry, gateway and monitoring of the layers below.
   * @default - `appEndpoints` from the environment and the infra stack's named outputs
   */
  readonly endpoints?: AppEndpoints;
}

/** Namespace the engine, API and frontend run in. */
export const APPS_NAMESPACE = "exchange";
/** Namespace of the `platform-outputs` ConfigMap, readable by tools running in the cluster. */
export const OUTPUTS_NAMESPACE = "platform";
/** Name of the ConfigMap holding the environment outputs document. */
export const OUTPUTS_CONFIG_MAP = "platform-outputs";

const APPS_DIR = path.resolve(__dirname, "..", "apps");

/** `<env>-apps`: the engine, API and frontend releases and the environment's outputs for app teams. */
export class AppsStack extends TerraformStack {
  readonly namespace: Namespace;
  readonly releases: Record<keyof typeof RELEASES, AppRelease>;

  constructor(scope: Construct, id: string, props: AppsStackProps) {
    super(scope, id);
    const { env } = props;
    configureBackend(this, env, "apps");
    const state = new InfraRemoteState(this, "infra", env);
    const access = clusterAccessFrom(state, props.access);
    const endpoints = props.endpoints ?? appEndpoints(env, managedServicesFrom(state, env));
    new ClusterProviders(this, "cluster", access);
    this.namespace = new Namespace(this, "ns-exchange", {
      name: APPS_NAMESPACE,
      meshInjection: env.ingress.controller === "istio",
      labels: { "orderbook.dev/environment": env.name },
    });
    const ns = this.namespace.name;
    const values = { engine: engineValues(env, endpoints), api: apiValues(env, endpoints), frontend: frontendValues(env, endpoints, APPS_NAMESPACE) };
    const quota = new NamespaceQuota(this, "quota", { namespace: ns, totals: appsQuotaTotals(values, meshSidecar(env)), defaults: CONTAINER_DEFAULTS });
    const release = (app: keyof typeof RELEASES, dependsOn: AppRelease[] = []) =>
      new AppRelease(this, `release-${app}`, {
        name: RELEASES[app],
        chartDir: path.join(APPS_DIR, app, "chart"),
        namespace: ns,
        values: values[app],
        dependsOn: [this.namespace.namespace, quota.limitRange, quota.quota, ...dependsOn.map((r) => r.release)],
      });
    const engine = release("engine");
    // The API produces to the topics the engine creates; the frontend calls the API.
    const api = release("api", [engine]);
    const frontend = release("frontend", [api]);
    this.releases = { engine, api, frontend };

    const document = environmentOutputs(env, endpoints, access.clusterName, APPS_NAMESPACE);
    const outputsNs = new Namespace(this, "ns-platform", { name: OUTPUTS_NAMESPACE });
    new ConfigMapV1(this, "platform-outputs", {
      metadata: {
        name: OUTPUTS_CONFIG_MAP,
        namespace: outputsNs.name,
        labels: { "app.kubernetes.io/managed-by": "orderbook-platform", "app.kubernetes.io/part-of": "orderbook-platform" },
      },
      data: { "environment-outputs.json": JSON.stringify(document, null, 2) },
    });

    new TerraformOutput(this, "apps_namespace", { value: ns, description: "Namespace of the bundled apps" });
    new TerraformOutput(this, "environment_outputs", {
      value: withTerraformNulls(document),
      description: "The environment outputs document for app teams (docs/contracts/environment-outputs.v1.schema.json); names secrets, never holds their values",
    });
  }
}

/** The sidecar istiod injects into each meshed pod: its configured size, the LimitRange's CPU limit. */
function meshSidecar(env: EnvironmentConfig): ContainerResources | undefined {
  if (env.ingress.controller !== "istio") return undefined;
  const proxy = sizingOf(env, capabilitiesOf(env).sizing).istio.proxy;
  return {
    requests: { cpu: proxy.cpu, memory: proxy.memory },
    limits: { cpu: CONTAINER_DEFAULTS.limits.cpu, memory: proxy.memoryLimit ?? proxy.memory },
  };
}

/** cdktf cannot synthesize a bare `null` inside an output's value; Terraform's own `null` can. */
function withTerraformNulls(value: unknown): unknown {
  if (value === null) return Token.nullValue();
  if (Array.isArray(value)) return value.map(withTerraformNulls);
  if (typeof value === "object" && value !== undefined && !Token.isUnresolved(value)) {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, withTerraformNulls(v)]));
  }
  return value;
}

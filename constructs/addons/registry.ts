/**
 * The registry: every add-on the platform knows, and the functions that derive an environment's set from
 * its config and target capabilities. Adding an add-on is one file and one line in `ADDONS`.
 */
import deepmerge from "deepmerge";
import type { EnvironmentConfig } from "../../environments/schema";
import type { AddonContext, AddonDefinition, AddonSpec, AwsPolicyStatement, GcpRoleGrant, HelmValues, PlatformInfraInputs } from "./addon";
import { APP_NAMESPACE } from "./addon";
import { alloy } from "./alloy";
import { argocd } from "./argocd";
import { awsLoadBalancerController } from "./aws-load-balancer-controller";
import { capabilitiesOf } from "./capabilities";
import { certManager } from "./cert-manager";
import { cloudnativePg } from "./cloudnative-pg";
import { clusterAutoscaler } from "./cluster-autoscaler";
import { externalDns } from "./external-dns";
import { externalSecrets } from "./external-secrets";
import { gateway } from "./gateway";
import { gatewayApiCrds } from "./gateway-api-crds";
import { istio } from "./istio";
import { kafkaUi } from "./kafka-ui";
import { kubePrometheusStack, MONITORING_NAMESPACE } from "./kube-prometheus-stack";
import { loki } from "./loki";
import { metricsServer } from "./metrics-server";
import { nginxGatewayFabric } from "./nginx-gateway-fabric";
import { pgadmin } from "./pgadmin";
import { storageClass } from "./storage-class";
import { strimzi } from "./strimzi";
import { valkey } from "./valkey";
import { vault } from "./vault";

/** Every add-on, in a stable order (the install order follows `dependsOn`, not this list). */
export const ADDONS: readonly AddonDefinition[] = [
  storageClass,
  gatewayApiCrds,
  istio,
  nginxGatewayFabric,
  awsLoadBalancerController,
  certManager,
  externalDns,
  vault,
  externalSecrets,
  gateway,
  strimzi,
  cloudnativePg,
  valkey,
  loki,
  alloy,
  kubePrometheusStack,
  metricsServer,
  clusterAutoscaler,
  argocd,
  kafkaUi,
  pgadmin,
];

/** An add-on with its spec resolved for one environment: config overrides merged, network paths completed. */
export interface ResolvedAddon {
  readonly id: string;
  readonly spec: AddonSpec;
}

const EXACT_VERSION = /^v?[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$/;

/** Arrays in overrides replace ours (a list of args is a whole value, not something to append to). */
const merge = (ours: HelmValues, theirs: HelmValues): HelmValues => deepmerge(ours, theirs, { arrayMerge: (_target, source) => source });

/**
 * The add-ons that run in an environment, in install order, with `addons.values` overrides merged in.
 * Throws with a message naming the field when the config asks for something the platform cannot do.
 */
export function resolveAddons(env: EnvironmentConfig, infra: PlatformInfraInputs = {}): ResolvedAddon[] {
  const capabilities = capabilitiesOf(env);
  const base = { env, capabilities, infra };
  const defs = ADDONS.filter((a) => a.enabled(base));
  const ctx: AddonContext = { ...base, enabled: new Set(defs.map((d) => d.id)) };
  const specs = new Map(defs.map((d) => [d.id, d.spec(ctx)] as const));

  const problems: string[] = [];
  // Default-deny NetworkPolicies are the platform's isolation between namespaces; a target that ignores them is refused.
  if (!capabilities.networkPolicyEnforced) problems.push(`target "${env.target}" does not enforce NetworkPolicy; the platform's namespace isolation depends on it`);
  const releaseNames = new Set<string>();
  const namespaces = new Map<string, string>();
  for (const [id, spec] of specs) {
    for (const dep of spec.dependsOn ?? []) {
      if (!specs.has(dep)) problems.push(`add-on "${id}" depends on "${dep}", which does not run in this environment`);
    }
    const owner = namespaces.get(spec.namespace.name);
    if (owner && !spec.namespace.existing) problems.push(`add-ons "${owner}" and "${id}" both own namespace "${spec.namespace.name}"`);
    namespaces.set(spec.namespace.name, id);
    for (const r of spec.releases) {
      if (releaseNames.has(r.name)) problems.push(`release name "${r.name}" is used twice`);
      releaseNames.add(r.name);
      if (!EXACT_VERSION.test(r.chart.version)) problems.push(`release "${r.name}": chart version "${r.chart.version}" is not an exact version`);
    }
  }
  for (const key of Object.keys(env.addons.values)) {
    if (!releaseNames.has(key)) problems.push(`addons.values.${key}: no release of that name in this environment; releases: ${[...releaseNames].sort().join(", ")}`);
  }
  if (problems.length) throw new Error(`platform add-ons of "${env.name}":\n  ${problems.join("\n  ")}`);

  const monitoring = specs.has(kubePrometheusStack.id);
  const owned = [...specs.values()].filter((s) => !s.namespace.existing).map((s) => s.namespace.name);
  const resolved = new Map<string, ResolvedAddon>();
  for (const [id, spec] of specs) {
    const network = spec.network && {
      ...spec.network,
      // Prometheus scrapes every namespace; its own egress reaches every namespace we own and the apps'.
      ingressFromNamespaces: [...(spec.network.ingressFromNamespaces ?? []), ...(monitoring && id !== kubePrometheusStack.id ? [MONITORING_NAMESPACE] : [])],
      egressToNamespaces:
        id === kubePrometheusStack.id
          ? [...new Set([...(spec.network.egressToNamespaces ?? []), ...owned.filter((n) => n !== MONITORING_NAMESPACE), APP_NAMESPACE])]
          : spec.network.egressToNamespaces,
    };
    // Every add-on that may claim volumes waits for the default StorageClass where we provide it.
    const storage = specs.has(storageClass.id) && id !== storageClass.id ? [storageClass.id] : [];
    resolved.set(id, {
      id,
      spec: {
        ...spec,
        network,
        dependsOn: [...new Set([...storage, ...(spec.dependsOn ?? [])])],
        releases: spec.releases.map((r) => ({ ...r, values: merge(r.values, env.addons.values[r.name] ?? {}) })),
      },
    });
  }
  return installOrder(resolved);
}

/** Dependencies first; a cycle is a programming error named in the message. */
function installOrder(addons: Map<string, ResolvedAddon>): ResolvedAddon[] {
  const out: ResolvedAddon[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (id: string, path: string[]) => {
    if (state.get(id) === "done") return;
    if (state.get(id) === "visiting") throw new Error(`platform add-ons: dependency cycle ${[...path, id].join(" -> ")}`);
    state.set(id, "visiting");
    for (const dep of addons.get(id)!.spec.dependsOn ?? []) visit(dep, [...path, id]);
    state.set(id, "done");
    out.push(addons.get(id)!);
  };
  for (const id of addons.keys()) visit(id, []);
  return out;
}

/** A cloud identity the infra layer binds for one add-on (Workload Identity / Pod Identity). */
export interface AddonIdentityRequirement {
  readonly addon: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly gcpRoles: readonly GcpRoleGrant[];
  readonly awsStatements: readonly AwsPolicyStatement[];
}

/**
 * The identities the environment's add-ons need. The infra layer creates one GCP service account or IAM
 * role per entry, grants exactly these roles/statements on the resources the scope refs name, binds it to
 * `namespace/serviceAccount`, and (GKE) hands the annotation back through `PlatformInfraInputs`.
 */
export function addonIdentities(env: EnvironmentConfig, infra: PlatformInfraInputs = {}): AddonIdentityRequirement[] {
  // Without a workload identity mechanism there is nothing to bind (local: no cloud APIs are called).
  if (capabilitiesOf(env).workloadIdentity === "none") return [];
  return resolveAddons(env, infra).flatMap(({ id, spec }) =>
    spec.identity ? [{ addon: id, namespace: spec.namespace.name, ...spec.identity }] : [],
  );
}

/** Concrete resource ARNs for each scope, supplied by the AWS infra layer. */
export type AwsScopeArns = Readonly<Partial<Record<AwsPolicyStatement["on"], readonly string[]>>>;

/** Renders statements into an IAM policy document; a scope without ARNs is an error, never a silent `*`. */
export function awsPolicyDocument(statements: readonly AwsPolicyStatement[], arns: AwsScopeArns): Record<string, unknown> {
  return {
    Version: "2012-10-17",
    Statement: statements.map((s) => {
      const resources = s.on === "any" ? ["*"] : arns[s.on];
      if (!resources?.length) throw new Error(`awsPolicyDocument: statement "${s.sid}" is scoped to "${s.on}" but no ARN was given for it`);
      return { Sid: s.sid, Effect: "Allow", Action: [...s.actions], Resource: [...resources], ...(s.condition ? { Condition: s.condition } : {}) };
    }),
  };
}

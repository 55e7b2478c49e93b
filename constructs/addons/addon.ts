/**
 * The add-on contract (modelled on cdk-eks-blueprints `lib/spi/`): what one in-cluster platform service
 * declares. An add-on file exports an `AddonDefinition`; the registry decides which run; the `Addon`
 * construct (`addon-construct.ts`) turns a spec into namespace -> Helm releases -> custom resources.
 * Everything here is data, so tests, the identity list and the offline chart renderer read the same specs.
 */
import type { EnvironmentConfig } from "../../environments/schema";
import type { TargetCapabilities } from "./capabilities";

/**
 * The namespace the bundled apps run in (created by the apps stack; must equal its `APPS_NAMESPACE`, which
 * a test checks). Platform network policies and the Gateway's route selector name it.
 */
export const APP_NAMESPACE = "exchange";

/** The platform Gateway (namespace and name) every HTTPRoute attaches to; re-exported by `gateway.ts`. */
export const GATEWAY_NAMESPACE = "gateway";
export const GATEWAY_NAME = "platform";

/** Pod Security Admission level of a namespace. */
export type PodSecurityLevel = "restricted" | "baseline" | "privileged";

/** A chart at one exact version. Each add-on keeps its charts in one `*_CHARTS` defaults constant. */
export interface ChartRef {
  /** `https://...` chart repository or `oci://...` registry path (without the chart name). */
  readonly repository: string;
  readonly name: string;
  /** Exact version; ranges and `latest` are refused by the registry and by policy OBP-HELM-001. */
  readonly version: string;
}

/** Helm values: plain JSON data (typed per add-on where it builds them). */
export type HelmValues = { readonly [key: string]: unknown };

/** The namespace an add-on owns. */
export interface AddonNamespace {
  readonly name: string;
  /** Enforced Pod Security level. */
  readonly podSecurity: PodSecurityLevel;
  /** Why the level is looser than `restricted`; required (and checked) whenever it is. */
  readonly podSecurityReason?: string;
  /** A namespace the cluster already has (kube-system): not created, no policies applied. @default false */
  readonly existing?: boolean;
  /** Extra namespace labels. */
  readonly labels?: Readonly<Record<string, string>>;
}

/** One Helm release of an add-on, installed into the add-on's namespace in declaration order. */
export interface AddonRelease {
  /** Release name, unique in the environment; also the key of `addons.values` overrides. */
  readonly name: string;
  readonly chart: ChartRef;
  /** Our values, before config overrides are merged over them. */
  readonly values: HelmValues;
  /** Install/upgrade timeout. @default 600 */
  readonly timeoutSeconds?: number;
  /**
   * Folder of an in-repo wrapper chart whose only dependency is `chart`: the release installs the wrapper,
   * Helm fetches `chart` as its dependency at install, and our values go under the chart's name. For charts
   * whose own files exceed Helm's 1 MiB release record (Helm stores a chart's files in the record, not its
   * dependencies'). The Addon construct checks the wrapper's dependency equals `chart`. @default none
   */
  readonly wrapperChart?: string;
}

/** A Kubernetes object (usually a custom resource) installed through the in-repo platform-resources chart. */
export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly [field: string]: unknown;
}

/** Allowed traffic of the add-on's namespace, on top of default-deny + DNS + same-namespace traffic. */
export interface NetworkAccess {
  /** TCP ports any source may reach: webhooks the API server calls, gateway listeners. @default none */
  readonly ingressPorts?: readonly number[];
  /** Namespaces whose pods may reach every pod here. @default none */
  readonly ingressFromNamespaces?: readonly string[];
  /** Egress to the Kubernetes API server (controllers and operators). @default false */
  readonly egressApiServer?: boolean;
  /** Egress to any address on TCP 443/80 (cloud APIs, ACME, object storage, chart-external endpoints). @default false */
  readonly egressInternet?: boolean;
  /** Namespaces this namespace's pods may reach. @default none */
  readonly egressToNamespaces?: readonly string[];
  /** Other TCP ports reachable on any address (kubelets on 10250, host-network exporters). @default none */
  readonly egressPorts?: readonly number[];
}

/** A cloud resource an identity is scoped to; the infra layer maps each to its real resource. */
export type ScopeRef =
  | "project" // GCP: the environment's project (only for roles that have no narrower resource)
  | "dns-zone" // the environment's public zone (Cloud DNS managed zone / Route 53 hosted zone)
  | "dns-changes" // Route 53 change status (arn:aws:route53:::change/*)
  | "log-bucket" // the Loki bucket
  | "log-bucket-objects" // objects inside it (AWS arn .../*)
  | "app-secrets" // the environment's secrets (name prefix `<env>/`)
  | "cluster-node-groups" // the cluster's auto scaling groups (tag condition)
  | "any"; // actions that have no resource-level scoping (Describe*, List*), named per statement

/** A GCP role granted to the add-on's service account on one resource. */
export interface GcpRoleGrant {
  readonly role: string;
  readonly on: Extract<ScopeRef, "project" | "dns-zone" | "log-bucket" | "app-secrets">;
}

/** An AWS IAM policy statement (Allow) on one scoped resource. */
export interface AwsPolicyStatement {
  readonly sid: string;
  readonly actions: readonly string[];
  readonly on: ScopeRef;
  /** IAM condition block, e.g. `{ StringEquals: { "aws:ResourceTag/...": "owned" } }`. */
  readonly condition?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** The cloud identity an add-on needs; the infra layer binds it (Workload Identity / Pod Identity). */
export interface AddonIdentity {
  /** The Kubernetes service account (in the add-on's namespace) the cloud identity is bound to. */
  readonly serviceAccount: string;
  readonly gcpRoles: readonly GcpRoleGrant[];
  readonly awsStatements: readonly AwsPolicyStatement[];
}

/** Values the platform gets from the `infra` stack (cross-stack references); all optional. */
export interface PlatformInfraInputs {
  /** Loki's object storage bucket (cloud targets). */
  readonly logBucket?: string;
  /** Route 53 hosted zone id of `dns.domain` (AWS). */
  readonly route53ZoneId?: string;
  /** The cluster's name, as the cloud knows it (cluster-autoscaler auto-discovery, AWS LB controller). */
  readonly clusterName?: string;
  /** VPC id (AWS Load Balancer Controller). */
  readonly vpcId?: string;
  /**
   * Service-account annotations per add-on id, e.g. GKE Workload Identity's
   * `{ "cert-manager": { "iam.gke.io/gcp-service-account": "cert-manager@p.iam.gserviceaccount.com" } }`.
   * EKS Pod Identity needs none.
   */
  readonly serviceAccountAnnotations?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** What an add-on sees while building its spec. */
export interface AddonContext {
  readonly env: EnvironmentConfig;
  readonly capabilities: TargetCapabilities;
  readonly infra: PlatformInfraInputs;
  /** Ids of every add-on running in this environment (for optional integrations). */
  readonly enabled: ReadonlySet<string>;
}

/**
 * The ResourceQuota of the add-on's namespace (`quota.ts`). By default it is computed from the add-on's
 * values, so an add-on declares only what its values cannot show.
 */
export interface AddonQuota {
  /**
   * Containers the add-on's charts or operators run that our values do not size (a Helm hook Job, an
   * operator-added sidecar), named in a comment where it is set; each is admitted as its own pod at the
   * namespace's LimitRange defaults. @default 0
   */
  readonly unsizedContainers?: number;
  /**
   * Why the namespace gets no ResourceQuota and LimitRange: its pods are made by something whose sizes and
   * count the platform cannot know. Only on the add-on that owns (creates) the namespace. @default - it gets both
   */
  readonly omitReason?: string;
}

/** An add-on as declared: everything the base construct needs, as data. */
export interface AddonSpec {
  readonly namespace: AddonNamespace;
  /** Installed in order, each waiting for the previous. */
  readonly releases: readonly AddonRelease[];
  /**
   * Objects installed before the releases (after the add-ons this one depends on) through the
   * platform-resources chart: what a chart reads at install, such as a generated Secret. @default none
   */
  readonly prerequisites?: readonly KubernetesObject[];
  /** Objects installed after the releases through the platform-resources chart. @default none */
  readonly resources?: readonly KubernetesObject[];
  /** Add-ons whose releases and resources must be installed first. @default none */
  readonly dependsOn?: readonly string[];
  readonly identity?: AddonIdentity;
  readonly network?: NetworkAccess;
  /** @default - a quota computed from the values, no unsized containers */
  readonly quota?: AddonQuota;
}

/** One add-on: one file under constructs/addons/, one line in the registry. */
export interface AddonDefinition {
  readonly id: string;
  /** One-line summary for docs and reports. */
  readonly description: string;
  /** Whether the add-on runs in this environment (from config and capabilities, never the env's name). */
  enabled(ctx: Omit<AddonContext, "enabled">): boolean;
  spec(ctx: AddonContext): AddonSpec;
}

/** Service-account annotations handed in by the infra layer for one add-on (empty when none). */
export function serviceAccountAnnotations(ctx: AddonContext, addonId: string): Record<string, string> {
  return { ...(ctx.infra.serviceAccountAnnotations?.[addonId] ?? {}) };
}

/** Requests and limits of one container, in the shape every chart uses. */
export function resources(cpu: string, memory: string, memoryLimit = memory): HelmValues {
  return { requests: { cpu, memory }, limits: { memory: memoryLimit } };
}

/** A restricted-compliant container security context (Pod Security `restricted`). */
export const RESTRICTED_CONTAINER = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ["ALL"] },
  runAsNonRoot: true,
  seccompProfile: { type: "RuntimeDefault" },
} as const;

/** The add-on whose chart installs the prometheus-operator CRDs (ServiceMonitor, PodMonitor, PrometheusRule). */
export const MONITORING_CRDS_ADDON = "kube-prometheus-stack";

/**
 * `dependsOn` for an add-on whose chart renders a ServiceMonitor: it must install after the chart that
 * brings the CRD, or helm fails with `no matches for kind "ServiceMonitor" in version "monitoring.coreos.com/v1"`
 * (found by `npm run prove`). Empty when that add-on does not run (then no ServiceMonitor is rendered either).
 */
export function afterMonitoringCrds(ctx: Pick<AddonContext, "enabled">): string[] {
  return ctx.enabled.has(MONITORING_CRDS_ADDON) ? [MONITORING_CRDS_ADDON] : [];
}

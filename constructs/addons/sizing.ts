/**
 * Sizing profiles: the CPU and memory every platform add-on asks for, in one table per profile. The
 * target capability `sizing` picks the profile (local: `compact`, clouds: `standard`), so an add-on never
 * asks which target it runs on, and shrinking the local cluster cannot change what a cloud gets.
 * `addons.values.<release>` still overrides any of these per environment.
 */
import type { EnvironmentConfig } from "../../environments/schema";
import type { AddonContext, HelmValues } from "./addon";
import { resources } from "./addon";

/** Requests and the memory limit of one container (CPU is never limited: it may burst). */
export interface ContainerSize {
  readonly cpu: string;
  readonly memory: string;
  /** @default - equal to `memory` */
  readonly memoryLimit?: string;
}

/** A JVM container: its size and the heap it is given (Strimzi sets -Xms/-Xmx from `jvmOptions`). */
export interface JvmSize extends ContainerSize {
  /** Heap, e.g. `384m`; leaves the rest of the limit for metaspace, page cache and direct buffers. */
  readonly heap: string;
}

/** What a whole cluster may request and limit; `npm run budget` and its test compare the totals with it. */
export interface ResourceBudget {
  readonly requestsCpu: number;
  readonly requestsMemoryMiB: number;
  readonly limitsMemoryMiB: number;
}

export interface SizingProfile {
  readonly certManager: { readonly controller: ContainerSize; readonly webhook: ContainerSize; readonly cainjector: ContainerSize; readonly startupapicheck: ContainerSize };
  readonly externalSecrets: { readonly controller: ContainerSize; readonly webhook: ContainerSize; readonly certController: ContainerSize };
  readonly vault: ContainerSize;
  /** The control plane, and the NGINX data plane it provisions for each Gateway. */
  readonly nginxGatewayFabric: { readonly controlPlane: ContainerSize; readonly dataPlane: ContainerSize };
  /** `proxy`: the sidecar istiod injects into every meshed pod (counted in the apps namespace's quota). */
  readonly istio: { readonly cni: ContainerSize; readonly istiod: ContainerSize; readonly proxy: ContainerSize };
  readonly strimzi: {
    readonly operator: ContainerSize;
    /** A broker (or a combined controller+broker node when there are fewer than 3 brokers). */
    readonly broker: JvmSize;
    /** A dedicated KRaft controller (3 brokers or more). */
    readonly controller: JvmSize;
    readonly topicOperator: ContainerSize;
    readonly userOperator: ContainerSize;
  };
  /** PostgreSQL's CPU request is `database.instanceSize`; its memory comes from here. */
  readonly cloudnativePg: { readonly operator: ContainerSize; readonly postgresMemory: string; readonly postgresMemoryLimit: string; readonly pooler: ContainerSize };
  /** Valkey's memory limit is `cache.memoryGiB`; its request is this share of it. */
  readonly valkey: { readonly cpu: string; readonly memoryRequestShare: number };
  readonly loki: { readonly singleBinary: ContainerSize; readonly gateway: ContainerSize; readonly sidecar: ContainerSize; readonly volumeGiB: number };
  readonly alloy: { readonly agent: ContainerSize; readonly configReloader: ContainerSize };
  readonly monitoring: {
    readonly operator: ContainerSize;
    readonly kubeStateMetrics: ContainerSize;
    readonly nodeExporter: ContainerSize;
    readonly alertmanager: ContainerSize;
    readonly prometheus: ContainerSize;
    readonly prometheusVolumeGiB: number;
    readonly grafana: ContainerSize;
    /** Each of Grafana's two sidecars (dashboards, datasources). */
    readonly grafanaSidecar: ContainerSize;
    /** The config-reloader sidecar the operator adds to Prometheus and Alertmanager. */
    readonly configReloader: ContainerSize;
  };
  readonly kafkaUi: ContainerSize;
  readonly pgadmin: ContainerSize;
  /**
   * What the LimitRange of every platform namespace gives a container our values do not size (a Helm hook
   * Job's, an operator-added sidecar's), per field it leaves unset; the namespace's quota counts each such
   * container the add-on declares (`AddonSpec.quota.unsizedContainers`) at this size.
   */
  readonly containerDefaults: ContainerSize;
  /** The ceiling the environment's totals must stay under. @default - none (cloud node pools scale) */
  readonly budget?: ResourceBudget;
}

const size = (cpu: string, memory: string, memoryLimit?: string): ContainerSize => ({ cpu, memory, ...(memoryLimit ? { memoryLimit } : {}) });

/** Cloud clusters: node pools grow, so components get headroom. Prod enlarges Prometheus and Kafka. */
function standard(tier: EnvironmentConfig["tier"]): SizingProfile {
  const prod = tier === "prod";
  return {
    certManager: { controller: size("50m", "128Mi", "256Mi"), webhook: size("20m", "64Mi", "128Mi"), cainjector: size("20m", "128Mi", "256Mi"), startupapicheck: size("10m", "32Mi", "64Mi") },
    externalSecrets: { controller: size("50m", "128Mi", "256Mi"), webhook: size("20m", "64Mi", "128Mi"), certController: size("20m", "64Mi", "128Mi") },
    vault: size("50m", "128Mi", "256Mi"),
    nginxGatewayFabric: { controlPlane: size("100m", "128Mi", "256Mi"), dataPlane: size("100m", "128Mi", "256Mi") },
    istio: { cni: size("100m", "128Mi", "256Mi"), istiod: size("250m", "512Mi", "1Gi"), proxy: size("50m", "128Mi", "256Mi") },
    strimzi: {
      operator: size("200m", "384Mi", "512Mi"),
      broker: prod ? { ...size("1", "4Gi"), heap: "2g" } : { ...size("250m", "1Gi"), heap: "512m" },
      controller: { ...size("250m", "1Gi"), heap: "512m" },
      topicOperator: size("50m", "256Mi", "512Mi"),
      userOperator: size("50m", "256Mi", "512Mi"),
    },
    cloudnativePg: { operator: size("100m", "256Mi", "512Mi"), postgresMemory: "512Mi", postgresMemoryLimit: "1Gi", pooler: size("50m", "64Mi", "128Mi") },
    valkey: { cpu: "100m", memoryRequestShare: 1 },
    loki: { singleBinary: size("100m", "512Mi", "1Gi"), gateway: size("50m", "64Mi", "128Mi"), sidecar: size("10m", "64Mi", "128Mi"), volumeGiB: 10 },
    alloy: { agent: size("50m", "128Mi", "256Mi"), configReloader: size("10m", "32Mi", "64Mi") },
    monitoring: {
      operator: size("100m", "256Mi", "512Mi"),
      kubeStateMetrics: size("50m", "128Mi", "256Mi"),
      nodeExporter: size("50m", "64Mi", "128Mi"),
      alertmanager: size("50m", "128Mi", "256Mi"),
      prometheus: prod ? size("1", "4Gi", "8Gi") : size("250m", "1Gi", "2Gi"),
      prometheusVolumeGiB: 20,
      grafana: size("100m", "256Mi", "512Mi"),
      grafanaSidecar: size("10m", "64Mi", "128Mi"),
      configReloader: size("10m", "32Mi", "64Mi"),
    },
    // The admin UIs run only where the gateway is loopback-only (a schema rule); sized here for a future cloud target of that kind.
    kafkaUi: size("100m", "384Mi", "768Mi"),
    pgadmin: size("50m", "192Mi", "384Mi"),
    containerDefaults: size("20m", "64Mi", "256Mi"),
  };
}

/**
 * One machine (a 16 GB Mac Mini giving Docker 8-12 GiB): every component at the smallest size it was
 * seen to run with, limits about twice the requests, and the budget of issue 11.
 */
function compact(): SizingProfile {
  return {
    certManager: { controller: size("20m", "48Mi", "128Mi"), webhook: size("10m", "24Mi", "64Mi"), cainjector: size("10m", "48Mi", "128Mi"), startupapicheck: size("10m", "16Mi", "32Mi") },
    externalSecrets: { controller: size("20m", "48Mi", "128Mi"), webhook: size("10m", "24Mi", "64Mi"), certController: size("10m", "32Mi", "64Mi") },
    vault: size("20m", "64Mi", "128Mi"),
    nginxGatewayFabric: { controlPlane: size("50m", "64Mi", "128Mi"), dataPlane: size("50m", "64Mi", "128Mi") },
    istio: { cni: size("50m", "64Mi", "128Mi"), istiod: size("100m", "256Mi", "512Mi"), proxy: size("20m", "64Mi", "128Mi") },
    strimzi: {
      operator: size("100m", "320Mi", "384Mi"),
      broker: { ...size("200m", "768Mi", "1Gi"), heap: "384m" },
      controller: { ...size("100m", "384Mi", "512Mi"), heap: "192m" },
      topicOperator: size("20m", "128Mi", "256Mi"),
      userOperator: size("20m", "128Mi", "256Mi"),
    },
    cloudnativePg: { operator: size("50m", "128Mi", "256Mi"), postgresMemory: "256Mi", postgresMemoryLimit: "512Mi", pooler: size("20m", "32Mi", "64Mi") },
    valkey: { cpu: "50m", memoryRequestShare: 0.25 },
    loki: { singleBinary: size("50m", "256Mi", "512Mi"), gateway: size("10m", "32Mi", "64Mi"), sidecar: size("10m", "32Mi", "64Mi"), volumeGiB: 5 },
    alloy: { agent: size("20m", "64Mi", "192Mi"), configReloader: size("5m", "16Mi", "32Mi") },
    monitoring: {
      operator: size("50m", "64Mi", "128Mi"),
      kubeStateMetrics: size("20m", "64Mi", "128Mi"),
      nodeExporter: size("20m", "32Mi", "64Mi"),
      alertmanager: size("10m", "32Mi", "64Mi"),
      prometheus: size("200m", "512Mi", "1Gi"),
      prometheusVolumeGiB: 5,
      grafana: size("50m", "192Mi", "384Mi"),
      grafanaSidecar: size("10m", "32Mi", "64Mi"),
      configReloader: size("5m", "16Mi", "32Mi"),
    },
    kafkaUi: size("50m", "256Mi", "512Mi"),
    pgadmin: size("20m", "128Mi", "256Mi"),
    containerDefaults: size("10m", "32Mi", "128Mi"),
    budget: { requestsCpu: 4, requestsMemoryMiB: 6144, limitsMemoryMiB: 12288 },
  };
}

/** The profiles a target can name in its capability row. */
export const SIZING_PROFILES = { standard, compact } as const;
export type SizingProfileName = keyof typeof SIZING_PROFILES;

/** The sizing of an environment: its target's profile, at its tier. */
export function sizingOf(env: EnvironmentConfig, profile: SizingProfileName): SizingProfile {
  return SIZING_PROFILES[profile](env.tier);
}

/** The sizing an add-on builds its values from. */
export function sizing(ctx: Pick<AddonContext, "env" | "capabilities">): SizingProfile {
  return sizingOf(ctx.env, ctx.capabilities.sizing);
}

/** A size in the `resources:` shape every chart uses. */
export function sized(s: ContainerSize): HelmValues {
  return resources(s.cpu, s.memory, s.memoryLimit ?? s.memory);
}

/** Strimzi's `jvmOptions` for a JVM size: a fixed heap, so the JVM never grows into the container limit. */
export function jvmOptions(s: JvmSize): HelmValues {
  return { "-Xms": s.heap, "-Xmx": s.heap };
}

import { Release } from "@cdktf/provider-helm/lib/release";
import { AssetType, TerraformAsset, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { Namespace } from "../kubernetes/namespace";
import { NamespaceQuota } from "../kubernetes/namespace-quota";
import type { AddonRelease, AddonSpec, KubernetesObject } from "./addon";
import { NamespaceNetworkPolicies } from "./network-policies";
import type { NamespaceQuotaPlan } from "./quota";

/** The in-repo chart that installs an add-on's custom resources. */
export const PLATFORM_RESOURCES_CHART = {
  dir: path.join(__dirname, "charts", "platform-resources"),
  name: "platform-resources",
  /** Must equal `version` in its Chart.yaml (a test checks). */
  version: "0.1.0",
} as const;

/** Default install/upgrade timeout of a release, in seconds. */
export const DEFAULT_TIMEOUT_SECONDS = 600;

export interface AddonProps {
  readonly id: string;
  /** The resolved spec: config overrides already merged into release values. */
  readonly spec: AddonSpec;
  /** What must exist first: the releases/resources of the add-ons this one depends on. */
  readonly after?: readonly ITerraformDependable[];
  /**
   * The ResourceQuota and LimitRange of the namespace this add-on creates (`platformQuotas`); required when
   * it creates one, so no platform namespace is left without both by omission.
   */
  readonly quota?: NamespaceQuotaPlan;
}

/**
 * One add-on in the cluster: its namespace (Pod Security enforced), default-deny network policies and the
 * declared paths, its Helm releases in order (exact version, atomic, wait, timeout), then its custom
 * resources through the platform-resources chart. Dependents wait on `ready`.
 */
export class Addon extends Construct {
  /** Undefined when the add-on uses a namespace the cluster already has. */
  readonly namespace?: Namespace;
  /** Undefined when the namespace is not ours or its add-on says why it has no quota. */
  readonly quota?: NamespaceQuota;
  /** The namespace's name (a reference when we create it). */
  readonly namespaceName: string;
  readonly releases: Release[] = [];
  readonly prerequisites?: Release;
  readonly resources?: Release;
  /** The last things this add-on installs; dependents list them in depends_on. */
  readonly ready: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: AddonProps) {
    super(scope, id);
    const { spec } = props;
    const ns = spec.namespace;
    if (ns.podSecurity !== "restricted" && !ns.podSecurityReason) {
      throw new Error(`Addon ${props.id}: namespace "${ns.name}" is "${ns.podSecurity}" without podSecurityReason; say why it cannot be "restricted"`);
    }
    if (!ns.existing) {
      this.namespace = new Namespace(this, "namespace", {
        name: ns.name,
        podSecurity: ns.podSecurity,
        labels: { "orderbook.dev/addon": props.id, ...ns.labels },
      });
      if (spec.network) new NamespaceNetworkPolicies(this, "network", { namespace: this.namespace.name, access: spec.network });
      if (!props.quota || props.quota.namespace !== ns.name) throw new Error(`Addon ${props.id}: no quota plan for namespace "${ns.name}" (platformQuotas)`);
      if ("totals" in props.quota) this.quota = new NamespaceQuota(this, "quota", { namespace: this.namespace.name, totals: props.quota.totals, defaults: props.quota.defaults });
    }
    this.namespaceName = this.namespace?.name ?? ns.name;

    // Every pod of the add-on is admitted against the quota, so the LimitRange must fill its defaults first.
    let previous: ITerraformDependable[] = [...(props.after ?? []), ...(this.quota ? [this.quota.limitRange, this.quota.quota] : [])];
    if (spec.prerequisites?.length) {
      this.prerequisites = this.resourcesRelease("prerequisites", `${props.id}-prerequisites`, spec.prerequisites, previous);
      previous = [this.prerequisites];
    }
    for (const r of spec.releases) {
      const release = this.release(r, previous);
      this.releases.push(release);
      previous = [release];
    }
    if (spec.resources?.length) {
      this.resources = this.resourcesRelease("resources", `${props.id}-resources`, spec.resources, previous);
      previous = [this.resources];
    }
    this.ready = previous.length ? previous : this.namespace ? [this.namespace.namespace] : [];
  }

  private release(r: AddonRelease, after: ITerraformDependable[]): Release {
    const source = r.wrapperChart ? this.wrapper(r) : { repository: r.chart.repository, chart: r.chart.name, version: r.chart.version, values: r.values };
    return new Release(this, r.name, {
      name: r.name,
      namespace: this.namespaceName,
      repository: source.repository,
      chart: source.chart,
      version: source.version,
      // Helm fetches the wrapper's dependency (the pinned upstream chart) at plan and apply.
      dependencyUpdate: r.wrapperChart ? true : undefined,
      values: [JSON.stringify(source.values)],
      // A failed install or upgrade rolls back instead of leaving a half-applied release.
      atomic: true,
      cleanupOnFail: true,
      wait: true,
      timeout: r.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
      dependsOn: after.length ? after : undefined,
    });
  }

  /** The in-repo wrapper chart of `r` (copied into the stack's assets), after checking it wraps exactly `r.chart`. */
  private wrapper(r: AddonRelease): { repository?: string; chart: string; version: string; values: unknown } {
    const dir = r.wrapperChart!;
    const meta = YAML.parse(fs.readFileSync(path.join(dir, "Chart.yaml"), "utf8")) as {
      version: string;
      dependencies?: { name: string; version: string; repository: string }[];
    };
    const deps = meta.dependencies ?? [];
    const [dep] = deps;
    if (deps.length !== 1 || dep.name !== r.chart.name || dep.version !== r.chart.version || dep.repository !== r.chart.repository) {
      const declared = deps.map((d) => `${d.repository}/${d.name}@${d.version}`).join(", ") || "none";
      throw new Error(`Addon release ${r.name}: wrapper chart ${dir} must depend on exactly ${r.chart.repository}/${r.chart.name}@${r.chart.version}; it declares ${declared}`);
    }
    const chart = new TerraformAsset(this, `${r.name}-wrapper`, { path: dir, type: AssetType.DIRECTORY });
    return { chart: chart.path, version: String(meta.version), values: { [r.chart.name]: r.values } };
  }

  private resourcesRelease(id: string, name: string, objects: readonly KubernetesObject[], after: ITerraformDependable[]): Release {
    // Copied into the stack's assets, so the synthesized JSON refers to a relative path.
    const chart = new TerraformAsset(this, `${id}-chart`, { path: PLATFORM_RESOURCES_CHART.dir, type: AssetType.DIRECTORY });
    return new Release(this, id, {
      name,
      namespace: this.namespaceName,
      chart: chart.path,
      version: PLATFORM_RESOURCES_CHART.version,
      values: [JSON.stringify({ resources: objects })],
      atomic: true,
      cleanupOnFail: true,
      wait: true,
      timeout: DEFAULT_TIMEOUT_SECONDS,
      dependsOn: after.length ? after : this.namespace ? [this.namespace.namespace] : undefined,
    });
  }
}

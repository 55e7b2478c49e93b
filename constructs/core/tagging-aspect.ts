import { type IAspect, TerraformResource } from "cdktf";
import type { IConstruct } from "constructs";

/** The standard labels every taggable resource carries, plus an environment's own. */
export interface StandardLabels {
  readonly environment: string;
  readonly owner: string;
  readonly costCenter: string;
  readonly extra?: Readonly<Record<string, string>>;
}

/**
 * The tags the aspect applies, as one map: for places a provider takes tags the aspect cannot reach
 * (an EC2 launch template's `tag_specifications` for the instances, volumes and ENIs it launches).
 */
export function standardTags(labels: StandardLabels): Record<string, string> {
  return {
    environment: labels.environment,
    owner: labels.owner,
    "cost-center": labels.costCenter,
    "managed-by": "orderbook-platform",
    ...labels.extra,
  };
}

/** What a resource exposes for labels/tags, by provider convention. */
interface Taggable {
  tags?: Record<string, string>;
  tagsInput?: Record<string, string>;
  labels?: Record<string, string>;
  labelsInput?: Record<string, string>;
  resourceLabels?: Record<string, string>;
  resourceLabelsInput?: Record<string, string>;
}

/** Attribute names, in the order tried: AWS `tags`, GCP `labels`, GKE's `resource_labels`. */
const ATTRIBUTES = ["tags", "labels", "resourceLabels"] as const;

/**
 * Applies the standard labels to every resource that has `tags` (AWS), `labels` (most GCP resources) or
 * `resource_labels` (GKE clusters). Labels set on a resource win over these, so a construct can still
 * override one deliberately. Kubernetes objects are left alone: their labels are set by their constructs.
 */
export class TaggingAspect implements IAspect {
  private readonly labels: Record<string, string>;

  constructor(labels: StandardLabels) {
    this.labels = standardTags(labels);
  }

  visit(node: IConstruct): void {
    if (!TerraformResource.isTerraformResource(node)) return;
    if (node.terraformResourceType.startsWith("kubernetes_") || node.terraformResourceType.startsWith("helm_")) return;
    const r = node as unknown as Taggable;
    for (const attr of ATTRIBUTES) {
      if (!(`${attr}Input` in r)) continue;
      const current = (r[`${attr}Input`] as Record<string, string> | undefined) ?? {};
      r[attr] = { ...this.labels, ...current };
      return;
    }
  }
}

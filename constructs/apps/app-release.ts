import { Release } from "@cdktf/provider-helm/lib/release";
import { AssetType, TerraformAsset, type ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import * as fs from "node:fs";
import * as path from "node:path";

export interface AppReleaseProps {
  /** Release name; the chart names every object after it. */
  readonly name: string;
  /** Folder of the chart (`apps/<app>/chart`). */
  readonly chartDir: string;
  readonly namespace: string;
  /** Helm values; strings may hold Terraform tokens. */
  readonly values: Record<string, unknown>;
  /**
   * Seconds Helm waits for the release's workloads to become ready.
   * @default 600
   */
  readonly timeoutSeconds?: number;
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * One of our apps as a Helm release of its in-repo chart. The chart is copied into the synthesized
 * stack as an asset, so the stack folder is self-contained and a chart change shows in the plan
 * (the asset path carries the content hash).
 */
export class AppRelease extends Construct {
  readonly release: Release;

  constructor(scope: Construct, id: string, props: AppReleaseProps) {
    super(scope, id);
    if (!fs.existsSync(path.join(props.chartDir, "Chart.yaml"))) {
      throw new Error(`AppRelease: chartDir "${props.chartDir}" has no Chart.yaml`);
    }
    const version = /^version:\s*"?([^"\s]+)"?\s*$/m.exec(fs.readFileSync(path.join(props.chartDir, "Chart.yaml"), "utf8"))?.[1];
    if (!version) throw new Error(`AppRelease: ${props.chartDir}/Chart.yaml has no version`);
    const chart = new TerraformAsset(this, "chart", { path: path.resolve(props.chartDir), type: AssetType.DIRECTORY });
    this.release = new Release(this, "release", {
      name: props.name,
      namespace: props.namespace,
      chart: `./${chart.path}`,
      // The chart's own version (Chart.yaml), as the provider reads it back from a local chart.
      version,
      // JSON is YAML: Helm reads the document as a values file; Terraform interpolates the tokens in it.
      values: [JSON.stringify(props.values)],
      createNamespace: false,
      // Ready workloads or a failed apply: a release that installs but never serves is not "applied".
      wait: true,
      timeout: props.timeoutSeconds ?? 600,
      // A failed upgrade rolls back instead of leaving a half-updated release.
      atomic: true,
      dependsOn: props.dependsOn,
    });
  }
}

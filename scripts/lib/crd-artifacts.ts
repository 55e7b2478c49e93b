/**
 * TEST TOOLING for `npm run prove`: CRDs of operators whose chart cannot be had offline, taken from the
 * upstream project's own artifact (its Go module, through the Go module proxy). With them installed, the
 * custom resources our stacks create for that operator (ServiceMonitors, PrometheusRules, a CloudNativePG
 * Cluster and Pooler) get real admission by their CRD schema, and releases that only need the CRD to exist
 * can be applied, although the operator itself never runs. Nothing in the product uses this file.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { downloadModule } from "./offline-charts";

/** Where the CRDs of one operator come from. */
export interface CrdArtifact {
  /** The chart (of a release in our stacks) whose CRDs these stand in for. */
  readonly chart: string;
  readonly module: string;
  /** Module version: the release the chart ships, or the nearest the proxy serves (`exact: false`). */
  readonly version: string;
  readonly exact: boolean;
  /** Folder of CRD YAML files inside the module. */
  readonly dir: string;
  readonly why: string;
}

export const CRD_ARTIFACTS: readonly CrdArtifact[] = [
  {
    chart: "external-secrets",
    module: "github.com/external-secrets/external-secrets",
    version: "v1.3.2",
    exact: false,
    dir: "config/crds/bases",
    why: "the chart in the module has an empty templates/crds (its release job copies these in); the proxy does not serve v1.3.1, v1.3.2 is the module whose chart says 1.3.1",
  },
  {
    chart: "kube-prometheus-stack",
    module: "github.com/prometheus-operator/prometheus-operator",
    version: "v0.85.0",
    exact: false,
    dir: "example/prometheus-operator-crd",
    why: "the only version of the module the proxy serves; kube-prometheus-stack 88.2.0 bundles a newer operator's CRDs",
  },
  {
    chart: "cloudnative-pg",
    module: "github.com/cloudnative-pg/cloudnative-pg",
    version: "v1.28.1",
    exact: true,
    dir: "config/crd/bases",
    why: "the operator release chart 0.27.1 deploys",
  },
];

/** The CRD files of an artifact (downloaded and cached by the Go tooling), or an error message. */
export function crdFiles(a: CrdArtifact): string[] | string {
  const root = downloadModule(a.module, a.version);
  if (!root) return `${a.module}@${a.version} is not served by the Go module proxy`;
  const dir = path.join(root, a.dir);
  if (!fs.existsSync(dir)) return `${a.module}@${a.version} has no ${a.dir}`;
  const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f) && f !== "kustomization.yaml").map((f) => path.join(dir, f));
  return files.length > 0 ? files : `${a.module}@${a.version}: no CRD files in ${a.dir}`;
}

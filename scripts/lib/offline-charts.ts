/**
 * TEST TOOLING: finds an upstream chart offline. Several projects ship their Helm chart inside their Go
 * module; the Go module proxy serves those modules, so `helm template` can render the exact chart we pin
 * on machines that reach no chart repository. Nothing in the product uses this file.
 *
 * A chart is returned only when the module holds that exact chart version: its Chart.yaml says so, or
 * (charts whose Chart.yaml carries a placeholder the release job fills in) the module's tag equals it.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import YAML from "yaml";

/** Where a chart lives in a Go module. */
interface OfflineSource {
  /** Chart repositories that publish this chart (a chart may have moved home). */
  readonly repositories: readonly string[];
  readonly chart: string;
  readonly module: string;
  /** The chart's folder inside the module. */
  readonly dir: string;
}

/** Every chart we know an offline source for (verified against the module layout). */
export const OFFLINE_SOURCES: readonly OfflineSource[] = [
  { repositories: ["https://charts.jetstack.io"], chart: "cert-manager", module: "github.com/cert-manager/cert-manager", dir: "deploy/charts/cert-manager" },
  { repositories: ["https://charts.external-secrets.io"], chart: "external-secrets", module: "github.com/external-secrets/external-secrets", dir: "deploy/charts/external-secrets" },
  { repositories: ["https://kubernetes-sigs.github.io/external-dns"], chart: "external-dns", module: "sigs.k8s.io/external-dns", dir: "charts/external-dns" },
  { repositories: ["https://kubernetes-sigs.github.io/metrics-server"], chart: "metrics-server", module: "sigs.k8s.io/metrics-server", dir: "charts/metrics-server" },
  { repositories: ["https://grafana-community.github.io/helm-charts", "https://grafana.github.io/helm-charts"], chart: "loki", module: "github.com/grafana/loki/v3", dir: "production/helm/loki" },
  { repositories: ["oci://docker.io/envoyproxy"], chart: "gateway-crds-helm", module: "github.com/envoyproxy/gateway", dir: "charts/gateway-crds-helm" },
  { repositories: ["https://istio-release.storage.googleapis.com/charts"], chart: "base", module: "istio.io/istio", dir: "manifests/charts/base" },
  { repositories: ["https://istio-release.storage.googleapis.com/charts"], chart: "istiod", module: "istio.io/istio", dir: "manifests/charts/istio-control/istio-discovery" },
  { repositories: ["https://istio-release.storage.googleapis.com/charts"], chart: "cni", module: "istio.io/istio", dir: "manifests/charts/istio-cni" },
  { repositories: ["https://aws.github.io/eks-charts"], chart: "aws-load-balancer-controller", module: "github.com/kubernetes-sigs/aws-load-balancer-controller", dir: "helm/aws-load-balancer-controller" },
  { repositories: ["https://grafana.github.io/helm-charts"], chart: "alloy", module: "github.com/grafana/alloy", dir: "operations/helm/charts/alloy" },
  { repositories: ["oci://ghcr.io/nginx/charts"], chart: "nginx-gateway-fabric", module: "github.com/nginx/nginx-gateway-fabric", dir: "charts/nginx-gateway-fabric" },
];

const CACHE = process.env.ORDERBOOK_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "orderbook-platform");
const PLACEHOLDER = /^(v?0\.0\.0(-latest)?|1\.0\.0|latest)?$/;
const strip = (v: string) => v.replace(/^v/, "");

function goEnv(name: string): string {
  return execFileSync("go", ["env", name], { encoding: "utf8" }).trim();
}

/** Versions the proxy serves for a module (tags only; empty when it serves only pseudo-versions). */
function moduleVersions(module: string): string[] {
  try {
    const out = execFileSync("go", ["list", "-m", "-versions", module], { cwd: os.tmpdir(), encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], env: { ...process.env, GOFLAGS: "-mod=mod" } });
    return out.trim().split(/\s+/).slice(1);
  } catch {
    return [];
  }
}

/** The proxy's escaped module path (`!` before upper-case letters). */
const escapeModule = (m: string) => m.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);

/** Downloads module@version and returns its source folder (go mod download, or the proxy's zip when the module needs a newer Go). */
export function downloadModule(module: string, version: string): string | undefined {
  try {
    const json = execFileSync("go", ["mod", "download", "-json", `${module}@${version}`], {
      cwd: os.tmpdir(),
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, GOFLAGS: "-mod=mod" },
    });
    const dir = (JSON.parse(json) as { Dir?: string }).Dir;
    if (dir && fs.existsSync(dir)) return dir;
  } catch {
    // Falls through to the zip: `go mod download` refuses modules that declare a newer Go than ours.
  }
  const target = path.join(CACHE, "go-module-zips", `${module.replaceAll("/", "+")}@${version}`);
  const root = path.join(target, `${module}@${version}`);
  if (fs.existsSync(root)) return root;
  const proxy = goEnv("GOPROXY").split(/[,|]/).find((p) => p.startsWith("http"));
  if (!proxy) return undefined;
  fs.mkdirSync(target, { recursive: true });
  const zip = path.join(target, "module.zip");
  try {
    execFileSync("curl", ["-fsSL", "-o", zip, `${proxy}/${escapeModule(module)}/@v/${version}.zip`], { stdio: "ignore" });
    execFileSync("unzip", ["-q", "-o", zip, "-d", target], { stdio: "ignore" });
  } catch {
    fs.rmSync(target, { recursive: true, force: true });
    return undefined;
  }
  return fs.existsSync(root) ? root : undefined;
}

/**
 * The chart folder for `chart` from `repository` at exactly `version`, downloaded and cached under
 * `$CACHE/offline-charts/`, or undefined when no offline source holds that version.
 */
export async function offlineChartDir(repository: string, chart: string, version: string): Promise<string | undefined> {
  const source = OFFLINE_SOURCES.find((s) => s.chart === chart && s.repositories.includes(repository.replace(/\/$/, "")));
  if (!source) return undefined;
  const out = path.join(CACHE, "offline-charts", `${repository.replace(/[^a-z0-9]+/gi, "_")}`, `${chart}-${version}`);
  if (fs.existsSync(path.join(out, "Chart.yaml"))) return out;

  // Newest first: a chart's Chart.yaml often carries the previous release until the next tag.
  const candidates = moduleVersions(source.module).reverse();
  for (const moduleVersion of candidates) {
    const root = downloadModule(source.module, moduleVersion);
    const dir = root && path.join(root, source.dir);
    if (!dir || !fs.existsSync(path.join(dir, "Chart.yaml"))) continue;
    const meta = YAML.parse(fs.readFileSync(path.join(dir, "Chart.yaml"), "utf8")) as Record<string, any>;
    const declared = String(meta.version ?? "");
    const exact = strip(declared) === strip(version);
    const byTag = PLACEHOLDER.test(declared) && strip(moduleVersion) === strip(version);
    if (!exact && !byTag) continue;

    fs.mkdirSync(path.dirname(out), { recursive: true });
    const tmp = `${out}.tmp.${process.pid}`;
    fs.cpSync(dir, tmp, { recursive: true, dereference: true });
    fs.chmodSync(tmp, 0o755);
    for (const f of fs.readdirSync(tmp, { recursive: true }) as string[]) fs.chmodSync(path.join(tmp, f), fs.statSync(path.join(tmp, f)).isDirectory() ? 0o755 : 0o644);
    // What the release job would have written: the version, and the app version images default to.
    meta.version = version;
    if (PLACEHOLDER.test(String(meta.appVersion ?? ""))) meta.appVersion = version;
    // Sub-charts not vendored in the module are optional features we leave off; helm refuses to render with them declared.
    if (Array.isArray(meta.dependencies)) {
      meta.dependencies = meta.dependencies.filter((d: { name: string }) => fs.existsSync(path.join(tmp, "charts", d.name)));
      if (!meta.dependencies.length) delete meta.dependencies;
    }
    fs.writeFileSync(path.join(tmp, "Chart.yaml"), YAML.stringify(meta));
    fs.rmSync(path.join(tmp, "Chart.lock"), { force: true });
    fs.renameSync(tmp, out);
    return out;
  }
  return undefined;
}

/**
 * For charts with no offline source at the pinned version: the chart at the newest build the proxy serves
 * for its module (often a pseudo-version of the default branch), to check that our values are real keys
 * and the pod specs pass. Not the pinned chart: callers must say so next to any result.
 */
export async function nearestOfflineChartDir(repository: string, chart: string): Promise<{ dir: string; moduleVersion: string } | undefined> {
  const source = OFFLINE_SOURCES.find((s) => s.chart === chart && s.repositories.includes(repository.replace(/\/$/, "")));
  if (!source) return undefined;
  let moduleVersion: string;
  try {
    const json = execFileSync("go", ["list", "-m", "-json", `${source.module}@latest`], { cwd: os.tmpdir(), encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], env: { ...process.env, GOFLAGS: "-mod=mod" } });
    moduleVersion = (JSON.parse(json) as { Version: string }).Version;
  } catch {
    return undefined;
  }
  const out = path.join(CACHE, "offline-charts-nearest", `${chart}@${moduleVersion}`);
  if (fs.existsSync(path.join(out, "Chart.yaml"))) return { dir: out, moduleVersion };
  const root = downloadModule(source.module, moduleVersion);
  const dir = root && path.join(root, source.dir);
  if (!dir || !fs.existsSync(path.join(dir, "Chart.yaml"))) return undefined;
  const tmp = `${out}.tmp.${process.pid}`;
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.cpSync(dir, tmp, { recursive: true, dereference: true });
  for (const f of ["", ...(fs.readdirSync(tmp, { recursive: true }) as string[])]) fs.chmodSync(path.join(tmp, f), fs.statSync(path.join(tmp, f)).isDirectory() ? 0o755 : 0o644);
  fs.renameSync(tmp, out);
  return { dir: out, moduleVersion };
}

/** A local chart made installable offline: a copy whose remote dependencies point at offline copies. */
export interface OfflineLocalChart {
  /** The copy (or `chartDir` itself when it declares no remote dependency). */
  readonly dir: string;
  /** Dependencies rewritten to `file://` offline copies, as `repository/name@version`. */
  readonly rewritten: string[];
  /** Dependencies with no offline source, as `repository/name@version` (the chart cannot be installed here). */
  readonly missing: string[];
}

/**
 * For an in-repo chart that declares dependencies on remote charts (a wrapper chart): a copy under `scratch`
 * whose dependencies' `repository` is `file://<offline copy>` at exactly the pinned version, so `helm dependency
 * update` (run by the helm provider with `dependency_update`, or by the caller before `helm template`) works
 * without a chart repository. The chart's own files are unchanged.
 */
export async function withOfflineDependencies(chartDir: string, scratch: string): Promise<OfflineLocalChart> {
  const file = path.join(chartDir, "Chart.yaml");
  const meta = YAML.parse(fs.readFileSync(file, "utf8")) as { name: string; dependencies?: { name: string; version: string; repository?: string }[] };
  const remote = (meta.dependencies ?? []).filter((d) => d.repository && /^(oci|https?):\/\//.test(d.repository));
  if (remote.length === 0) return { dir: chartDir, rewritten: [], missing: [] };
  const dir = path.join(scratch, "offline-local-charts", `${meta.name}-${path.basename(chartDir)}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  fs.cpSync(chartDir, dir, { recursive: true, dereference: true });
  const rewritten: string[] = [];
  const missing: string[] = [];
  for (const d of remote) {
    const ref = `${d.repository}/${d.name}@${d.version}`;
    const local = await offlineChartDir(d.repository!, d.name, d.version);
    if (!local) {
      missing.push(ref);
      continue;
    }
    d.repository = `file://${local}`;
    rewritten.push(ref);
  }
  fs.writeFileSync(path.join(dir, "Chart.yaml"), YAML.stringify(meta));
  fs.rmSync(path.join(dir, "Chart.lock"), { force: true });
  fs.rmSync(path.join(dir, "charts"), { recursive: true, force: true });
  return { dir, rewritten, missing };
}

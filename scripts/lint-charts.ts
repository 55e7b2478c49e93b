/**
 * `npm run lint:charts`: checks the Helm charts of our apps (apps/<app>/chart) for every environment.
 *
 *   npm run lint:charts [-- <environment> ...] [--keep]
 *
 * For every chart x environment, with the values the `<env>-apps` stack gives the chart:
 *   1. `helm lint --strict` (also checks values.schema.json),
 *   2. `helm template` at the environment's Kubernetes version, twice: with the platform's CRD kinds
 *      (HTTPRoute, ExternalSecret, ServiceMonitor) and without them (a cluster lacking those CRDs must
 *      still get a complete install, and no CRD kind may slip through); for the API also as an upgrade,
 *      which renders the migration Job;
 *   3. our charts' own contract on every rendered object (scripts/lib/app-chart-checks.ts: restricted Pod
 *      Security, read-only root filesystem, uid/gid above 10000 and equal to the numeric USER of the app's
 *      Dockerfile, CPU and memory requests and limits, no service-account token, the release's namespace
 *      set explicitly);
 *   4. trivy's Kubernetes checks (`trivy config`, offline, checks embedded in the binary) on every
 *      rendered manifest, one run per environment with that environment's registry as the only trusted
 *      one (KSV-0125). kube-linter, the usual tool for this, cannot be built here (the Go module proxy
 *      refuses golang.stackrox.io/kube-linter and github.com/stackrox/kube-linter alike); trivy's KSV
 *      checks cover the same ground (security context, resources, probes, image tags, host namespaces, RBAC).
 * Exits 1 on any lint error, render error or failed check not accepted in
 * scripts/chart-lint-suppressions.json (each entry with a reason). --keep leaves the rendered
 * manifests in the folder it prints.
 *
 * Test tooling: helm comes from scripts/go-tool.sh, trivy from scripts/trivy.sh (both cached).
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import YAML from "yaml";
import { EnvironmentError, loadEnvironments } from "../environments/load";
import type { EnvironmentConfig } from "../environments/schema";
import type { AppEndpoints } from "../constructs/apps/app-endpoints";
import { apiValues, engineValues, frontendValues, RELEASES } from "../constructs/apps/chart-values";
import { APPS_NAMESPACE } from "../stacks/apps-stack";
import { defaultAppEndpoints } from "../stacks/apps-endpoints";
import { ecrRegistry } from "../stacks/targets/aws";
import { appChartProblems, dockerfileUser, imageUserProblems, type ImageUser } from "./lib/app-chart-checks";
import { eachLimited, run } from "./lib/terraform";
import { applySuppressions, loadSuppressions, parseTrivy, type Finding } from "./scan";

const ROOT = path.resolve(__dirname, "..");
const CHARTS = ["engine", "api", "frontend"] as const;
type Chart = (typeof CHARTS)[number];

/** Kinds whose CRDs the platform installs; absent from a render without them. */
export const CRD_KINDS = ["HTTPRoute", "ExternalSecret", "ServiceMonitor"] as const;

/** One render of one chart: the values and helm flags that produce it. */
export interface Render {
  readonly env: string;
  readonly chart: Chart;
  /** `platform`: the platform's CRD kinds on; `bare`: off; `upgrade`: as an upgrade (API: migration Job). */
  readonly variant: "platform" | "bare" | "upgrade";
  readonly values: Record<string, unknown>;
  readonly kubeVersion: string;
}

function valuesFor(chart: Chart, env: EnvironmentConfig, ep: AppEndpoints): Record<string, unknown> {
  switch (chart) {
    case "engine":
      return engineValues(env, ep);
    case "api":
      return apiValues(env, ep);
    case "frontend":
      return frontendValues(env, ep, APPS_NAMESPACE);
  }
}

/** Every render the lint runs for one environment. */
export function rendersFor(env: EnvironmentConfig): Render[] {
  const ep = defaultAppEndpoints(env);
  const bare: AppEndpoints = { ...ep, capabilities: { gatewayApi: false, externalSecrets: false, serviceMonitors: false } };
  const kubeVersion = `${env.cluster.kubernetesVersion}.0`;
  return CHARTS.flatMap((chart): Render[] => [
    { env: env.name, chart, variant: "platform", values: valuesFor(chart, env, ep), kubeVersion },
    { env: env.name, chart, variant: "bare", values: valuesFor(chart, env, bare), kubeVersion },
    ...(chart === "api" ? [{ env: env.name, chart, variant: "upgrade" as const, values: valuesFor(chart, env, ep), kubeVersion }] : []),
  ]);
}

/**
 * The registry host the environment's infra stack creates, which its app images must come from (trivy
 * KSV-0125 trusts only it). None on k3d: the images are imported and never pulled (pullPolicy Never).
 */
export function trustedRegistries(env: EnvironmentConfig): string[] {
  switch (env.target) {
    case "aws":
      return [ecrRegistry(env.aws.accountId, env.aws.region)];
    case "gcp":
      return [`${env.gcp.region}-docker.pkg.dev`];
    case "local":
      return [];
  }
}

/** Kinds of the documents in a rendered manifest stream. */
export function renderedKinds(manifest: string): string[] {
  return [...manifest.matchAll(/^kind:\s*(\S+)\s*$/gm)].map((m) => m[1]);
}

function helm(bin: string, args: string[]): { ok: boolean; out: string } {
  const r = spawnSync(bin, args, { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { ok: r.status === 0, out: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

async function main(argv: string[]): Promise<number> {
  const keep = argv.includes("--keep");
  let envs: EnvironmentConfig[];
  try {
    envs = loadEnvironments(argv.filter((a) => !a.startsWith("--")));
  } catch (e) {
    if (e instanceof EnvironmentError) {
      console.error(`lint:charts: ${e.message}`);
      return 1;
    }
    throw e;
  }
  const started = Date.now();
  const tool = (script: string, args: string[] = []) =>
    execFileSync("bash", [path.join(__dirname, script), ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
  console.log("lint:charts: helm and trivy (built once from the Go module proxy, then cached)");
  const helmBin = tool("go-tool.sh", ["helm"]);
  const trivy = tool("trivy.sh");
  const suppressions = loadSuppressions(path.join(__dirname, "chart-lint-suppressions.json"));
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "orderbook-charts-"));
  const problems: string[] = [];
  let renders = 0;
  let lints = 0;
  let contractChecks = 0;
  // The user each app's image runs as, which its chart must run it as.
  const imageUsers = new Map<Chart, ImageUser>();
  for (const chart of CHARTS) {
    const dockerfile = path.join("apps", chart, "Dockerfile");
    try {
      imageUsers.set(chart, dockerfileUser(fs.readFileSync(path.join(ROOT, dockerfile), "utf8")));
    } catch (e) {
      problems.push(`${dockerfile}: ${(e as Error).message}`);
    }
  }

  try {
    for (const env of envs) {
      for (const r of rendersFor(env)) {
        const name = `${r.env}/${r.chart}-${r.variant}`;
        const dir = path.join(out, r.env);
        fs.mkdirSync(dir, { recursive: true });
        const valuesFile = path.join(dir, `${r.chart}-${r.variant}.values.json`);
        fs.writeFileSync(valuesFile, JSON.stringify(r.values, null, 2));
        const chartDir = path.join("apps", r.chart, "chart");
        if (r.variant !== "upgrade") {
          const lint = helm(helmBin, ["lint", "--strict", chartDir, "-f", valuesFile, "--namespace", APPS_NAMESPACE, "--kube-version", r.kubeVersion]);
          lints++;
          if (!lint.ok) problems.push(`${name}: helm lint failed:\n${lint.out.trim()}`);
        }
        const args = ["template", RELEASES[r.chart], chartDir, "-f", valuesFile, "--namespace", APPS_NAMESPACE, "--kube-version", r.kubeVersion];
        if (r.variant === "upgrade") args.push("--is-upgrade");
        const t = helm(helmBin, args);
        renders++;
        if (!t.ok) {
          problems.push(`${name}: helm template failed:\n${t.out.trim()}`);
          continue;
        }
        const kinds = renderedKinds(t.out);
        if (r.variant === "bare") {
          const leaked = kinds.filter((k) => (CRD_KINDS as readonly string[]).includes(k));
          if (leaked.length) problems.push(`${name}: renders ${leaked.join(", ")} although their CRDs are switched off`);
        }
        if (r.variant === "upgrade" && r.chart === "api" && !kinds.includes("Job")) problems.push(`${name}: an upgrade renders no migration Job`);
        const objects = YAML.parseAllDocuments(t.out).map((d) => d.toJSON()).filter((o) => o && typeof o === "object");
        contractChecks += objects.length;
        problems.push(...appChartProblems(objects, APPS_NAMESPACE).map((p) => `${name}: ${p}`));
        const user = imageUsers.get(r.chart);
        if (user) problems.push(...imageUserProblems(objects, user).map((p) => `${name}: ${p}`));
        fs.writeFileSync(path.join(dir, `${r.chart}-${r.variant}.yaml`), t.out);
        process.stdout.write(".");
      }
    }
    process.stdout.write("\n");

    // Values files are JSON too; trivy must see only the manifests.
    const manifests = path.join(out, "manifests");
    for (const env of envs) {
      fs.mkdirSync(path.join(manifests, env.name), { recursive: true });
      for (const f of fs.readdirSync(path.join(out, env.name)).filter((f) => f.endsWith(".yaml"))) {
        fs.copyFileSync(path.join(out, env.name, f), path.join(manifests, env.name, f));
      }
    }
    const cacheDir = path.join(path.dirname(path.dirname(trivy)), "trivy-cache");
    const renderSeconds = (Date.now() - started) / 1000;
    const byEnv = new Map<string, Finding[]>();
    let passed = 0;
    // One trivy run per environment (its own trusted registry), two at a time: trivy is CPU-bound.
    await eachLimited(envs, 2, async (env) => {
      // Rego data for KSV-0125; an empty list would make trivy fall back to its own defaults.
      const registries = trustedRegistries(env);
      const dataDir = path.join(out, "trivy-data", env.name);
      fs.mkdirSync(dataDir, { recursive: true });
      fs.writeFileSync(path.join(dataDir, "ksv0125.json"), JSON.stringify({ ksv0125: { trusted_registries: registries.length ? registries : ["registry.invalid"] } }));
      const scan = await run(
        trivy,
        ["config", "--format", "json", "--quiet", "--skip-check-update", "--cache-dir", cacheDir, "--misconfig-scanners", "kubernetes",
          "--config-data", dataDir, "--exit-code", "0", path.join(manifests, env.name)],
        ROOT,
        process.env,
      );
      if (scan.code !== 0) throw new Error(`trivy failed on ${env.name}: ${scan.stderr.trim()}`);
      const findings: Finding[] = [];
      const report = JSON.parse(scan.stdout) as { Results?: Array<{ Target: string; Misconfigurations?: unknown[]; MisconfSummary?: { Successes: number; Failures: number } }> };
      for (const result of report.Results ?? []) {
        // Target: <chart>-<variant>.yaml; findings are named <env>/<chart>-<variant>.
        const target = `${env.name}/${path.basename(result.Target).replace(/\.yaml$/, "")}`;
        passed += result.MisconfSummary?.Successes ?? 0;
        findings.push(...parseTrivy(target, { Results: [result as never] }));
      }
      byEnv.set(env.name, findings);
      process.stdout.write(`lint:charts: trivy ${env.name} done\n`);
    });
    const findings = envs.flatMap((env) => byEnv.get(env.name) ?? []);
    const { kept, suppressed, unused } = applySuppressions(findings, suppressions);
    for (const f of kept) problems.push(`${f.stack}: ${f.severity} ${f.id} ${f.resource}: ${f.title}: ${f.message}`);
    console.log(
      `lint:charts: ${envs.length} environment(s) x ${CHARTS.length} charts: ${lints} helm lint, ${renders} renders, ${contractChecks} objects checked against the charts' contract; ` +
        `trivy Kubernetes checks: ${passed} passed, ${kept.length} failed, ${suppressed.length} suppressed ` +
        `(helm ${renderSeconds.toFixed(1)} s, trivy ${((Date.now() - started) / 1000 - renderSeconds).toFixed(1)} s)`,
    );
    for (const s of unused) console.log(`note: suppression ${s.id} (${s.stacks.join(", ")}) matched nothing; remove it`);
  } finally {
    if (keep) console.log(`lint:charts: rendered manifests kept in ${out}`);
    else fs.rmSync(out, { recursive: true, force: true });
  }

  for (const p of problems) console.error(`  ${p}`);
  console.log(`lint:charts: ${problems.length} problem(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return problems.length > 0 ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e) => {
      console.error(`lint:charts: ${e instanceof Error ? e.message : String(e)}`);
      process.exitCode = 1;
    },
  );
}

/**
 * `npm run prove [-- <env>...]`: rung 5 of the proof ladder (docs/adr/0002-proof-ladder.md). Applies every
 * `<env>-platform` and `<env>-apps` stack to a real Kubernetes control plane on loopback
 * (scripts/k8s-testenv.sh), then: `plan -detailed-exitcode` must be empty; one object the stack owns is
 * deleted with kubectl and a plan must notice; `destroy`; nothing of the stack may be left in the cluster.
 * `aws-*-infra` goes to moto through scripts/lib/prove-aws.ts when that module is present. Ends with a
 * table (stack, resources applied, re-plan, drift, destroy, seconds) and the reasons for everything not
 * applied; exits 1 when any stack fails.
 *
 * Each stack runs in a scratch copy of cdktf.out/stacks/<stack> (never changed) with:
 *   - a stand-in for the infra stack's state (the cluster's endpoint, CA, kubeconfig), and
 *   - zz_prove_override.tf.json, which replaces only the backend (a local file in scratch), where remote
 *     state is read from, and the cloud auth plugin of the kubernetes/helm providers (an exec credential
 *     for the test cluster); see scripts/lib/prove-workdir.ts.
 * Helm releases of a local chart install for real; a remote chart is installed from the copy
 * scripts/lib/offline-charts.ts can obtain offline, else removed from the scratch copy with what depends
 * on it, and named in the notes.
 *
 * Environments run one after another; within one, platform then apps (as deployed), then apps and platform
 * are destroyed and the cluster must be back to what it was before the environment.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, TerraformStack } from "cdktf";
import { PodV1 } from "@cdktf/provider-kubernetes/lib/pod-v1";
import { loadEnvironments } from "../environments/load";
import type { EnvironmentConfig } from "../environments/schema";
import { ClusterProviders } from "../constructs/kubernetes/providers";
import { Namespace } from "../constructs/kubernetes/namespace";
import { readAwsResults, type ProveResult } from "./lib/prove-result";
import { PvcBinder } from "./lib/pvc-binder";
import { recentWarnings } from "./lib/cluster-warnings";
import { WebhookRelaxer } from "./lib/webhook-relaxer";
import { declaredReleases, dryRunReleases } from "./lib/prove-dry-run";
import { CRD_ARTIFACTS, crdFiles } from "./lib/crd-artifacts";
import { offlineChartDir, withOfflineDependencies } from "./lib/offline-charts";
import { dropDependsOn, helmReleases, proveOverride, pruneResources, standInOutputs, stateFileWithOutputs, type TestCluster, UPGRADE_TAG_SUFFIX, upgradeImageTags } from "./lib/prove-workdir";
import { providerSource, prepareWorkdir, ROOT, run, STACKS, terraformEnv, type ProviderSource } from "./lib/terraform";
import { stopOnExit } from "./lib/stop-on-exit";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Row = Mutable<Omit<ProveResult, "notes">> & { notes: string[] };

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s`;
const log = (line: string) => console.log(`prove [${elapsed()}] ${line}`);

interface Testenv {
  readonly kubeconfig: string;
  readonly context: string;
  readonly server: string;
  readonly bin: string;
  readonly pki: string;
  readonly version: string;
}

const TESTENV_SCRIPT = path.join(ROOT, "scripts", "k8s-testenv.sh");

/** Starts the control plane (or reuses a running one); says whether this call started it. */
function startTestenv(): Testenv & { startedHere: boolean } {
  const script = TESTENV_SCRIPT;
  const running = spawnSync("bash", [script, "status"], { stdio: "ignore" }).status === 0;
  log(running ? "reusing the running test control plane" : "starting the test control plane (scripts/k8s-testenv.sh start; the first run builds it, ~10 min)");
  const t0 = Date.now();
  execFileSync("bash", [script, "start"], { stdio: ["ignore", "inherit", "inherit"] });
  if (!running) log(`test control plane ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const env = Object.fromEntries(
    execFileSync("bash", [script, "env"], { encoding: "utf8" })
      .trim()
      .split("\n")
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
  return { kubeconfig: env.KUBECONFIG, context: env.CONTEXT, server: env.SERVER, bin: env.BIN, pki: env.PKI, version: env.K8S_VERSION, startedHere: !running };
}

class Kubectl {
  constructor(private readonly t: Testenv) {}
  async run(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
    return run(path.join(this.t.bin, "kubectl"), ["--kubeconfig", this.t.kubeconfig, ...args], ROOT, process.env, input);
  }
  /** Names of every object of the given cluster-scoped kinds, as `kind/name`. */
  async clusterObjects(kinds: readonly string[]): Promise<Set<string>> {
    const r = await this.run(["get", kinds.join(","), "-o", "name"]);
    if (r.code !== 0) throw new Error(`kubectl get ${kinds.join(",")}: ${r.stderr.trim()}`);
    return new Set(r.stdout.split("\n").filter(Boolean));
  }
}

/** What the cluster must look like again after an environment's stacks are destroyed. */
const TRACKED_KINDS = [
  "namespaces",
  "clusterroles.rbac.authorization.k8s.io",
  "clusterrolebindings.rbac.authorization.k8s.io",
  "validatingwebhookconfigurations.admissionregistration.k8s.io",
  "mutatingwebhookconfigurations.admissionregistration.k8s.io",
  "apiservices.apiregistration.k8s.io",
  "priorityclasses.scheduling.k8s.io",
  "storageclasses.storage.k8s.io",
];

/** Optional modules other parts of the project provide; absent until they are merged. */
async function optionalModule<T>(file: string): Promise<T | undefined> {
  const candidates = [".ts", ".js"].map((ext) => path.join(__dirname, "lib", `${file}${ext}`));
  if (!candidates.some((c) => fs.existsSync(c))) return undefined;
  return (await import(`./lib/${file}`)) as T;
}
type OfflineCharts = { offlineChartDir(repository: string, chart: string, version: string): Promise<string | undefined> };
type Ctx = {
  cluster: TestCluster;
  source: ProviderSource;
  env: NodeJS.ProcessEnv;
  tfVersion: string;
  charts?: OfflineCharts;
  kubectl: Kubectl;
  helm: string;
  k8sVersion: string;
  /** chart name -> where its CRDs were installed from, for charts not obtainable offline (scripts/lib/crd-artifacts.ts). */
  crdStandIns: ReadonlyMap<string, string>;
};
type ProveAws = { proveAwsInfra(env: EnvironmentConfig, log: (line: string) => void): Promise<ProveResult> };

interface TfDiagnostic {
  severity: string;
  summary: string;
  detail?: string;
  address?: string;
}

/** Errors of a `terraform ... -json` run: "<address>: <summary>: <the API's message>". */
function jsonErrors(stdout: string, stderr: string): string[] {
  const errored: string[] = [];
  const messages: string[] = [];
  for (const line of stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    let m: { type?: string; diagnostic?: TfDiagnostic; hook?: { resource?: { addr?: string } } };
    try {
      m = JSON.parse(line);
    } catch {
      continue;
    }
    if (m.type === "apply_errored" && m.hook?.resource?.addr) errored.push(m.hook.resource.addr);
    if (m.type === "diagnostic" && m.diagnostic?.severity === "error") {
      const d = m.diagnostic;
      const detail = d.detail ? `: ${d.detail.replace(/\s+/g, " ").trim()}` : "";
      messages.push(`${d.address ? `${d.address}: ` : ""}${d.summary}${detail}`);
    }
  }
  if (messages.length === 0) {
    const tail = (stderr || stdout).trim().split("\n").slice(-4).join(" | ");
    messages.push(tail || "terraform failed without a message");
  }
  // Older terraform versions leave the address out of the diagnostic; the apply hooks name it.
  return messages.map((msg, i) => (/^[a-z0-9_]+\.[A-Za-z0-9_-]+: /.test(msg) || !errored[i] ? msg : `${errored[i]}: ${msg}`));
}

/** How many of the cluster's latest Warning events a failed apply reports. */
const WARNINGS_REPORTED = 12;

/** Errors that say the test API server was slow to answer, not that it refused anything. */
const TRANSIENT = /Client\.Timeout exceeded|request canceled|TLS handshake timeout|i\/o timeout|the server was unable to return a response in the time allotted/;
/**
 * A fail-closed webhook called in the moment between its chart installing it and the relaxer setting it to
 * Ignore (no webhook pod runs in the test cluster): the test environment, not the stack.
 */
const WEBHOOK_RACE = /failed calling webhook "[^"]+": failed to call webhook: .*no endpoints available for service/;

interface StateResource {
  address: string;
  type: string;
  values: Record<string, any>;
}

async function stateResources(dir: string, env: NodeJS.ProcessEnv): Promise<StateResource[]> {
  const show = await run("terraform", ["show", "-json", "-no-color"], dir, env);
  if (show.code !== 0) throw new Error(`terraform show: ${show.stderr.trim()}`);
  const state = JSON.parse(show.stdout) as { values?: { root_module?: { resources?: any[]; child_modules?: any[] } } };
  const out: StateResource[] = [];
  const walk = (mod: { resources?: any[]; child_modules?: any[] } | undefined) => {
    for (const r of mod?.resources ?? []) if (r.mode === "managed") out.push({ address: r.address, type: r.type, values: r.values ?? {} });
    for (const c of mod?.child_modules ?? []) walk(c);
  };
  walk(state.values?.root_module);
  return out;
}

/** Namespaces a stack owns: its namespace resources and the namespaces its helm releases create. */
function ownedNamespaces(resources: readonly StateResource[]): string[] {
  const names = new Set<string>();
  for (const r of resources) {
    if (/^kubernetes_namespace(_v1)?$/.test(r.type)) names.add(r.values.metadata?.[0]?.name);
    if (r.type === "helm_release" && r.values.create_namespace) names.add(r.values.namespace);
  }
  return [...names].filter(Boolean);
}

/** One object to delete behind Terraform's back: `kubectl delete` arguments, cheapest kind first. */
function driftTarget(resources: readonly StateResource[]): { address: string; args: string[] } | undefined {
  const meta = (r: StateResource) => r.values.metadata?.[0] ?? {};
  const simple = resources.find((r) => /^kubernetes_/.test(r.type) && !/^kubernetes_(namespace|manifest)/.test(r.type) && meta(r).name);
  if (simple) {
    const kind = simple.type.replace(/^kubernetes_/, "").replace(/_v\d+$/, "").replaceAll("_", "");
    const ns = meta(simple).namespace ? ["-n", meta(simple).namespace] : [];
    return { address: simple.address, args: [kind, meta(simple).name, ...ns] };
  }
  const manifest = resources.find((r) => r.type === "kubernetes_manifest" && r.values.manifest?.metadata?.name);
  if (manifest) {
    const m = manifest.values.manifest;
    const group = String(m.apiVersion).includes("/") ? `.${String(m.apiVersion).split("/")[0]}` : "";
    const ns = m.metadata.namespace ? ["-n", m.metadata.namespace] : [];
    return { address: manifest.address, args: [`${String(m.kind).toLowerCase()}${group}`, m.metadata.name, ...ns] };
  }
  const release = resources.find((r) => r.type === "helm_release");
  if (release) {
    // Helm keeps a release's record in Secrets labelled owner=helm,name=<release>; without it the release is gone.
    return { address: release.address, args: ["secrets", "-l", `owner=helm,name=${release.values.name}`, "-n", release.values.namespace] };
  }
  const namespace = resources.find((r) => /^kubernetes_namespace(_v1)?$/.test(r.type));
  if (namespace) return { address: namespace.address, args: ["namespace", meta(namespace).name] };
  return undefined;
}

interface Prepared {
  readonly dir: string;
  readonly notes: string[];
}

/** The scratch working directory of one stack (see the file comment). */
async function prepare(
  stack: string,
  from: string,
  dir: string,
  cluster: TestCluster,
  source: ProviderSource,
  tfVersion: string,
  charts: OfflineCharts | undefined,
  crdStandIns: ReadonlyMap<string, string>,
): Promise<Prepared> {
  const notes: string[] = [];
  for (const f of fs.readdirSync(from)) {
    // Not the lock file (it names the pinned providers the mirror replaces) nor any state.
    if (![".terraform", ".terraform.lock.hcl", "cdk.tf.json"].includes(f) && !f.includes(".tfstate")) fs.cpSync(path.join(from, f), path.join(dir, f), { recursive: true });
  }
  let tf = prepareWorkdir(stack, dir, source, false, from);
  const releaseCount = Object.keys(tf.resource?.helm_release ?? {}).length;
  for (const body of Object.values((tf.resource?.helm_release ?? {}) as Record<string, Record<string, unknown>>)) {
    // Helm validates each manifest client-side against /openapi/v2 (6.8 MB once the CRDs are in); with ten
    // releases fetching it at once on the loaded 2-core test server that times out at 32 s. The API server
    // still validates every object (schema, CEL) when helm creates it.
    body.disable_openapi_validation = true;
  }
  if (releaseCount > 0) notes.push(`helm's client-side OpenAPI validation is off in the scratch copy (the API server validates every object on create)`);

  const unavailable: string[] = [];
  for (const release of helmReleases(tf)) {
    const name = release.address.split(".")[1];
    const body = tf.resource.helm_release[name];
    const remote = release.repository !== undefined || /^(oci|https?):\/\//.test(release.chart);
    if (!remote) {
      // A chart by path: relative to the synthesized stack's folder, where terraform normally runs.
      if (!path.isAbsolute(release.chart)) body.chart = path.resolve(from, release.chart);
      if (!fs.existsSync(body.chart)) throw new Error(`${stack}: ${release.address}: chart path ${release.chart} does not exist`);
      // A wrapper chart: its remote dependency comes from the offline copy (the helm provider still runs
      // `helm dependency update`, as it does for a user, against a file:// repository).
      const offline = await withOfflineDependencies(body.chart, dir);
      if (offline.missing.length > 0) {
        unavailable.push(release.address);
        notes.push(`${release.address}: not applied: its chart's dependencies ${offline.missing.join(", ")} are not obtainable offline`);
      } else if (offline.rewritten.length > 0) {
        body.chart = offline.dir;
        notes.push(`${release.address}: its chart's dependencies ${offline.rewritten.join(", ")} installed from their offline copies`);
      }
      continue;
    }
    const repository = release.repository ?? release.chart.slice(0, release.chart.lastIndexOf("/"));
    const chart = release.repository !== undefined ? release.chart : release.chart.slice(release.chart.lastIndexOf("/") + 1);
    const local = charts && release.version ? await charts.offlineChartDir(repository, chart, release.version) : undefined;
    if (local) {
      body.chart = local;
      delete body.repository;
      notes.push(`${release.address}: chart ${repository}/${chart}@${release.version} installed from its offline copy`);
    } else {
      unavailable.push(release.address);
      notes.push(`${release.address}: not applied: chart ${repository}/${chart}@${release.version ?? "(no version)"} not obtainable offline`);
      const standIn = crdStandIns.get(chart);
      if (standIn) {
        const kept = dropDependsOn(tf, release.address);
        if (kept.length > 0) notes.push(`${release.address}: its CRDs are installed from ${standIn}, so what only waits for it is applied: ${kept.join(", ")}`);
      }
    }
  }
  if (unavailable.length > 0) {
    const pruned = pruneResources(tf, unavailable);
    tf = pruned.tf;
    const dependents = pruned.removed.filter((a) => !unavailable.includes(a));
    if (dependents.length > 0) notes.push(`not applied because they depend on a release above: ${dependents.join(", ")}`);
  }
  fs.writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify(tf));

  const standIn = standInOutputs(tf, cluster);
  const standInPath = (state: string) => path.join(dir, "stand-in", `${state}.tfstate`);
  fs.mkdirSync(path.join(dir, "stand-in"), { recursive: true });
  for (const [state, outputs] of standIn.states) {
    fs.writeFileSync(standInPath(state), JSON.stringify(stateFileWithOutputs(outputs, tfVersion)));
  }
  if (standIn.placeholders.length > 0) notes.push(`infra outputs given placeholder values: ${standIn.placeholders.join(", ")}`);
  const override = proveOverride(tf, cluster, path.join(dir, "prove.tfstate"), standInPath);
  fs.writeFileSync(path.join(dir, "zz_prove_override.tf.json"), JSON.stringify(override, null, 1));
  return { dir, notes };
}

/** A stack's run up to (not including) destroy; destroy happens later, in reverse order. */
interface Applied {
  row: Row;
  dir: string;
  owned: string[];
  ok: boolean;
}

async function applyStack(
  stack: string,
  from: string,
  scratch: string,
  ctx: Ctx,
): Promise<Applied> {
  const t0 = Date.now();
  const row: Row = { stack, applied: 0, apply: "skipped", replan: "skipped", drift: "skipped", destroy: "skipped", seconds: 0, notes: [] };
  const dir = path.join(scratch, stack);
  const finish = (ok: boolean, owned: string[] = []): Applied => {
    row.seconds = (Date.now() - t0) / 1000;
    return { row, dir, owned, ok };
  };
  const step = (what: string) => log(`${stack}: ${what}`);
  // No volume provisioner in the test cluster: claims get pre-bound stand-in volumes while the stack applies.
  // No webhook can run there either: fail-closed webhooks are relaxed to Ignore as they appear.
  const relaxer = new WebhookRelaxer((args, input) => ctx.kubectl.run(args, input));
  const binder = new PvcBinder((args, input) => ctx.kubectl.run(args, input), 2000, () => relaxer.once());
  binder.start();
  try {
    step("preparing a scratch copy with the stand-in infra state and the override file");
    const prepared = await prepare(stack, from, dir, ctx.cluster, ctx.source, ctx.tfVersion, ctx.charts, ctx.crdStandIns);
    row.notes.push(...prepared.notes.map((n) => `${stack}: ${n}`));
    step("terraform init (offline provider mirror)");
    const init = await run("terraform", ["init", "-input=false", "-no-color"], dir, ctx.env);
    if (init.code !== 0) {
      row.apply = "failed";
      row.notes.push(`${stack}: terraform init failed: ${(init.stderr || init.stdout).trim().split("\n").slice(-4).join(" | ")}`);
      return finish(false);
    }
    step("terraform apply");
    let apply = await run("terraform", ["apply", "-auto-approve", "-input=false", "-no-color", "-json"], dir, ctx.env);
    const errors = apply.code === 0 ? [] : jsonErrors(apply.stdout, apply.stderr);
    if (errors.length > 0 && errors.every((e) => TRANSIENT.test(e) || WEBHOOK_RACE.test(e))) {
      // The test API server shares 2 cores with everything else; a client timeout is the machine, not the stack.
      // A webhook reached before the relaxer relaxed it is the test cluster, not the stack: relax now, retry.
      const why = errors.every((e) => TRANSIENT.test(e)) ? "a client timeout talking to the test API server" : "a webhook called before the relaxer set it to Ignore";
      row.notes.push(`${stack}: apply retried once after ${why}: ${errors.join(" | ")}`);
      await relaxer.once();
      step(`terraform apply (retry after ${why})`);
      apply = await run("terraform", ["apply", "-auto-approve", "-input=false", "-no-color", "-json"], dir, ctx.env);
    }
    const afterApply = await stateResources(dir, ctx.env).catch(() => [] as StateResource[]);
    row.applied = afterApply.length;
    const owned = ownedNamespaces(afterApply);
    if (apply.code !== 0) {
      row.apply = "failed";
      row.notes.push(...jsonErrors(apply.stdout, apply.stderr).map((e) => `${stack}: ${e}`));
      // An atomic helm release that timed out is uninstalled with its pods; the cluster's warnings outlive
      // it and say why it never became ready (unschedulable pod, unbound claim, refused object, ...).
      row.notes.push(...(await recentWarnings((args) => ctx.kubectl.run(args), WARNINGS_REPORTED)).map((w) => `${stack}: cluster warning: ${w}`));
      return finish(false, owned);
    }
    row.apply = "ok";
    step(`applied ${row.applied} resources; re-plan must be empty`);
    const replan = await run("terraform", ["plan", "-detailed-exitcode", "-input=false", "-no-color", "-json"], dir, ctx.env);
    row.replan = replan.code === 0 ? "empty" : replan.code === 2 ? "changes" : "failed";
    if (replan.code === 2) row.notes.push(...plannedChanges(replan.stdout).map((c) => `${stack}: re-plan not empty: ${c}`));
    if (replan.code === 1) row.notes.push(...jsonErrors(replan.stdout, replan.stderr).map((e) => `${stack}: re-plan: ${e}`));

    const target = driftTarget(afterApply);
    if (!target) {
      row.notes.push(`${stack}: drift check skipped: the stack owns no object kubectl can delete`);
    } else {
      step(`drift: kubectl delete ${target.args.join(" ")} (${target.address}); a plan must notice`);
      const del = await ctx.kubectl.run(["delete", ...target.args, "--wait=true", "--timeout=120s"]);
      if (del.code !== 0) {
        row.drift = "failed";
        row.notes.push(`${stack}: drift: kubectl delete ${target.args.join(" ")}: ${del.stderr.trim()}`);
      } else {
        const plan = await run("terraform", ["plan", "-detailed-exitcode", "-input=false", "-no-color", "-json"], dir, ctx.env);
        const changes = plannedChanges(plan.stdout);
        row.drift = plan.code === 2 && changes.some((c) => c.startsWith(target.address)) ? "detected" : plan.code === 1 ? "failed" : "missed";
        if (row.drift === "missed") row.notes.push(`${stack}: drift missed: ${target.address} was deleted and the plan did not propose to restore it`);
        if (plan.code === 1) row.notes.push(...jsonErrors(plan.stdout, plan.stderr).map((e) => `${stack}: drift plan: ${e}`));
        step(`drift ${row.drift}; re-applying so the next stack finds the cluster as deployed`);
        const restore = await run("terraform", ["apply", "-auto-approve", "-input=false", "-no-color", "-json"], dir, ctx.env);
        if (restore.code !== 0) {
          row.drift = "failed";
          row.notes.push(...jsonErrors(restore.stdout, restore.stderr).map((e) => `${stack}: re-apply after drift: ${e}`));
        }
      }
    }
    if (stack.endsWith("-apps")) await upgradeStack(stack, dir, ctx, row);
    return finish(row.replan === "empty" && row.drift !== "failed" && row.drift !== "missed" && row.upgrade !== "failed", owned);
  } catch (e) {
    row.apply = row.apply === "skipped" ? "failed" : row.apply;
    row.notes.push(`${stack}: ${(e as Error).message}`);
    return finish(false);
  } finally {
    await binder.stop();
    if (binder.bound.length > 0) row.notes.push(`${stack}: claims bound to stand-in volumes (test cluster has no provisioner): ${binder.bound.join(", ")}`);
    row.notes.push(...binder.errors.map((e) => `${stack}: stand-in volume: ${e}`));
    if (relaxer.relaxed.length > 0) row.notes.push(`${stack}: webhooks set to failurePolicy Ignore (no webhook can run in the test cluster): ${relaxer.relaxed.join("; ")}`);
  }
}

/**
 * The next release of an apps stack, as a deploy of new images makes it: every app's image tag changes
 * (upgradeImageTags), `terraform apply` must upgrade the releases, the API's pre-upgrade migration Job must
 * run and complete (its "Completed" event; helm deletes the Job itself when it succeeds), every workload must
 * now run the new tags, and a re-plan must be empty. Pods do not run here (kwok completes the Job's pod), so
 * this proves the upgrade path's objects, hooks, quotas and ordering, not the migration's SQL.
 */
async function upgradeStack(stack: string, dir: string, ctx: Ctx, row: Row): Promise<void> {
  const file = path.join(dir, "cdk.tf.json");
  const tf = JSON.parse(fs.readFileSync(file, "utf8"));
  const releases = upgradeImageTags(tf);
  if (releases.length === 0) {
    row.upgrade = "n/a";
    return;
  }
  const migrates = Object.values((tf.resource?.helm_release ?? {}) as Record<string, { values?: unknown[] }>).some((r) =>
    (r.values ?? []).some((v) => typeof v === "string" && /"migration":\{"enabled":true/.test(v)),
  );
  fs.writeFileSync(file, JSON.stringify(tf));
  const since = Date.now() - 1000;
  log(`${stack}: upgrade: image tags + "${UPGRADE_TAG_SUFFIX}" on ${releases.length} releases; terraform apply`);
  const up = await run("terraform", ["apply", "-auto-approve", "-input=false", "-no-color", "-json"], dir, ctx.env);
  if (up.code !== 0) {
    row.upgrade = "failed";
    row.notes.push(...jsonErrors(up.stdout, up.stderr).map((e) => `${stack}: upgrade: ${e}`));
    return;
  }
  const problems: string[] = [];
  const workloads = await ctx.kubectl.run(["get", "deployments,statefulsets", "-A", "-l", "app.kubernetes.io/part-of=orderbook-platform", "-o", "json"]);
  const items = workloads.code === 0 ? ((JSON.parse(workloads.stdout).items ?? []) as { kind: string; metadata: { namespace: string; name: string }; spec: { template: { spec: { containers: { image: string }[] } } } }[]) : [];
  const stale = items.filter((w) => !w.spec.template.spec.containers.some((c) => c.image.endsWith(UPGRADE_TAG_SUFFIX))).map((w) => `${w.kind}/${w.metadata.namespace}/${w.metadata.name}`);
  if (workloads.code !== 0) problems.push(`listing the workloads failed: ${workloads.stderr.trim()}`);
  else if (items.length === 0) problems.push("no workload labelled app.kubernetes.io/part-of=orderbook-platform after the upgrade");
  else if (stale.length > 0) problems.push(`still on the old image tag: ${stale.join(", ")}`);
  if (migrates) {
    const events = await ctx.kubectl.run(["get", "events", "-A", "--field-selector", "involvedObject.kind=Job,reason=Completed", "-o", "json"]);
    const done = events.code === 0
      ? ((JSON.parse(events.stdout).items ?? []) as { involvedObject: { namespace: string; name: string }; lastTimestamp?: string; eventTime?: string }[])
          .filter((e) => e.involvedObject.name.endsWith("-migrate") && Date.parse(e.lastTimestamp ?? e.eventTime ?? "") >= since)
          .map((e) => `${e.involvedObject.namespace}/${e.involvedObject.name}`)
      : [];
    if (done.length === 0) problems.push(`the API's pre-upgrade migration Job did not complete${events.code !== 0 ? ` (listing events failed: ${events.stderr.trim()})` : ""}`);
    else row.notes.push(`${stack}: upgrade: pre-upgrade migration Job ${done.join(", ")} ran and completed (kwok completed its pod: no SQL ran)`);
  }
  const replan = await run("terraform", ["plan", "-detailed-exitcode", "-input=false", "-no-color", "-json"], dir, ctx.env);
  if (replan.code === 2) problems.push(`re-plan after the upgrade not empty: ${plannedChanges(replan.stdout).join(", ")}`);
  if (replan.code === 1) problems.push(`re-plan after the upgrade: ${jsonErrors(replan.stdout, replan.stderr).join(" | ")}`);
  row.upgrade = problems.length === 0 ? "ok" : "failed";
  row.notes.push(...problems.map((p) => `${stack}: upgrade: ${p}`));
  log(`${stack}: upgrade ${row.upgrade}${items.length ? ` (${items.length} workloads on the new tags)` : ""}`);
}

/** `address (action)` of every change in a `plan -json` stream. */
function plannedChanges(stdout: string): string[] {
  const out: string[] = [];
  for (const line of stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      const m = JSON.parse(line) as { type?: string; change?: { resource?: { addr?: string }; action?: string } };
      if (m.type === "planned_change" && m.change?.resource?.addr) out.push(`${m.change.resource.addr} (${m.change.action})`);
    } catch {
      /* not a JSON line */
    }
  }
  return out;
}

async function destroyStack(a: Applied, ctx: { env: NodeJS.ProcessEnv; kubectl: Kubectl }): Promise<void> {
  const t0 = Date.now();
  const { row } = a;
  if (row.apply === "skipped" || !fs.existsSync(path.join(a.dir, ".terraform"))) return;
  log(`${row.stack}: terraform destroy`);
  const destroy = await run("terraform", ["destroy", "-auto-approve", "-input=false", "-no-color", "-json"], a.dir, ctx.env);
  if (destroy.code !== 0) {
    row.destroy = "failed";
    row.notes.push(...jsonErrors(destroy.stdout, destroy.stderr).map((e) => `${row.stack}: destroy: ${e}`));
  } else {
    const left: string[] = [];
    for (const ns of a.owned) {
      const deadline = Date.now() + 120_000;
      let r = await ctx.kubectl.run(["get", "namespace", ns, "-o", "name"]);
      while (r.code === 0 && Date.now() < deadline) {
        await new Promise((res) => setTimeout(res, 1000));
        r = await ctx.kubectl.run(["get", "namespace", ns, "-o", "name"]);
      }
      if (r.code === 0) left.push(`namespace/${ns}`);
    }
    row.destroy = left.length === 0 ? "ok" : "leftovers";
    if (left.length > 0) row.notes.push(`${row.stack}: left behind after destroy: ${left.join(", ")}`);
  }
  row.seconds += (Date.now() - t0) / 1000;
}

async function proveEnvironment(
  env: EnvironmentConfig,
  scratch: string,
  ctx: Ctx,
): Promise<Row[]> {
  const baseline = await ctx.kubectl.clusterObjects(TRACKED_KINDS);
  const baselineCrds = await ctx.kubectl.clusterObjects(["customresourcedefinitions.apiextensions.k8s.io"]);
  const applied: Applied[] = [];
  for (const layer of ["platform", "apps"]) {
    const stack = `${env.name}-${layer}`;
    const from = path.join(STACKS, stack);
    if (!fs.existsSync(path.join(from, "cdk.tf.json"))) {
      applied.push({
        row: { stack, applied: 0, apply: "failed", replan: "skipped", drift: "skipped", destroy: "skipped", seconds: 0, notes: [`${stack}: not synthesized; run \`npm run synth\` first`] },
        dir: "",
        owned: [],
        ok: false,
      });
      continue;
    }
    const previousFailed = applied.some((a) => a.row.apply !== "ok");
    if (previousFailed) {
      applied.push({
        row: { stack, applied: 0, apply: "skipped", replan: "skipped", drift: "skipped", destroy: "skipped", seconds: 0, notes: [`${stack}: skipped: ${env.name}-platform did not apply`] },
        dir: "",
        owned: [],
        ok: false,
      });
      continue;
    }
    const a = await applyStack(stack, from, scratch, ctx);
    // Say what went wrong now, not only in the table at the end (a full run takes long).
    if (!a.ok) for (const n of a.row.notes.filter((n) => !/installed from its offline copy|not applied|not obtainable offline|stand-in volumes|failurePolicy Ignore|its CRDs are installed from|OpenAPI validation is off/.test(n))) log(`  ${n}`);
    applied.push(a);
  }
  // While the environment is deployed (its namespaces exist with their Pod Security labels).
  const { row: dryRun, createdCrds } = await dryRunEnvironment(env, scratch, ctx);
  const unserved = await removeUnservedApiServices(ctx.kubectl);
  if (unserved.length > 0) {
    const first = applied.find((a) => a.row.apply !== "skipped");
    first?.row.notes.push(
      `${env.name}: aggregated APIs with no running server in the test cluster removed before destroy (namespace deletion waits for every API group to answer): ${unserved.join(", ")}`,
    );
  }
  for (const a of [...applied].reverse()) await destroyStack(a, ctx);
  // CRDs only the dry-run created go too: a later environment's helm release must be able to own them.
  if (createdCrds.length > 0) await ctx.kubectl.run(["delete", "crd", "--ignore-not-found", "--wait=false", ...createdCrds]);
  await new PvcBinder((args, input) => ctx.kubectl.run(args, input)).cleanup();

  // The environment is gone: the cluster must be as it was before it (namespaces may take a moment).
  const last = applied.filter((a) => a.row.apply !== "skipped").at(-1) ?? applied[0];
  let extra: string[] = [];
  for (let i = 0; i < 60; i++) {
    const now = await ctx.kubectl.clusterObjects(TRACKED_KINDS);
    extra = [...now].filter((o) => !baseline.has(o));
    extra = await withoutCrdApiServices(extra, ctx.kubectl);
    if (extra.length === 0) break;
    await new Promise((res) => setTimeout(res, 1000));
  }
  if (extra.length > 0 && last) {
    last.row.destroy = last.row.destroy === "failed" ? "failed" : "leftovers";
    last.row.notes.push(`${env.name}: left in the cluster after destroying its stacks: ${extra.join(", ")}`);
  }
  const crds = [...(await ctx.kubectl.clusterObjects(["customresourcedefinitions.apiextensions.k8s.io"]))].filter((c) => !baselineCrds.has(c));
  if (crds.length > 0 && last) {
    last.row.notes.push(`${env.name}: CRDs kept after uninstall (helm never deletes a chart's CRDs): ${crds.join(", ")}`);
  }
  return [...applied.map((a) => a.row), dryRun];
}

/**
 * Deletes the aggregated APIServices (backed by a Service) that are not Available: a chart's API server
 * (metrics-server's v1beta1.metrics.k8s.io) cannot run in the test cluster, and while its group does not
 * answer discovery the namespace controller never finishes deleting any namespace. On a real cluster the
 * server runs. Returns their names.
 */
async function removeUnservedApiServices(kubectl: Kubectl): Promise<string[]> {
  const r = await kubectl.run(["get", "apiservices.apiregistration.k8s.io", "-o", "json"]);
  if (r.code !== 0) return [];
  type ApiService = { metadata: { name: string }; spec?: { service?: unknown }; status?: { conditions?: { type: string; status: string }[] } };
  const unserved = ((JSON.parse(r.stdout).items ?? []) as ApiService[])
    .filter((a) => a.spec?.service && !a.status?.conditions?.some((c) => c.type === "Available" && c.status === "True"))
    .map((a) => a.metadata.name);
  if (unserved.length > 0) await kubectl.run(["delete", "apiservices.apiregistration.k8s.io", "--ignore-not-found", ...unserved]);
  return unserved;
}

/**
 * Drops APIServices the API server registers itself for the CRDs a chart left behind (no `spec.service`):
 * they go with those CRDs, which are reported separately.
 */
async function withoutCrdApiServices(objects: string[], kubectl: Kubectl): Promise<string[]> {
  const out: string[] = [];
  for (const o of objects) {
    if (o.startsWith("apiservice.")) {
      const r = await kubectl.run(["get", o, "-o", "jsonpath={.spec.service}"]);
      if (r.code === 0 && r.stdout.trim() === "") continue;
    }
    out.push(o);
  }
  return out;
}

/**
 * The environment's row for the server-side dry-run of every chart its platform and apps stacks install
 * (scripts/lib/prove-dry-run.ts): "applied" counts the objects the API server admitted.
 */
async function dryRunEnvironment(env: EnvironmentConfig, scratch: string, ctx: Ctx): Promise<{ row: Row; createdCrds: string[] }> {
  const t0 = Date.now();
  const stack = `${env.name}-dry-run`;
  const row: Row = { stack, applied: 0, apply: "ok", replan: "n/a", drift: "n/a", destroy: "n/a", seconds: 0, notes: [] };
  const releases = ["platform", "apps"].flatMap((layer) => {
    const from = path.join(STACKS, `${env.name}-${layer}`);
    const file = path.join(from, "cdk.tf.json");
    return fs.existsSync(file) ? declaredReleases(`${env.name}-${layer}`, JSON.parse(fs.readFileSync(file, "utf8")), from) : [];
  });
  log(`${stack}: helm template + kubectl apply --dry-run=server of ${releases.length} releases`);
  const r = await dryRunReleases(releases, {
    kubectl: (args, input) => ctx.kubectl.run(args, input),
    exec: (cmd, args, input) => run(cmd, args, ROOT, process.env, input),
    helm: ctx.helm,
    kubeVersion: ctx.k8sVersion,
    scratch: path.join(scratch, stack),
    offlineChartDir: ctx.charts?.offlineChartDir,
    log,
  });
  row.applied = r.admitted;
  row.apply = r.failures.length === 0 ? "ok" : "failed";
  row.notes.push(`${stack}: ${r.releases}/${releases.length} releases rendered, ${r.objects} objects, ${r.admitted} admitted by the API server (dry run), ${r.crds} CRDs installed, ${r.failures.length} refused`);
  row.notes.push(...r.failures.map((f) => `${stack}: REFUSED ${f}`), ...r.notChecked.map((n) => `${stack}: not checked: ${n}`));
  row.seconds = (Date.now() - t0) / 1000;
  log(`${stack}: ${r.admitted} objects admitted, ${r.failures.length} refused`);
  for (const f of r.failures) log(`  REFUSED ${f}`);
  return { row, createdCrds: r.createdCrds };
}

/**
 * The self-check: a stack whose privileged pod sits in a namespace enforcing Pod Security "restricted"
 * must fail at apply, naming the pod's resource address and the API server's PodSecurity message.
 * Synthesized here from the product's own constructs, so it goes through exactly the path real stacks take.
 */
function synthBrokenStack(outdir: string): { stack: string; dir: string } {
  const stack = "prove-selfcheck-pod-security";
  const app = new App({ outdir });
  const s = new TerraformStack(app, stack);
  new ClusterProviders(s, "cluster", { clusterName: "selfcheck", kubeconfig: { path: "/nonexistent/kubeconfig", context: "selfcheck" } });
  const ns = new Namespace(s, "ns", { name: "prove-selfcheck", podSecurity: "restricted" });
  new PodV1(s, "privileged_pod", {
    metadata: { name: "privileged", namespace: ns.name },
    spec: { container: [{ name: "main", image: "registry.invalid/selfcheck:1", securityContext: { privileged: true } }] },
  });
  app.synth();
  return { stack, dir: path.join(outdir, "stacks", stack) };
}

/**
 * Installs (for real, server-side apply) the CRDs of operators whose chart is not obtainable offline, from the
 * operator's own Go module; returns chart name -> "module@version" for those installed.
 */
async function installCrdArtifacts(kubectl: Kubectl): Promise<Map<string, string>> {
  const installed = new Map<string, string>();
  for (const a of CRD_ARTIFACTS) {
    const files = crdFiles(a);
    const source = `${a.module}@${a.version}${a.exact ? "" : " (nearest served, not the chart's own)"}`;
    if (typeof files === "string") {
      log(`CRDs for ${a.chart} not installed: ${files}`);
      continue;
    }
    const r = await kubectl.run(["apply", "--server-side", "--force-conflicts", "--field-manager=prove", ...files.flatMap((f) => ["-f", f])]);
    if (r.code !== 0) {
      log(`CRDs for ${a.chart} from ${source} refused: ${r.stderr.trim().split("\n").slice(-2).join(" | ")}`);
      continue;
    }
    await kubectl.run(["wait", "--for=condition=Established", "--timeout=60s", ...files.flatMap((f) => ["-f", f])]);
    installed.set(a.chart, source);
    log(`installed ${files.length} CRDs for ${a.chart} from ${source} (${a.why})`);
  }
  return installed;
}

/**
 * Renders a one-template chart (a Deployment with a privileged container) into the self-check's namespace
 * through the dry-run; returns the finding that names it, or undefined when the dry-run let it through.
 */
async function dryRunSelfCheck(scratch: string, ctx: Ctx): Promise<string | undefined> {
  const chart = path.join(scratch, "selfcheck-chart");
  fs.mkdirSync(path.join(chart, "templates"), { recursive: true });
  fs.writeFileSync(path.join(chart, "Chart.yaml"), "apiVersion: v2\nname: selfcheck\nversion: 0.1.0\n");
  fs.writeFileSync(
    path.join(chart, "templates", "deployment.yaml"),
    [
      "apiVersion: apps/v1",
      "kind: Deployment",
      "metadata: { name: privileged }",
      "spec:",
      "  selector: { matchLabels: { app: privileged } }",
      "  template:",
      "    metadata: { labels: { app: privileged } }",
      "    spec:",
      "      containers:",
      "        - { name: main, image: registry.invalid/selfcheck:1, securityContext: { privileged: true } }",
      "",
    ].join("\n"),
  );
  const r = await dryRunReleases(
    [{ stack: "prove-selfcheck-dry-run", address: "helm_release.selfcheck", name: "selfcheck", namespace: "prove-selfcheck", chart, values: [], set: [], placeholders: [] }],
    { kubectl: (args, input) => ctx.kubectl.run(args, input), exec: (cmd, args, input) => run(cmd, args, ROOT, process.env, input), helm: ctx.helm, kubeVersion: ctx.k8sVersion, scratch: path.join(scratch, "selfcheck-dry-run"), log },
  );
  return r.failures.find((f) => /Deployment\/privileged.*would violate PodSecurity "restricted/.test(f));
}

function table(rows: readonly ProveResult[]): string {
  const head = ["stack", "applied", "apply", "re-plan", "drift", "upgrade", "destroy", "seconds"];
  const body = rows.map((r) => [r.stack, String(r.applied), r.apply, r.replan, r.drift, r.upgrade ?? "n/a", r.destroy, r.seconds.toFixed(1)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 1 || i === 7 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ");
  return [fmt(head), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(fmt)].join("\n");
}

function failed(r: ProveResult): boolean {
  return r.apply === "failed" || r.upgrade === "failed" || r.replan === "changes" || r.replan === "failed" || r.drift === "missed" || r.drift === "failed" || r.destroy === "leftovers" || r.destroy === "failed";
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(
      [
        "usage: npm run prove [-- [--kubernetes-only | --aws-infra-results FILE] <environment> ...]",
        "Applies, re-plans, drifts and destroys the Kubernetes layers (and aws-*-infra on moto) of the named environments (default: all).",
        "  --kubernetes-only          skip aws-*-infra on moto (its row says so); the Kubernetes layers and the dry-run still run",
        "  --aws-infra-results FILE   take the aws-*-infra rows from FILE, written by an earlier",
        "                             `npm run prove:aws -- --json FILE ...` (npm test runs that in the background,",
        "                             while the scan, lint and app tests use the CPU); a missing row fails",
      ].join("\n"),
    );
    return 0;
  }
  const args = [...argv];
  const resultsAt = args.indexOf("--aws-infra-results");
  const awsResultsFile = resultsAt >= 0 ? args.splice(resultsAt, 2)[1] : undefined;
  if (resultsAt >= 0 && (awsResultsFile === undefined || awsResultsFile.startsWith("-"))) throw new Error("--aws-infra-results needs a file; see npm run prove -- --help");
  const kubernetesOnly = args.includes("--kubernetes-only");
  if (kubernetesOnly && awsResultsFile) throw new Error("--kubernetes-only and --aws-infra-results exclude each other");
  const unknownFlags = args.filter((a) => a.startsWith("-") && a !== "--kubernetes-only");
  if (unknownFlags.length > 0) throw new Error(`unknown option(s) ${unknownFlags.join(", ")}; see npm run prove -- --help`);
  const envs = loadEnvironments(args.filter((a) => !a.startsWith("-")));
  const earlierAws = awsResultsFile ? readAwsResults(awsResultsFile) : undefined;
  const source = await providerSource();
  const tfEnv = terraformEnv(source, log);
  const tfVersion = JSON.parse(execFileSync("terraform", ["version", "-json"], { env: tfEnv, encoding: "utf8" })).terraform_version as string;
  const testenv = startTestenv();
  const stopsCluster = testenv.startedHere && process.env.ORDERBOOK_PROVE_KEEP_CLUSTER !== "1";
  const kubectl = new Kubectl(testenv);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "orderbook-prove-"));
  // Killed before the finally below (Ctrl-C, a CI timeout), this run would leave behind the control plane it
  // started (the next run would reuse it and, not having started it, never stop it) and a scratch directory
  // holding the cluster's admin key.
  const release = stopOnExit("the test control plane this run started, and the scratch directory", () => {
    fs.rmSync(scratch, { recursive: true, force: true });
    if (stopsCluster) execFileSync("bash", [TESTENV_SCRIPT, "stop"], { stdio: "ignore", timeout: 2 * 60 * 1000 });
  });
  const credential = path.join(scratch, "testenv-credential");
  const cert = fs.readFileSync(path.join(testenv.pki, "admin.crt"), "utf8");
  const key = fs.readFileSync(path.join(testenv.pki, "admin.key"), "utf8");
  const execCredential = (apiVersion: string) => JSON.stringify({ apiVersion, kind: "ExecCredential", status: { clientCertificateData: cert, clientKeyData: key } });
  // Stands in for `aws eks get-token` / gke-gcloud-auth-plugin: the test cluster's admin client certificate.
  fs.writeFileSync(path.join(scratch, "credential.json"), execCredential("client.authentication.k8s.io/v1beta1"));
  fs.writeFileSync(credential, `#!/bin/sh\ncat '${path.join(scratch, "credential.json")}'\n`, { mode: 0o755 });
  const cluster: TestCluster = {
    server: testenv.server,
    caPem: fs.readFileSync(path.join(testenv.pki, "ca.crt"), "utf8"),
    kubeconfigPath: testenv.kubeconfig,
    context: testenv.context,
    credentialCommand: credential,
  };
  const charts: OfflineCharts = { offlineChartDir };
  const aws = await optionalModule<ProveAws>("prove-aws");
  const helm = execFileSync("bash", [path.join(ROOT, "scripts", "go-tool.sh"), "helm"], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
  const crdStandIns = await installCrdArtifacts(kubectl);
  const ctx: Ctx = { cluster, source, env: tfEnv, tfVersion, charts, kubectl, helm, k8sVersion: testenv.version.replace(/^v/, ""), crdStandIns };

  const rows: ProveResult[] = [];
  let selfcheckOk = false;
  try {
    log("self-check: a privileged pod in a namespace enforcing Pod Security \"restricted\" must be refused");
    const broken = synthBrokenStack(path.join(scratch, "selfcheck-synth"));
    const check = await applyStack(broken.stack, broken.dir, scratch, ctx);
    // The same namespace, while it exists: a chart's Deployment whose pods would violate "restricted" is
    // admitted by the API server (Pod Security only warns for controllers), so the dry-run must refuse it.
    const dryCheck = await dryRunSelfCheck(scratch, ctx);
    await destroyStack(check, ctx);
    const caught = check.row.notes.find((n) => /kubernetes_pod_v1\.\S+: .*violates PodSecurity "restricted/.test(n));
    selfcheckOk = check.row.apply === "failed" && caught !== undefined && dryCheck !== undefined;
    log(caught ? `self-check (apply) passed: ${caught}` : `self-check FAILED: the broken stack was not refused at apply: ${check.row.notes.join(" | ") || check.row.apply}`);
    log(dryCheck ? `self-check (dry-run) passed: ${dryCheck}` : "self-check FAILED: the dry-run admitted a Deployment whose pods violate Pod Security \"restricted\"");

    for (const env of envs) {
      log(`== ${env.name} (target ${env.target})`);
      const infra = `${env.name}-infra`;
      if (env.target === "aws") {
        if (earlierAws) {
          rows.push(earlierAws.get(infra) ?? { stack: infra, applied: 0, apply: "failed", replan: "skipped", drift: "skipped", destroy: "skipped", seconds: 0, notes: [`${infra}: no row in ${awsResultsFile} (${earlierAws.size === 0 ? "the file is missing or unreadable: did the background npm run prove:aws fail? see its log" : `it holds ${[...earlierAws.keys()].join(", ")}`})`] });
        } else if (kubernetesOnly) {
          rows.push({ stack: infra, applied: 0, apply: "skipped", replan: "skipped", drift: "skipped", destroy: "skipped", seconds: 0, notes: [`${infra}: skipped: --kubernetes-only`] });
        } else if (!aws) {
          rows.push({ stack: infra, applied: 0, apply: "skipped", replan: "skipped", drift: "skipped", destroy: "skipped", seconds: 0, notes: [`${infra}: skipped: not built yet (scripts/lib/prove-aws.ts, AWS against moto)`] });
        } else {
          rows.push(await aws.proveAwsInfra(env, (line) => log(`${infra}: ${line}`)));
        }
      } else {
        const why = env.target === "gcp" ? "no emulator for GKE and Cloud SQL" : "k3d needs Docker, which this machine does not have";
        rows.push({ stack: infra, applied: 0, apply: "skipped", replan: "skipped", drift: "skipped", destroy: "skipped", seconds: 0, notes: [`${infra}: not applied: ${why}; it stays at validate + scan`] });
      }
      rows.push(...(await proveEnvironment(env, scratch, ctx)));
    }
  } finally {
    release();
    fs.rmSync(scratch, { recursive: true, force: true });
    if (stopsCluster) {
      log("stopping the test control plane this run started (ORDERBOOK_PROVE_KEEP_CLUSTER=1 keeps it)");
      execFileSync("bash", [TESTENV_SCRIPT, "stop"], { stdio: ["ignore", "inherit", "inherit"] });
    }
  }

  console.log(`\n${table(rows)}\n`);
  const notes = rows.flatMap((r) => r.notes);
  if (notes.length > 0) console.log(`notes:\n${notes.map((n) => `  - ${n}`).join("\n")}\n`);
  const bad = rows.filter(failed);
  const proven = rows.filter((r) => r.apply === "ok" && !failed(r)).length;
  console.log(`prove: ${proven}/${rows.length} stacks applied, re-planned empty, drift-checked and destroyed; ${bad.length} failed; ${rows.filter((r) => r.apply === "skipped").length} not applied (see notes); self-check ${selfcheckOk ? "passed" : "FAILED"}; ${elapsed().trim()}`);
  return bad.length === 0 && selfcheckOk ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e) => {
    console.error(`prove: ${(e as Error).message}`);
    process.exitCode = 1;
  },
);

/**
 * TEST TOOLING, the dry-run part of `npm run prove`: every helm release our `<env>-platform` and `<env>-apps`
 * stacks declare (including releases the apply rung had to leave out, when their chart can be had offline)
 * is rendered with the values the stack passes (`helm template`), and every rendered object is sent to the
 * test control plane with `kubectl apply --server-side --dry-run=server`: real admission, with the CRD
 * schemas and their CEL rules, Pod Security of the real namespace (its labels as the stack set them), and
 * defaulting/validation of built-in kinds. Nothing is stored except CRDs: a chart's CRDs are applied for real
 * first, as helm would (they stay, as helm leaves them).
 *
 * It runs while the environment is applied, so the namespaces exist with their Pod Security labels. Pod
 * Security only warns for workload controllers (a Deployment is admitted, its pods would be refused): the
 * warning is a failure here. Objects a webhook must admit cannot be checked (no webhook runs): they are
 * listed, not failed. Nothing in the product uses this file.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { withOfflineDependencies } from "./offline-charts";
import { podSpec } from "./pod-checks";
import { STAND_IN_NUMBER } from "./prove-workdir";

type Json = Record<string, any>;
type Exec = (cmd: string, args: string[], input?: string) => Promise<{ code: number; stdout: string; stderr: string }>;

/** One release as the stack declares it, with its interpolations resolved for the dry-run. */
export interface DeclaredRelease {
  readonly stack: string;
  readonly address: string;
  readonly name: string;
  readonly namespace: string;
  /** Chart path (absolute) for in-repo charts, else the chart name. */
  readonly chart: string;
  readonly repository?: string;
  readonly version?: string;
  /** YAML documents, in order. */
  readonly values: string[];
  /** `set` entries (name, value). */
  readonly set: { name: string; value: string }[];
  /** Interpolations that could not be resolved and were given a placeholder. */
  readonly placeholders: string[];
}

const INTERPOLATION = /\$\{([^}]+)\}/g;

/**
 * Resolves `${...}` in one string: a namespace resource's name becomes that name; anything else (an infra
 * output from remote state) becomes `prove-stand-in:<last segment>` and is recorded.
 */
export function resolveInterpolations(text: string, tf: Json, placeholders: string[]): string {
  return text.replace(INTERPOLATION, (_all, expr: string, offset: number) => {
    const ns = /^kubernetes_namespace(?:_v1)?\.([A-Za-z0-9_-]+)\.metadata\[0\]\.name$/.exec(expr);
    if (ns) {
      const type = tf.resource?.kubernetes_namespace_v1?.[ns[1]] ? "kubernetes_namespace_v1" : "kubernetes_namespace";
      const meta = tf.resource?.[type]?.[ns[1]]?.metadata;
      const name = (Array.isArray(meta) ? meta[0] : meta)?.name;
      if (typeof name === "string" && !name.includes("${")) return name;
    }
    placeholders.push(expr);
    // Bare in JSON (`"port":${...}`): a number, as the apply's stand-in state gives it.
    if (text[offset - 1] === ":") return String(STAND_IN_NUMBER);
    // `outputs.names["key"]` -> `names.key`, as the apply's stand-in map has it (and no quote breaks the JSON).
    const last = (/\.outputs\.(.+)$/.exec(expr)?.[1] ?? expr.split(".").pop() ?? expr).replace(/\["([^"]+)"\]/g, ".$1");
    return `prove-stand-in:${last}`;
  });
}

/** The helm releases of a synthesized stack (`from` is its folder, for relative chart paths). */
export function declaredReleases(stack: string, tf: Json, from: string): DeclaredRelease[] {
  return Object.entries((tf.resource?.helm_release ?? {}) as Record<string, Json>).map(([id, r]) => {
    const placeholders: string[] = [];
    const str = (v: unknown) => resolveInterpolations(String(v), tf, placeholders);
    const remote = r.repository !== undefined || /^(oci|https?):\/\//.test(String(r.chart));
    return {
      stack,
      address: `helm_release.${id}`,
      name: str(r.name),
      namespace: str(r.namespace ?? "default"),
      chart: remote ? String(r.chart) : path.resolve(from, String(r.chart)),
      repository: r.repository === undefined ? undefined : String(r.repository),
      version: r.version === undefined ? undefined : String(r.version),
      values: ((r.values ?? []) as unknown[]).map(str),
      set: ((r.set ?? []) as Json[]).map((s) => ({ name: String(s.name), value: str(s.value) })),
      placeholders,
    };
  });
}

/** What the dry-run of one environment found. */
export interface DryRunResult {
  releases: number;
  objects: number;
  admitted: number;
  crds: number;
  /** CRDs the dry-run created (none existed): to delete after the environment, so a later helm release can own them. */
  createdCrds: string[];
  /** Refusals by the API server and Pod Security warnings: each a failure. */
  failures: string[];
  /** Releases not rendered (no offline chart) and objects only a webhook could admit. */
  notChecked: string[];
}

/** `kind/name` of a rendered object, for messages. */
const id = (o: Json) => `${o.kind}/${o.metadata?.name}${o.metadata?.namespace ? ` (namespace ${o.metadata.namespace})` : ""}`;

/** Splits kubectl's stderr into refusals, webhook refusals and Pod Security warnings. */
export function classify(stderr: string): { refused: string[]; webhook: string[]; podSecurity: string[]; noCrd: string[] } {
  const refused: string[] = [];
  const webhook: string[] = [];
  const podSecurity: string[] = [];
  const noCrd: string[] = [];
  for (const line of stderr.split("\n").map((l) => l.trim()).filter(Boolean)) {
    if (/would violate PodSecurity/.test(line)) podSecurity.push(line.replace(/^Warning: /, ""));
    else if (/no matches for kind|ensure CRDs are installed first/.test(line)) noCrd.push(line);
    else if (/failed calling webhook|no endpoints available for service|connection refused/.test(line)) webhook.push(line);
    else if (/^(Error|error)/.test(line)) refused.push(line);
  }
  return { refused, webhook, podSecurity, noCrd };
}

export interface DryRunContext {
  /** Runs kubectl against the test cluster. */
  readonly kubectl: (args: string[], input?: string) => Promise<{ code: number; stdout: string; stderr: string }>;
  readonly exec: Exec;
  readonly helm: string;
  readonly kubeVersion: string;
  readonly scratch: string;
  readonly offlineChartDir?: (repository: string, chart: string, version: string) => Promise<string | undefined>;
  readonly log: (line: string) => void;
}

/** Renders and dry-runs every release; see the file comment. */
export async function dryRunReleases(releases: readonly DeclaredRelease[], ctx: DryRunContext): Promise<DryRunResult> {
  const result: DryRunResult = { releases: 0, objects: 0, admitted: 0, crds: 0, createdCrds: [], failures: [], notChecked: [] };
  const apiVersions = (await ctx.kubectl(["api-versions"])).stdout.split("\n").filter(Boolean);
  fs.mkdirSync(ctx.scratch, { recursive: true });
  for (const r of releases) {
    const where = `${r.stack}: ${r.address}`;
    let dir = r.chart;
    if (r.repository !== undefined || /^(oci|https?):\/\//.test(r.chart)) {
      const repository = r.repository ?? r.chart.slice(0, r.chart.lastIndexOf("/"));
      const chart = r.repository !== undefined ? r.chart : r.chart.slice(r.chart.lastIndexOf("/") + 1);
      const local = ctx.offlineChartDir && r.version ? await ctx.offlineChartDir(repository, chart, r.version) : undefined;
      if (!local) {
        result.notChecked.push(`${where}: not rendered: chart ${repository}/${chart}@${r.version ?? "(no version)"} not obtainable offline`);
        continue;
      }
      dir = local;
    } else {
      const offline = await withOfflineDependencies(r.chart, ctx.scratch);
      if (offline.missing.length > 0) {
        result.notChecked.push(`${where}: not rendered: its chart's dependencies ${offline.missing.join(", ")} are not obtainable offline`);
        continue;
      }
      if (offline.rewritten.length > 0) {
        const update = await ctx.exec(ctx.helm, ["dependency", "update", offline.dir]);
        if (update.code !== 0) {
          result.failures.push(`${where}: helm dependency update failed: ${update.stderr.trim().split("\n").slice(-3).join(" | ")}`);
          continue;
        }
        dir = offline.dir;
      }
    }
    const args = ["template", r.name, dir, "--namespace", r.namespace, "--kube-version", ctx.kubeVersion, "--include-crds"];
    for (const v of apiVersions) args.push("--api-versions", v);
    r.values.forEach((v, i) => {
      const file = path.join(ctx.scratch, `${r.name}-values-${i}.yaml`);
      fs.writeFileSync(file, v);
      args.push("-f", file);
    });
    for (const s of r.set) args.push("--set-string", `${s.name}=${s.value}`);
    const rendered = await ctx.exec(ctx.helm, args);
    if (rendered.code !== 0) {
      result.failures.push(`${where}: helm template failed: ${rendered.stderr.trim().split("\n").slice(-3).join(" | ")}`);
      continue;
    }
    result.releases++;
    if (r.placeholders.length > 0) result.notChecked.push(`${where}: rendered with placeholders for ${[...new Set(r.placeholders)].join(", ")}`);
    const docs = YAML.parseAllDocuments(rendered.stdout)
      .map((d) => d.toJSON() as Json)
      .filter((d) => d && typeof d === "object" && d.kind);
    const crds = docs.filter((d) => d.kind === "CustomResourceDefinition");
    const rest = docs.filter((d) => d.kind !== "CustomResourceDefinition");
    result.objects += docs.length;

    if (crds.length > 0) {
      for (const c of crds) if ((await ctx.kubectl(["get", "crd", c.metadata.name, "-o", "name"])).code !== 0) result.createdCrds.push(c.metadata.name);
      // As helm installs them: for real, before anything that uses them.
      const applied = await ctx.kubectl(["apply", "--server-side", "--force-conflicts", "--field-manager=prove-dry-run", "-f", "-"], crds.map((c) => YAML.stringify(c)).join("---\n"));
      if (applied.code !== 0) result.failures.push(...classify(applied.stderr).refused.map((e) => `${where}: CRD: ${e}`));
      else result.crds += crds.length;
      await ctx.kubectl(["wait", "--for=condition=Established", "--timeout=60s", ...crds.map((c) => `crd/${c.metadata.name}`)]);
    }

    // Each object in its own namespace (a chart may put a Role in kube-system); a namespace the stacks did
    // not create (their apply failed) cannot be checked.
    const nsOf = (o: Json) => o.metadata?.namespace ?? r.namespace;
    const present = new Set<string>();
    for (const ns of new Set(rest.map(nsOf))) {
      if ((await ctx.kubectl(["get", "namespace", ns, "-o", "name"])).code === 0) present.add(ns);
      else result.notChecked.push(`${where}: ${rest.filter((o) => nsOf(o) === ns).length} objects not checked: namespace ${ns} does not exist (its stack did not apply)`);
    }
    const dryRun = async (objs: Json[], ns: string, label: string) => {
      if (objs.length === 0) return;
      const send = () =>
        ctx.kubectl(
          ["apply", "--server-side", "--dry-run=server", "--force-conflicts", "--field-manager=prove-dry-run", "--namespace", ns, "-f", "-"],
          objs.map((o) => YAML.stringify(o)).join("---\n"),
        );
      let out = await send();
      // kubectl fetches /openapi/v2 first; on the loaded test server that can time out: the machine, not the chart.
      if (out.code !== 0 && /Client\.Timeout exceeded|request canceled/.test(out.stderr)) out = await send();
      const c = classify(out.stderr);
      result.admitted += out.stdout.split("\n").filter((l) => /\(server dry run\)/.test(l)).length;
      result.failures.push(...c.refused.map((e) => `${where}: ${e}`));
      result.failures.push(...c.podSecurity.map((w) => `${where}: ${label}: ${w}`));
      result.notChecked.push(...c.webhook.map((e) => `${where}: only a webhook could admit it (no webhook runs in the test cluster): ${e}`));
      result.notChecked.push(...c.noCrd.filter((e) => !/ensure CRDs are installed first$/.test(e)).map((e) => `${where}: its CRD is not installed (the operator's chart and CRDs are not obtainable offline): ${e}`));
      if (out.code !== 0 && c.refused.length === 0 && c.webhook.length === 0 && c.noCrd.length === 0) {
        result.failures.push(`${where}: kubectl apply --dry-run=server failed: ${out.stderr.trim().split("\n").slice(-2).join(" | ")}`);
      }
    };
    for (const ns of present) {
      const inNs = rest.filter((o) => nsOf(o) === ns);
      // Workloads one at a time, so a Pod Security warning names its object; the rest in one call.
      for (const w of inNs.filter((o) => podSpec(o))) await dryRun([w], ns, id(w));
      await dryRun(inNs.filter((o) => !podSpec(o)), ns, "objects");
    }
  }
  return result;
}

/**
 * `npm run budget -- [<env>] [--json]`: CPU and memory requests and limits of every workload an environment
 * deploys (platform add-ons, the custom resources their operators run, and the apps), from the values the
 * synthesized stacks pass to Helm. Prints a table per namespace and, last, one line of JSON. For the
 * environment whose sizing profile carries a budget (local: `compact`, what a 16 GB Mac Mini can give) it
 * exits 1 when the total exceeds it.
 */
import { App } from "cdktf";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadEnvironments } from "../environments/load";
import type { EnvironmentConfig } from "../environments/schema";
import { buildEnvironment } from "../stacks/environment";
import { applyPolicy } from "../stacks/policy";
import { capabilitiesOf } from "../constructs/addons/capabilities";
import { sizingOf, type ResourceBudget } from "../constructs/addons/sizing";
import { clusterNodes } from "../constructs/addons/quota";
import { overBudget, overQuota, quotasOfStacks, totals, workloadsOfStacks, type BudgetTotals, type QuotaHard, type Workload } from "./lib/budget";

/** Synthesizes the environment in a scratch folder and reads its platform and apps stacks. */
export function synthesizedUpperStacks(env: EnvironmentConfig): Record<string, any>[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "budget-"));
  try {
    const app = new App({ outdir });
    buildEnvironment(app, env);
    applyPolicy(app);
    app.synth();
    return ["platform", "apps"].map((layer) => JSON.parse(fs.readFileSync(path.join(outdir, "stacks", `${env.name}-${layer}`, "cdk.tf.json"), "utf8")));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Nodes a DaemonSet runs on: every pool at its minimum (k3d: one agent per pool node, plus the server). */
export function nodeCount(env: EnvironmentConfig): number {
  return clusterNodes(env, "steady");
}

/** The ceiling of an environment: its sizing profile's budget; undefined when the profile has none. */
export function budgetOf(env: EnvironmentConfig): ResourceBudget | undefined {
  return sizingOf(env, capabilitiesOf(env).sizing).budget;
}

export function environmentBudget(env: EnvironmentConfig): {
  workloads: Workload[];
  byNamespace: Record<string, BudgetTotals>;
  all: BudgetTotals;
  quotas: Record<string, QuotaHard>;
} {
  const stacks = synthesizedUpperStacks(env);
  const workloads = workloadsOfStacks(stacks, nodeCount(env));
  return { workloads, ...totals(workloads), quotas: quotasOfStacks(stacks) };
}

const fmtCpu = (c: number) => (c === 0 ? "-" : c.toFixed(2));
const fmtMiB = (m: number) => (m === 0 ? "-" : String(Math.round(m)));

function table(byNamespace: Record<string, BudgetTotals>, all: BudgetTotals, workloads: readonly Workload[], quotas: Record<string, QuotaHard>): string {
  const rows = Object.entries(byNamespace).sort(([a], [b]) => a.localeCompare(b));
  const head = ["namespace", "pods", "req CPU", "req MiB", "lim CPU", "lim MiB", "quota req CPU", "quota req MiB", "quota lim MiB"];
  // The quota columns are ceilings (what the namespace's ResourceQuota admits at full scale), never added to the totals.
  const quota = (ns: string) => {
    const q = quotas[ns];
    if (!q) return ["none", "none", "none"];
    return [q.requestsCpu === undefined ? "-" : q.requestsCpu.toFixed(2), q.requestsMemoryMiB === undefined ? "-" : String(Math.round(q.requestsMemoryMiB)), q.limitsMemoryMiB === undefined ? "-" : String(Math.round(q.limitsMemoryMiB))];
  };
  const body = rows.map(([ns, t]) => [
    ns,
    String(workloads.filter((w) => w.namespace === ns).reduce((n, w) => n + w.count, 0)),
    fmtCpu(t.requestsCpu), fmtMiB(t.requestsMemoryMiB), fmtCpu(t.limitsCpu), fmtMiB(t.limitsMemoryMiB),
    ...quota(ns),
  ]);
  body.push(["total", String(workloads.reduce((n, w) => n + w.count, 0)), fmtCpu(all.requestsCpu), fmtMiB(all.requestsMemoryMiB), fmtCpu(all.limitsCpu), fmtMiB(all.limitsMemoryMiB), "", "", ""]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(head), ...body.map(line)].join("\n");
}

function main(argv: readonly string[]): number {
  const names = argv.filter((a) => !a.startsWith("--"));
  const [env] = loadEnvironments(names.length > 0 ? names.slice(0, 1) : ["local"]);
  const { workloads, byNamespace, all, quotas } = environmentBudget(env);
  console.log(`Resource budget of ${env.name} (${workloads.length} workload specs, DaemonSets on ${nodeCount(env)} nodes; quota columns: the namespace's ResourceQuota, a ceiling not counted in the totals):\n`);
  console.log(table(byNamespace, all, workloads, quotas));
  const noLimit = workloads.filter((w) => w.limits.memoryMiB === 0).map((w) => `${w.release}:${w.path}`);
  if (noLimit.length > 0) console.log(`\nwithout a memory limit: ${noLimit.join(", ")}`);
  let status = 0;
  const refused = overQuota(byNamespace, quotas);
  if (refused.length > 0) {
    console.log(`\nOVER a namespace's quota (its pods would be refused): ${refused.join("; ")}`);
    status = 1;
  }
  const budget = budgetOf(env);
  if (budget) {
    const over = overBudget(all, budget);
    console.log(
      over.length === 0
        ? `\nwithin the Mac Mini budget (requests <= ${budget.requestsCpu} CPU and ${budget.requestsMemoryMiB} MiB, limits <= ${budget.limitsMemoryMiB} MiB)`
        : `\nOVER the Mac Mini budget: ${over.join("; ")}`,
    );
    if (over.length > 0) status = 1;
  }
  const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
  console.log(JSON.stringify({ env: env.name, requestsCpu: round(all.requestsCpu), requestsMemoryMiB: Math.round(all.requestsMemoryMiB), limitsCpu: round(all.limitsCpu), limitsMemoryMiB: Math.round(all.limitsMemoryMiB) }));
  return status;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));

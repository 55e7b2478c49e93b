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
import { overBudget, totals, workloadsOfStacks, type BudgetTotals, type Workload } from "./lib/budget";

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
  const agents = env.cluster.nodePools.reduce((n, p) => n + Math.max(p.minNodes, 1), 0);
  return env.target === "local" ? agents + 1 : agents;
}

/** The ceiling of an environment: its sizing profile's budget; undefined when the profile has none. */
export function budgetOf(env: EnvironmentConfig): ResourceBudget | undefined {
  return sizingOf(env, capabilitiesOf(env).sizing).budget;
}

export function environmentBudget(env: EnvironmentConfig): { workloads: Workload[]; byNamespace: Record<string, BudgetTotals>; all: BudgetTotals } {
  const workloads = workloadsOfStacks(synthesizedUpperStacks(env), nodeCount(env));
  return { workloads, ...totals(workloads) };
}

const fmtCpu = (c: number) => (c === 0 ? "-" : c.toFixed(2));
const fmtMiB = (m: number) => (m === 0 ? "-" : String(Math.round(m)));

function table(byNamespace: Record<string, BudgetTotals>, all: BudgetTotals, workloads: readonly Workload[]): string {
  const rows = Object.entries(byNamespace).sort(([a], [b]) => a.localeCompare(b));
  const head = ["namespace", "pods", "req CPU", "req MiB", "lim CPU", "lim MiB"];
  const body = rows.map(([ns, t]) => [
    ns,
    String(workloads.filter((w) => w.namespace === ns).reduce((n, w) => n + w.count, 0)),
    fmtCpu(t.requestsCpu), fmtMiB(t.requestsMemoryMiB), fmtCpu(t.limitsCpu), fmtMiB(t.limitsMemoryMiB),
  ]);
  body.push(["total", String(workloads.reduce((n, w) => n + w.count, 0)), fmtCpu(all.requestsCpu), fmtMiB(all.requestsMemoryMiB), fmtCpu(all.limitsCpu), fmtMiB(all.limitsMemoryMiB)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(head), ...body.map(line)].join("\n");
}

function main(argv: readonly string[]): number {
  const names = argv.filter((a) => !a.startsWith("--"));
  const [env] = loadEnvironments(names.length > 0 ? names.slice(0, 1) : ["local"]);
  const { workloads, byNamespace, all } = environmentBudget(env);
  console.log(`Resource budget of ${env.name} (${workloads.length} workload specs, DaemonSets on ${nodeCount(env)} nodes):\n`);
  console.log(table(byNamespace, all, workloads));
  const noLimit = workloads.filter((w) => w.limits.memoryMiB === 0).map((w) => `${w.release}:${w.path}`);
  if (noLimit.length > 0) console.log(`\nwithout a memory limit: ${noLimit.join(", ")}`);
  let status = 0;
  const budget = budgetOf(env);
  if (budget) {
    const over = overBudget(all, budget);
    console.log(
      over.length === 0
        ? `\nwithin the Mac Mini budget (requests <= ${budget.requestsCpu} CPU and ${budget.requestsMemoryMiB} MiB, limits <= ${budget.limitsMemoryMiB} MiB)`
        : `\nOVER the Mac Mini budget: ${over.join("; ")}`,
    );
    status = over.length === 0 ? 0 : 1;
  }
  const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
  console.log(JSON.stringify({ env: env.name, requestsCpu: round(all.requestsCpu), requestsMemoryMiB: Math.round(all.requestsMemoryMiB), limitsCpu: round(all.limitsCpu), limitsMemoryMiB: Math.round(all.limitsMemoryMiB) }));
  return status;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));

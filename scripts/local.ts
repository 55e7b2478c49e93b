/**
 * `npm run local:up | local:down | local:status [-- --dry-run] [--env NAME]`: the whole exchange on a
 * developer's machine (k3d), in one command.
 *
 * up:     checks prerequisites, builds the three app images for the host's CPU, synthesizes the
 *         environment, deploys `<env>-infra` (the k3d cluster), imports the images into it, deploys
 *         `<env>-platform` and `<env>-apps`, waits until every pod is ready, then prints the URLs.
 * down:   destroys the stacks in reverse order (the infra destroy deletes the k3d cluster).
 * status: what runs, and every pod that is not ready.
 * --dry-run prints every command in order without running any (nothing is checked or changed).
 */
import { spawnSync } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { loadEnvironments } from "../environments/load";
import type { EnvironmentConfig, LocalEnvironment } from "../environments/schema";
import { Naming } from "../constructs/core/naming";
import { publicUrl } from "../constructs/apps/public-url";

/** One command: argv and, for terraform, the folder it runs in. */
export interface Command {
  readonly argv: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

/** One numbered step of a plan; its commands run in order and the first failure stops everything. */
export interface Step {
  readonly title: string;
  readonly commands: readonly Command[];
}

/** Tools `local:up` needs, with how to get each on a Mac. */
export const PREREQUISITES: ReadonlyArray<{ readonly tool: string; readonly install: string }> = [
  { tool: "docker", install: "Docker Desktop, OrbStack or colima (`brew install colima docker && colima start --memory 12`)" },
  { tool: "k3d", install: "`brew install k3d` (k3d >= 5.8)" },
  { tool: "kubectl", install: "`brew install kubectl`" },
];

/** Memory Docker must have for the local budget (`npm run budget -- local`: limits <= 12 GiB). */
export const MIN_DOCKER_MEMORY_GIB = 8;

/** The facts of an environment the plan needs; derived once so the plan itself is a pure function. */
export interface LocalFacts {
  readonly env: LocalEnvironment;
  readonly clusterName: string;
  readonly kubeconfig: string;
  readonly context: string;
  /** `terraform` or `tofu`. */
  readonly terraform: string;
  /** Docker platform of the host, e.g. `linux/arm64` on Apple silicon. */
  readonly platform: string;
}

const APPS = ["engine", "api", "frontend"] as const;

function expandHome(p: string): string {
  return p.startsWith("~/") ? path.join(os.homedir(), p.slice(2)) : p;
}

export function localFacts(env: EnvironmentConfig, terraform: string, arch: string = process.arch): LocalFacts {
  if (env.target !== "local") throw new Error(`environment ${env.name} has target "${env.target}"; local:up needs a "local" environment`);
  const clusterName = new Naming(env.name).name(["k3d"], 32);
  return {
    env,
    clusterName,
    kubeconfig: expandHome(env.local.kubeconfigPath),
    context: `k3d-${clusterName}`,
    terraform,
    platform: arch === "arm64" ? "linux/arm64" : "linux/amd64",
  };
}

function image(f: LocalFacts, app: (typeof APPS)[number]): string {
  return `${f.env.apps[app].image}:${f.env.apps[app].tag}`;
}

function tf(f: LocalFacts, layer: string, ...args: string[]): Command {
  return { argv: [f.terraform, `-chdir=cdktf.out/stacks/${f.env.name}-${layer}`, ...args] };
}

function kubectl(f: LocalFacts, ...args: string[]): Command {
  return { argv: ["kubectl", "--kubeconfig", f.kubeconfig, "--context", f.context, ...args] };
}

function deploy(f: LocalFacts, layer: string): Step {
  return {
    title: `deploy ${f.env.name}-${layer}`,
    commands: [tf(f, layer, "init", "-input=false"), tf(f, layer, "apply", "-input=false", "-auto-approve")],
  };
}

/** Everything `local:up` does, in order. */
export function upPlan(f: LocalFacts): Step[] {
  return [
    {
      title: `build the app images for ${f.platform}`,
      commands: APPS.map((app) => ({
        argv: ["docker", "build", "--platform", f.platform, "-f", `apps/${app}/Dockerfile`, "-t", image(f, app), "."],
      })),
    },
    { title: `synthesize ${f.env.name}`, commands: [{ argv: ["npm", "run", "--silent", "synth", "--", f.env.name] }] },
    deploy(f, "infra"),
    { title: `import the images into ${f.clusterName}`, commands: [{ argv: ["k3d", "image", "import", "--cluster", f.clusterName, ...APPS.map((a) => image(f, a))] }] },
    deploy(f, "platform"),
    deploy(f, "apps"),
    {
      title: "wait until every workload is ready",
      commands: [
        kubectl(f, "wait", "--for=condition=Ready", "pods", "--all", "--all-namespaces", "--field-selector=status.phase!=Succeeded", "--timeout=900s"),
      ],
    },
  ];
}

/** Everything `local:down` does, in order: the reverse of up; the infra destroy deletes the cluster. */
export function downPlan(f: LocalFacts): Step[] {
  return ["apps", "platform", "infra"].map((layer) => ({
    title: `destroy ${f.env.name}-${layer}`,
    commands: [tf(f, layer, "init", "-input=false"), tf(f, layer, "destroy", "-input=false", "-auto-approve")],
  }));
}

/** What `local:status` runs; the pod list is then summarised by `podHealth`. */
export function statusPlan(f: LocalFacts): Step[] {
  return [
    { title: "k3d cluster", commands: [{ argv: ["k3d", "cluster", "list", f.clusterName] }] },
    { title: "nodes", commands: [kubectl(f, "get", "nodes", "-o", "wide")] },
  ];
}

/** The command whose JSON `podHealth` reads. */
export function podsCommand(f: LocalFacts): Command {
  return kubectl(f, "get", "pods", "--all-namespaces", "-o", "json");
}

interface PodList {
  items: Array<{
    metadata: { namespace: string; name: string };
    status: { phase?: string; reason?: string; conditions?: Array<{ type: string; status: string }>; containerStatuses?: Array<{ name: string; state?: Record<string, { reason?: string }> }> };
  }>;
}

/** Ready pods per namespace, and each pod that is neither ready nor finished, with the reason Kubernetes gives. */
export function podHealth(list: PodList): { readyByNamespace: Record<string, string>; unhealthy: string[] } {
  const counts: Record<string, { ready: number; total: number }> = {};
  const unhealthy: string[] = [];
  for (const pod of list.items) {
    if (pod.status.phase === "Succeeded") continue;
    const ns = pod.metadata.namespace;
    counts[ns] ??= { ready: 0, total: 0 };
    counts[ns].total++;
    if (pod.status.conditions?.some((c) => c.type === "Ready" && c.status === "True")) {
      counts[ns].ready++;
      continue;
    }
    const waiting = pod.status.containerStatuses?.map((c) => Object.values(c.state ?? {})[0]?.reason).find(Boolean);
    unhealthy.push(`${ns}/${pod.metadata.name}: ${waiting ?? pod.status.reason ?? pod.status.phase ?? "Unknown"}`);
  }
  const readyByNamespace = Object.fromEntries(Object.entries(counts).map(([ns, c]) => [ns, `${c.ready}/${c.total}`]));
  return { readyByNamespace, unhealthy };
}

function printStatus(f: LocalFacts, dryRun: boolean): boolean {
  const cmd = podsCommand(f);
  console.log(`\npods\n  $ ${render(cmd)}`);
  if (dryRun) return true;
  const r = spawnSync(cmd.argv[0], cmd.argv.slice(1), { encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
  if (r.status !== 0) {
    console.error(`  cannot list pods: ${r.stderr.trim() || `exit ${r.status}`}`);
    return false;
  }
  const { readyByNamespace, unhealthy } = podHealth(JSON.parse(r.stdout) as PodList);
  for (const [ns, ready] of Object.entries(readyByNamespace)) console.log(`  ${ns.padEnd(24)} ${ready} ready`);
  console.log(unhealthy.length === 0 ? "  every pod is ready" : `  not ready:\n${unhealthy.map((u) => `    ${u}`).join("\n")}`);
  return unhealthy.length === 0;
}

/** The URLs a developer opens once the stack is up (`*.localhost` resolves to 127.0.0.1 without /etc/hosts). */
export function urls(f: LocalFacts): string[] {
  const { kafkaUi, pgadmin, ...always } = f.env.dns.hostnames;
  const hosts = { ...always, ...(f.env.addons.adminUis ? { kafkaUi, pgadmin } : {}) };
  return Object.entries(hosts).flatMap(([name, host]) => (host ? [`${name.padEnd(9)} ${publicUrl(f.env, host)}`] : []));
}

function quote(arg: string): string {
  return /^[A-Za-z0-9_./:=@,+%-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function render(cmd: Command): string {
  return cmd.argv.map(quote).join(" ");
}

function has(tool: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${tool}`], { stdio: "ignore" }).status === 0;
}

/** Problems that stop `local:up` before it changes anything; each says how to fix it. */
function checkPrerequisites(terraform: string | undefined): string[] {
  const problems = PREREQUISITES.filter((p) => !has(p.tool)).map((p) => `${p.tool} is missing: install it with ${p.install}`);
  if (!terraform) problems.push("terraform or tofu is missing: `brew install opentofu` or `brew install hashicorp/tap/terraform` (>= 1.10)");
  if (has("docker")) {
    const info = spawnSync("docker", ["info", "--format", "{{.MemTotal}}"], { encoding: "utf8" });
    if (info.status !== 0) {
      problems.push("docker is installed but its engine does not answer: start Docker Desktop, OrbStack or `colima start --memory 12`");
    } else {
      const gib = Number(info.stdout.trim()) / 2 ** 30;
      if (gib < MIN_DOCKER_MEMORY_GIB) {
        problems.push(`Docker has ${gib.toFixed(1)} GiB of memory; the local stack needs at least ${MIN_DOCKER_MEMORY_GIB} GiB (12 recommended): raise it in Docker Desktop > Settings > Resources, or \`colima start --memory 12\``);
      }
    }
  }
  return problems;
}

function elapsed(start: number): string {
  const s = Math.round((Date.now() - start) / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

function runPlan(steps: readonly Step[], dryRun: boolean, keepGoing = false): boolean {
  const start = Date.now();
  let ok = true;
  steps.forEach((step, i) => {
    if (!ok && !keepGoing) return;
    console.log(`\n[${i + 1}/${steps.length}] ${step.title}${dryRun ? "" : `   (+${elapsed(start)})`}`);
    for (const cmd of step.commands) {
      console.log(`  $ ${render(cmd)}`);
      if (dryRun) continue;
      const r = spawnSync(cmd.argv[0], cmd.argv.slice(1), { stdio: "inherit", env: { ...process.env, ...cmd.env } });
      if (r.status !== 0) {
        console.error(`\nfailed: ${render(cmd)} (exit ${r.status ?? r.signal}) in step "${step.title}" after ${elapsed(start)}`);
        ok = false;
        if (!keepGoing) return;
      }
    }
  });
  if (!dryRun) console.log(`\n${ok ? "done" : "stopped"} after ${elapsed(start)}`);
  return ok;
}

function main(): number {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { "dry-run": { type: "boolean", default: false }, env: { type: "string", default: "local" }, help: { type: "boolean", short: "h" } },
  });
  const action = positionals[0];
  if (values.help || !["up", "down", "status"].includes(action ?? "")) {
    console.log("usage: npm run local:up|local:down|local:status [-- --dry-run] [--env NAME]");
    return values.help ? 0 : 2;
  }
  const terraform = ["terraform", "tofu"].find(has);
  const [env] = loadEnvironments([values.env!]);
  const facts = localFacts(env, terraform ?? "terraform");
  const dryRun = values["dry-run"]!;

  if (action === "up") {
    if (!dryRun) {
      const problems = checkPrerequisites(terraform);
      if (problems.length > 0) {
        console.error(`local:up cannot start; nothing was changed:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        return 1;
      }
    } else {
      console.log(`prerequisites checked before anything runs: ${PREREQUISITES.map((p) => p.tool).join(", ")}, terraform or tofu, >= ${MIN_DOCKER_MEMORY_GIB} GiB for Docker`);
    }
    if (!runPlan(upPlan(facts), dryRun)) return 1;
    console.log(`\n${dryRun ? "Then it prints:\n" : ""}The exchange runs on ${facts.clusterName}:\n${urls(facts).map((u) => `  ${u}`).join("\n")}`);
    console.log(`Credentials: \`npm run outputs -- ${env.name}\` names each secret; kubectl context ${facts.context} in ${facts.kubeconfig}.`);
    return 0;
  }
  if (action === "down") return runPlan(downPlan(facts), dryRun, true) ? 0 : 1;
  const reachable = runPlan(statusPlan(facts), dryRun, true);
  return printStatus(facts, dryRun) && reachable ? 0 : 1;
}

if (require.main === module) process.exit(main());

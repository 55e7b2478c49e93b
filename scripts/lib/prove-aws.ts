/**
 * The AWS rung of `npm run prove`: an environment's synthesized `<env>-infra` stack applied to moto (an AWS
 * API emulator, scripts/moto.sh, patched by scripts/moto-shim/), re-planned (must be empty), drifted behind
 * Terraform's back (the plan must notice), destroyed, and moto listed for leftovers.
 *
 * Nothing in cdktf.out is changed: the stack is copied to a scratch directory where one override file swaps
 * only the backend (local, in scratch) and the aws provider's endpoints (every service to moto). The provider's
 * `allowed_account_ids` stays in force: moto is started for the environment's account, so STS answers it.
 * Credentials are static fakes in terraform's process environment only. Test tooling; the product never
 * imports it.
 *
 *   npx tsx scripts/lib/prove-aws.ts aws-dev [aws-prod ...]    (after `npm run synth -- <env>`)
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import type { EnvironmentConfig } from "../../environments/schema";
import type { ProveResult } from "./prove-result";
import { prepareWorkdir, providerSource, ROOT, STACKS, terraformEnv, type ProviderSource } from "./terraform";
import { stopOnExit } from "./stop-on-exit";

const MOTO_SH = path.join(ROOT, "scripts", "moto.sh");
const INVENTORY_PY = path.join(ROOT, "scripts", "moto-shim", "inventory.py");
/** The override file prove writes next to the stack's cdk.tf.json (the mirror's own override sorts before it). */
export const OVERRIDE_FILE = "zz_prove_override.tf.json";
/** A terraform command that runs longer than this is killed and reported (moto answers in seconds). */
const COMMAND_TIMEOUT_MS = 20 * 60 * 1000;
/** EC2 resource types whose id can carry a tag; the drift check tags the first one found in state. */
const DRIFT_CANDIDATES = ["aws_vpc", "aws_subnet", "aws_security_group", "aws_route_table", "aws_internet_gateway", "aws_launch_template"];
const DRIFT_TAG = "orderbook-prove-drift";

interface Mutable {
  stack: string;
  applied: number;
  apply: ProveResult["apply"];
  replan: ProveResult["replan"];
  drift: ProveResult["drift"];
  destroy: ProveResult["destroy"];
  seconds: number;
  notes: string[];
}

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Commands {@link exec} is running, each the leader of its own process group: a run that is killed kills
 * them, with the provider plugins terraform started, before it stops moto. (A terraform told to stop would
 * wait for its calls to the stopped moto to give up, minutes of retries.)
 */
const running = new Set<ChildProcess>();

function killRunning(): void {
  for (const child of running) {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}

/** Runs a command with a time limit; never throws. A killed command has code 124. */
function exec(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs = COMMAND_TIMEOUT_MS): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    if (child.pid !== undefined) running.add(child);
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGTERM");
    }, timeoutMs);
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", (e) => {
      running.delete(child);
      clearTimeout(timer);
      resolve({ code: 127, stdout, stderr: String(e) });
    });
    child.on("close", (code) => {
      running.delete(child);
      clearTimeout(timer);
      if (timedOut) stderr += `\n${cmd} ${args.join(" ")} killed after ${timeoutMs / 1000} s`;
      resolve({ code: timedOut ? 124 : (code ?? 1), stdout, stderr });
    });
  });
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function lastLines(text: string, n: number): string {
  return text.trim().split("\n").slice(-n).join(" | ");
}

/** Messages of terraform's `-json` stream. */
interface JsonLine {
  type?: string;
  diagnostic?: { severity: string; summary: string; detail?: string; address?: string };
  change?: { resource?: { addr?: string }; action?: string };
}

function jsonLines(stdout: string): JsonLine[] {
  return stdout
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .flatMap((l) => {
      try {
        return [JSON.parse(l) as JsonLine];
      } catch {
        return [];
      }
    });
}

/**
 * Error diagnostics of a `-json` run, each as "<stack>: <resource address>: <summary>: <the provider/API's
 * message>"; falls back to the end of stderr when terraform printed no diagnostic.
 */
export function errorNotes(stack: string, ran: Ran): string[] {
  const notes = jsonLines(ran.stdout)
    .filter((l) => l.type === "diagnostic" && l.diagnostic?.severity === "error")
    .map((l) => {
      const d = l.diagnostic!;
      const detail = (d.detail ?? "").split("\n").filter((s) => s.trim()).slice(0, 3).join(" ");
      return `${stack}: ${d.address ?? "(no resource)"}: ${d.summary}${detail ? `: ${detail}` : ""}`;
    });
  return notes.length > 0 ? notes : [`${stack}: terraform exited ${ran.code}: ${lastLines(ran.stderr || ran.stdout, 4)}`];
}

/** Planned changes of a `plan -json` run, as "<address> (<action>)", no-ops left out. */
export function plannedChanges(stdout: string): string[] {
  return jsonLines(stdout)
    .filter((l) => l.type === "planned_change" && l.change?.action !== "noop")
    .map((l) => `${l.change?.resource?.addr ?? "?"} (${l.change?.action ?? "?"})`);
}

/** One entry of `terraform show -json <plan>`'s resource_changes. */
interface ResourceChange {
  address: string;
  change: { actions: string[]; before?: Record<string, unknown> | null; after?: Record<string, unknown> | null; after_unknown?: Record<string, unknown> };
}

/**
 * What a non-empty plan would change, one line per resource: "<address> (<actions>): <attributes that differ>",
 * so a re-plan failure says which field moto (or the stack) does not keep.
 */
export function changedAttributes(resourceChanges: readonly ResourceChange[]): string[] {
  return resourceChanges
    .filter((rc) => !(rc.change.actions.length === 1 && ["no-op", "read"].includes(rc.change.actions[0])))
    .map((rc) => {
      const before = rc.change.before ?? {};
      const after = rc.change.after ?? {};
      const unknown = rc.change.after_unknown ?? {};
      const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
      const differing = keys.filter((k) => unknown[k] === true || JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null));
      return `${rc.address} (${rc.change.actions.join(", ")})${differing.length ? `: ${differing.join(", ")}` : ""}`;
    });
}

/**
 * The override prove writes: a local backend in `dir` and, for every aws provider configuration of the stack
 * (aliases included), every service endpoint pointed at moto. Path-style S3 addressing, because bucket
 * sub-domains of 127.0.0.1 do not resolve; the metadata API check is skipped so nothing ever asks
 * 169.254.169.254. allowed_account_ids, region and everything else of the stack's provider block is kept.
 */
export function proveOverride(tfJson: Record<string, any>, dir: string, motoUrl: string, endpointNames: readonly string[]): Record<string, unknown> {
  const configs = ([] as Record<string, unknown>[]).concat(tfJson.provider?.aws ?? [{}]);
  const endpoints = Object.fromEntries(endpointNames.map((name) => [name, motoUrl]));
  return {
    terraform: { backend: { local: { path: path.join(dir, "terraform.tfstate") } } },
    provider: {
      aws: configs.map((c) => ({
        ...(c.alias ? { alias: c.alias } : {}),
        endpoints: endpointNames.length > 0 ? [endpoints] : [],
        s3_use_path_style: true,
        skip_metadata_api_check: "true",
      })),
    },
  };
}

/** The override file of the teardown step (deletion protection off), written next to OVERRIDE_FILE before destroy. */
export const TEARDOWN_OVERRIDE_FILE = "zz_prove_teardown_override.tf.json";

/**
 * docs/aws.md's teardown of a protected environment, step 1: every resource of the stack whose
 * deletion_protection is set gets deletion_protection = false (applied before destroy, as an operator
 * does). Undefined when nothing in the stack is protected.
 */
export function teardownOverride(tfJson: Record<string, any>): Record<string, unknown> | undefined {
  const resource: Record<string, Record<string, { deletion_protection: false }>> = {};
  for (const [type, blocks] of Object.entries((tfJson.resource ?? {}) as Record<string, Record<string, Record<string, unknown>>>)) {
    for (const [name, block] of Object.entries(blocks)) {
      if (block.deletion_protection !== undefined && block.deletion_protection !== false) (resource[type] ??= {})[name] = { deletion_protection: false };
    }
  }
  return Object.keys(resource).length > 0 ? { resource } : undefined;
}

/**
 * Endpoint names that are aliases of an earlier one, from a `-json` run's warnings (the provider warns "Only
 * one of the following attributes should be set" for each group of names of one service); the first name of
 * each group is kept.
 */
export function aliasEndpoints(jsonStream: string): Set<string> {
  const drop = new Set<string>();
  for (const l of jsonLines(jsonStream)) {
    if (l.type !== "diagnostic" || l.diagnostic?.summary !== "Invalid Attribute Combination") continue;
    const names = [...(l.diagnostic.detail ?? "").matchAll(/"endpoints\[0\]\.([a-z0-9_]+)"/g)].map((m) => m[1]);
    for (const name of names.slice(1)) drop.add(name);
  }
  return drop;
}

/** Every service endpoint the aws provider build in `dir` accepts, from its schema. */
async function endpointNames(dir: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const schema = await exec("terraform", ["providers", "schema", "-json"], dir, env);
  if (schema.code !== 0) throw new Error(`terraform providers schema failed: ${lastLines(schema.stderr, 4)}`);
  const parsed = JSON.parse(schema.stdout) as { provider_schemas: Record<string, { provider: { block: any } }> };
  const aws = Object.entries(parsed.provider_schemas).find(([name]) => name.endsWith("/aws"));
  const attributes = aws?.[1].provider.block.block_types?.endpoints?.block?.attributes;
  if (!attributes) throw new Error("the aws provider's schema has no endpoints block");
  return Object.keys(attributes).sort();
}

type Inventory = { account: string; resources: Record<string, string[]>; errors: Record<string, string> };

async function inventory(motoUrl: string, region: string, env: NodeJS.ProcessEnv): Promise<Inventory> {
  const ran = await exec("bash", [MOTO_SH, "python", INVENTORY_PY, "--endpoint", motoUrl, "--region", region, "inventory"], ROOT, env, 5 * 60 * 1000);
  if (ran.code !== 0) throw new Error(`listing moto's resources failed: ${lastLines(ran.stderr, 4)}`);
  return JSON.parse(ran.stdout) as Inventory;
}

/** What is in `after` and not in `before`, as "<kind> <id>". */
export function leftovers(before: Inventory["resources"], after: Inventory["resources"]): string[] {
  return Object.entries(after).flatMap(([kind, ids]) => ids.filter((id) => !(before[kind] ?? []).includes(id)).map((id) => `${kind} ${id}`));
}

async function stateAddresses(dir: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const list = await exec("terraform", ["state", "list"], dir, env);
  if (list.code !== 0) throw new Error(`terraform state list failed: ${lastLines(list.stderr, 3)}`);
  return list.stdout.split("\n").filter((a) => a && !a.startsWith("data.") && !a.includes(".data."));
}

/** A managed EC2 resource of the state to drift: [address, id], or undefined when the stack has none. */
async function driftTarget(dir: string, env: NodeJS.ProcessEnv): Promise<[string, string] | undefined> {
  const shown = await exec("terraform", ["show", "-json"], dir, env);
  if (shown.code !== 0) throw new Error(`terraform show failed: ${lastLines(shown.stderr, 3)}`);
  const resources = (JSON.parse(shown.stdout).values?.root_module?.resources ?? []) as { address: string; mode: string; type: string; values: { id?: string } }[];
  for (const type of DRIFT_CANDIDATES) {
    const r = resources.find((x) => x.mode === "managed" && x.type === type && x.values.id);
    if (r) return [r.address, r.values.id!];
  }
  return undefined;
}

/** terraform's environment for a run against moto: fake static credentials, no profile, no metadata service. */
function motoEnv(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const key of Object.keys(env)) {
    if (/^AWS_(PROFILE|DEFAULT_PROFILE|SESSION_TOKEN|ROLE_ARN|WEB_IDENTITY_TOKEN_FILE|ENDPOINT_URL.*|CA_BUNDLE)$/.test(key)) delete env[key];
  }
  const noProxy = [env.NO_PROXY ?? env.no_proxy, "127.0.0.1", "localhost"].filter(Boolean).join(",");
  return {
    ...env,
    AWS_ACCESS_KEY_ID: "orderbook-prove",
    AWS_SECRET_ACCESS_KEY: "orderbook-prove",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_EC2_METADATA_DISABLED: "true",
    NO_PROXY: noProxy,
    no_proxy: noProxy,
  };
}

/**
 * terraform's environment against moto at `motoUrl`: moto is also its HTTP(S) proxy for every host but
 * loopback. Endpoints all point at 127.0.0.1, but the SDK prefixes some hosts with the account id (S3
 * Control's ListTagsForResource, which the provider uses for bucket tags, goes to
 * "<account>.127.0.0.1:<port>"), a name no resolver knows; through the proxy that request reaches moto
 * without a DNS lookup, and any host an endpoint override missed cannot leave the machine.
 */
export function terraformMotoEnv(env: NodeJS.ProcessEnv, motoUrl: string): NodeJS.ProcessEnv {
  return { ...env, HTTP_PROXY: motoUrl, HTTPS_PROXY: motoUrl, http_proxy: motoUrl, https_proxy: motoUrl };
}

/** How terraform is run: where providers come from and the environment that says so. */
export interface TerraformSetup {
  readonly source: ProviderSource;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * Proves one synthesized AWS infra stack against moto. `setup` says where providers come from (the caller
 * builds it once for several stacks); `log` receives progress lines.
 */
export async function proveStack(
  stack: string,
  aws: { accountId: string; region: string },
  setup: TerraformSetup,
  log: (line: string) => void,
): Promise<ProveResult> {
  const started = Date.now();
  const r: Mutable = { stack, applied: 0, apply: "skipped", replan: "skipped", drift: "skipped", destroy: "skipped", seconds: 0, notes: [] };
  const step = (line: string) => log(`${stack} [${((Date.now() - started) / 1000).toFixed(1)} s] ${line}`);
  const done = (): ProveResult => ({ ...r, seconds: Math.round((Date.now() - started) / 100) / 10 });

  if (!fs.existsSync(path.join(STACKS, stack, "cdk.tf.json"))) {
    r.apply = "failed";
    r.notes.push(`${stack}: cdktf.out/stacks/${stack}/cdk.tf.json does not exist; run \`npm run synth\` first`);
    return done();
  }
  const port = await freePort();
  const motoUrl = `http://127.0.0.1:${port}`;
  const env = motoEnv(setup.env);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `orderbook-prove-${stack}-`));
  // Killed while moto starts or before the finally below (Ctrl-C, a CI timeout), this run would leave moto
  // serving on its port. Its terraform (or moto's start) is killed first, so nothing writes to the scratch
  // directory once it is gone.
  const release = stopOnExit(`moto on ${motoUrl}`, () => {
    killRunning();
    fs.rmSync(dir, { recursive: true, force: true });
    execFileSync("bash", [MOTO_SH, "stop", "--port", String(port)], { cwd: ROOT, env, stdio: "ignore", timeout: 60 * 1000 });
  });
  step(`starting moto for account ${aws.accountId} on ${motoUrl}`);
  const moto = await exec("bash", [MOTO_SH, "start", "--account", aws.accountId, "--port", String(port)], ROOT, env, 15 * 60 * 1000);
  for (const line of moto.stderr.split("\n").filter((l) => l.trim())) step(line);
  if (moto.code !== 0) {
    r.apply = "failed";
    r.notes.push(`${stack}: moto did not start: ${lastLines(moto.stderr, 3)}`);
    release();
    fs.rmSync(dir, { recursive: true, force: true });
    return done();
  }
  try {
    await proveInScratch(stack, aws, setup.source, env, dir, motoUrl, r, step);
  } catch (e) {
    r.notes.push(`${stack}: ${(e as Error).message}`);
    if (r.apply === "skipped") r.apply = "failed";
    else if (r.replan === "skipped") r.replan = "failed";
    else if (r.drift === "skipped") r.drift = "failed";
    else if (r.destroy === "skipped") r.destroy = "failed";
  } finally {
    release();
    const stopped = await exec("bash", [MOTO_SH, "stop", "--port", String(port)], ROOT, env, 60 * 1000);
    step(stopped.code === 0 ? "moto stopped" : `stopping moto failed: ${lastLines(stopped.stderr, 2)}`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  step(`apply ${r.apply} (${r.applied} resources), re-plan ${r.replan}, drift ${r.drift}, destroy ${r.destroy}`);
  return done();
}

async function proveInScratch(
  stack: string,
  aws: { accountId: string; region: string },
  source: ProviderSource,
  baseEnv: NodeJS.ProcessEnv,
  dir: string,
  motoUrl: string,
  r: Mutable,
  step: (line: string) => void,
): Promise<void> {
  const env = terraformMotoEnv(baseEnv, motoUrl);
  const tfJson = prepareWorkdir(stack, dir, source);
  const writeOverride = (names: readonly string[]) =>
    fs.writeFileSync(path.join(dir, OVERRIDE_FILE), JSON.stringify(proveOverride(tfJson, dir, motoUrl, names), null, 1));

  writeOverride([]);
  step("terraform init (local backend in a scratch directory)");
  const init = await exec("terraform", ["init", "-input=false", "-no-color"], dir, env);
  if (init.code !== 0) throw new Error(`terraform init failed: ${lastLines(init.stderr || init.stdout, 6)}`);
  let names = await endpointNames(dir, env);
  writeOverride(names);
  // A first plan (nothing applied yet) configures the provider, which names the alias endpoints it warns about.
  const prePlan = await exec("terraform", ["plan", "-input=false", "-no-color", "-json", "-lock=false"], dir, env);
  if (prePlan.code !== 0) {
    r.apply = "failed";
    r.notes.push(...errorNotes(stack, prePlan));
    return;
  }
  const aliases = aliasEndpoints(prePlan.stdout);
  names = names.filter((n) => !aliases.has(n));
  writeOverride(names);
  step(`every aws endpoint -> moto (${names.length} services; ${aliases.size} alias names left out)`);
  const before = await inventory(motoUrl, aws.region, baseEnv);
  if (before.account !== aws.accountId) throw new Error(`moto answers account ${before.account}, not ${aws.accountId}`);

  step("terraform apply");
  const apply = await exec("terraform", ["apply", "-auto-approve", "-input=false", "-no-color", "-json"], dir, env);
  r.applied = (await stateAddresses(dir, env)).length;
  if (apply.code !== 0) {
    r.apply = "failed";
    r.notes.push(...errorNotes(stack, apply));
    step(`apply failed (${r.applied} resources in state)`);
  } else {
    r.apply = "ok";
    step(`apply ok: ${r.applied} resources in state`);

    step("terraform plan -detailed-exitcode (must be empty)");
    const replan = await exec("terraform", ["plan", "-detailed-exitcode", "-input=false", "-no-color", "-json", "-out=replan.tfplan"], dir, env);
    if (replan.code === 0) r.replan = "empty";
    else if (replan.code === 2) {
      r.replan = "changes";
      const shown = await exec("terraform", ["show", "-json", "replan.tfplan"], dir, env);
      const changes =
        shown.code === 0
          ? changedAttributes((JSON.parse(shown.stdout).resource_changes ?? []) as ResourceChange[])
          : plannedChanges(replan.stdout);
      r.notes.push(...changes.map((c) => `${stack}: re-plan not empty: ${c}`));
    } else {
      r.replan = "failed";
      r.notes.push(...errorNotes(stack, replan));
    }
    step(`re-plan ${r.replan}`);

    const target = await driftTarget(dir, env);
    if (!target) {
      r.notes.push(`${stack}: drift check skipped: no resource of a type it can tag (${DRIFT_CANDIDATES.join(", ")})`);
    } else {
      const [address, id] = target;
      step(`drift: tagging ${address} (${id}) through the EC2 API`);
      const tagged = await exec("bash", [MOTO_SH, "python", INVENTORY_PY, "--endpoint", motoUrl, "--region", aws.region, "tag-ec2", id, DRIFT_TAG, "yes"], ROOT, baseEnv);
      if (tagged.code !== 0) throw new Error(`tagging ${id} in moto failed: ${lastLines(tagged.stderr, 3)}`);
      const drifted = await exec("terraform", ["plan", "-detailed-exitcode", "-input=false", "-no-color", "-json"], dir, env);
      const changes = plannedChanges(drifted.stdout);
      if (drifted.code === 2 && changes.some((c) => c.startsWith(`${address} `))) r.drift = "detected";
      else if (drifted.code === 0 || drifted.code === 2) {
        r.drift = "missed";
        r.notes.push(`${stack}: drift missed: tag ${DRIFT_TAG} added to ${address} (${id}) and the plan did not change it`);
      } else {
        r.drift = "failed";
        r.notes.push(...errorNotes(stack, drifted));
      }
      step(`drift ${r.drift}`);
    }
  }

  const teardown = teardownOverride(tfJson);
  if (teardown) {
    const names = Object.entries(teardown.resource as Record<string, object>).flatMap(([type, blocks]) => Object.keys(blocks).map((n) => `${type}.${n}`));
    step(`deletion protection off before destroy (docs/aws.md's teardown): terraform apply for ${names.join(", ")}`);
    fs.writeFileSync(path.join(dir, TEARDOWN_OVERRIDE_FILE), JSON.stringify(teardown, null, 1));
    const unprotect = await exec("terraform", ["apply", "-auto-approve", "-input=false", "-no-color", "-json"], dir, env);
    if (unprotect.code !== 0) {
      r.destroy = "failed";
      r.notes.push(...errorNotes(stack, unprotect));
    }
  }

  step("terraform destroy");
  const destroy = await exec("terraform", ["destroy", "-auto-approve", "-input=false", "-no-color", "-json"], dir, env);
  const remaining = await stateAddresses(dir, env);
  if (destroy.code !== 0) {
    r.destroy = "failed";
    r.notes.push(...errorNotes(stack, destroy));
  }
  const after = await inventory(motoUrl, aws.region, baseEnv);
  const left = [...remaining.map((a) => `still in state: ${a}`), ...leftovers(before.resources, after.resources)];
  for (const [kind, message] of Object.entries(after.errors)) r.notes.push(`${stack}: leftover check could not list ${kind}: ${message}`);
  if (r.destroy !== "failed") r.destroy = left.length === 0 ? "ok" : "leftovers";
  r.notes.push(...left.map((l) => `${stack}: left after destroy: ${l}`));
  step(`destroy ${r.destroy}${left.length ? ` (${left.length} left)` : ""}`);
}

/**
 * Proves `env`'s `<env>-infra` stack against moto started for its account; an environment of another target
 * is skipped with a note. Expects `npm run synth` to have written cdktf.out/stacks/<env>-infra.
 */
export async function proveAwsInfra(env: EnvironmentConfig, log: (line: string) => void): Promise<ProveResult> {
  const stack = `${env.name}-infra`;
  if (env.target !== "aws") {
    return { stack, applied: 0, apply: "skipped", replan: "skipped", drift: "skipped", destroy: "skipped", seconds: 0, notes: [`${stack}: not an AWS environment (target ${env.target}); moto proves AWS stacks only`] };
  }
  const source = await providerSource();
  const setup: TerraformSetup = { source, env: terraformEnv(source, log) };
  return proveStack(stack, env.aws, setup, log);
}

const USAGE = [
  "usage: npm run prove:aws -- [--concurrent] [--json FILE] [<aws environment>...]   (after npm run synth)",
  "Proves each named environment's <env>-infra on moto (default: every AWS environment).",
  "  --concurrent  prove the environments side by side, each against its own moto (most of a proof is the",
  "                provider's waiters sleeping, so two take little longer than one)",
  "  --json FILE   also write the result rows to FILE (written whole, at the end), for npm run prove's",
  "                --aws-infra-results",
].join("\n");

async function main(argv: readonly string[]): Promise<number> {
  const args = [...argv];
  const take = (flag: string): string | undefined => {
    const i = args.indexOf(flag);
    if (i < 0) return undefined;
    const value = args[i + 1];
    if (value === undefined || value.startsWith("-")) throw new Error(`${flag} needs a value\n${USAGE}`);
    args.splice(i, 2);
    return value;
  };
  const jsonFile = take("--json");
  const concurrent = args.includes("--concurrent");
  const names = args.filter((a) => a !== "--concurrent");
  const unknown = names.filter((a) => a.startsWith("-"));
  if (unknown.length > 0) throw new Error(`unknown option(s) ${unknown.join(", ")}\n${USAGE}`);
  const { loadEnvironments } = await import("../../environments/load");
  const envs = names.length > 0 ? loadEnvironments(names) : loadEnvironments([]).filter((e) => e.target === "aws");
  if (envs.length === 0) throw new Error(`no AWS environment to prove\n${USAGE}`);
  const prove = (env: EnvironmentConfig) => proveAwsInfra(env, (line) => console.log(`prove-aws: ${line}`));
  const results: ProveResult[] = [];
  if (concurrent) results.push(...(await Promise.all(envs.map(prove))));
  else for (const env of envs) results.push(await prove(env));
  if (jsonFile) {
    fs.writeFileSync(`${jsonFile}.tmp`, `${JSON.stringify(results, null, 2)}\n`);
    fs.renameSync(`${jsonFile}.tmp`, jsonFile);
  }
  console.log("stack                applied  apply   re-plan  drift     destroy    seconds");
  for (const r of results) {
    console.log(`${r.stack.padEnd(20)} ${String(r.applied).padStart(7)}  ${r.apply.padEnd(7)} ${r.replan.padEnd(8)} ${r.drift.padEnd(9)} ${r.destroy.padEnd(10)} ${r.seconds.toFixed(1).padStart(7)}`);
  }
  for (const r of results) for (const n of r.notes) console.log(`  ${n}`);
  const ok = (r: ProveResult) => r.apply === "ok" && r.replan === "empty" && r.drift === "detected" && r.destroy === "ok";
  console.log(`${results.filter(ok).length}/${results.length} AWS infra stacks applied, re-planned empty, drift detected and destroyed on moto`);
  return results.every(ok) ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e) => {
      console.error(`prove-aws: ${(e as Error).message}`);
      process.exitCode = 1;
    },
  );
}

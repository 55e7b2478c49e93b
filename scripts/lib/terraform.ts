/**
 * What validate and scan share: choosing where providers come from (the registry, or the offline mirror
 * of scripts/provider-mirror.sh), preparing a scratch working directory for a synthesized stack, and
 * running terraform in it.
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as https from "node:https";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "..", "..");
export const STACKS = path.join(ROOT, "cdktf.out", "stacks");
const SCRIPTS = path.join(ROOT, "scripts");

export const PINS = JSON.parse(fs.readFileSync(path.join(SCRIPTS, "provider-pins.json"), "utf8")) as {
  terraform: string;
  providers: Record<string, { pinned: string; mirror: string }>;
};

export type ProviderSource = "registry" | "mirror";

function registryReachable(): Promise<boolean> {
  return new Promise((resolve) => {
    const req = https.request("https://registry.terraform.io/.well-known/terraform.json", { method: "GET", timeout: 5000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
    req.end();
  });
}

/**
 * ORDERBOOK_PROVIDER_SOURCE=registry|mirror, else the registry when it answers within 5 s.
 * Throws on any other value.
 */
export async function providerSource(): Promise<ProviderSource> {
  const requested = process.env.ORDERBOOK_PROVIDER_SOURCE;
  if (requested === "registry" || requested === "mirror") return requested;
  if (requested) throw new Error(`ORDERBOOK_PROVIDER_SOURCE must be "registry" or "mirror", got "${requested}"`);
  return (await registryReachable()) ? "registry" : "mirror";
}

/**
 * The environment terraform runs with. For the mirror, builds/reuses it first (progress on stderr) and
 * prints which builds stand in for the pinned versions.
 */
export function terraformEnv(source: ProviderSource, log: (line: string) => void): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };
  if (source === "registry") {
    log("providers from the Terraform registry, at the pinned versions");
    return env;
  }
  log("the Terraform registry is not used; building/reusing the offline provider mirror (scripts/provider-mirror.sh)");
  execFileSync("bash", [path.join(SCRIPTS, "provider-mirror.sh")], { stdio: ["ignore", "inherit", "inherit"] });
  const printed = execFileSync("bash", [path.join(SCRIPTS, "provider-mirror.sh"), "--print-env"], { encoding: "utf8" });
  for (const m of printed.matchAll(/^export (\w+)="(.*)"$/gm)) env[m[1]] = m[2].replace("$PATH", process.env.PATH ?? "");
  const subs = Object.entries(PINS.providers).map(([n, p]) => `${n} ${p.pinned} -> ${p.mirror}`);
  log(`offline mirror builds stand in for the pinned versions: ${subs.join("; ")}`);
  return env;
}

/** Synthesized stacks, optionally only those of the named environments. */
export function synthesizedStacks(environments: readonly string[]): string[] {
  if (!fs.existsSync(STACKS)) throw new Error("cdktf.out/stacks does not exist; run `npm run synth` first");
  const stacks = fs
    .readdirSync(STACKS)
    .filter((s) => fs.existsSync(path.join(STACKS, s, "cdk.tf.json")))
    .filter((s) => environments.length === 0 || environments.some((e) => s.startsWith(`${e}-`)))
    .sort();
  if (stacks.length === 0) {
    throw new Error(`no synthesized stacks${environments.length ? ` for ${environments.join(", ")}` : ""}; run \`npm run synth\` first`);
  }
  return stacks;
}

/**
 * Copies a stack's cdk.tf.json into `dir`; with the mirror, adds an override file that swaps the pinned
 * provider versions for the mirror's builds (cdktf.out is never touched). Returns the parsed JSON.
 * With `providersOnly`, writes just the stack's required_providers (enough for `providers schema`, which
 * would otherwise insist on initializing the backend). `from` is the synthesized stack's folder.
 */
export function prepareWorkdir(stack: string, dir: string, source: ProviderSource, providersOnly = false, from = path.join(STACKS, stack)): Record<string, any> {
  fs.mkdirSync(dir, { recursive: true });
  const tfJson = JSON.parse(fs.readFileSync(path.join(from, "cdk.tf.json"), "utf8"));
  const written = providersOnly ? { terraform: { required_providers: tfJson.terraform?.required_providers ?? {} } } : tfJson;
  fs.writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify(written));
  if (source === "mirror") {
    const required = (tfJson.terraform?.required_providers ?? {}) as Record<string, { version: string }>;
    const override: Record<string, { source: string; version: string }> = {};
    for (const [name, p] of Object.entries(required)) {
      const pin = PINS.providers[name];
      if (!pin) throw new Error(`${stack}: provider ${name} is not in scripts/provider-pins.json; add it to the mirror`);
      if (p.version !== pin.pinned) throw new Error(`${stack}: requires ${name} ${p.version} but provider-pins.json pins ${pin.pinned}`);
      override[name] = { source: `hashicorp/${name}`, version: pin.mirror };
    }
    if (Object.keys(override).length > 0) {
      fs.writeFileSync(path.join(dir, "zz_mirror_override.tf.json"), JSON.stringify({ terraform: { required_providers: override } }));
    }
  }
  return tfJson;
}

/** Runs a command, collecting its output (and feeding it `input` on stdin); never throws for a non-zero exit. */
export function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env });
    child.stdin.on("error", () => undefined);
    child.stdin.end(input ?? "");
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", (e) => resolve({ code: 127, stdout, stderr: String(e) }));
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** `terraform init -backend=false`; returns an error line, or undefined on success. */
export async function initWorkdir(dir: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const init = await run("terraform", ["init", "-backend=false", "-input=false", "-no-color"], dir, env);
  return init.code === 0 ? undefined : `terraform init failed: ${(init.stderr || init.stdout).trim().split("\n").slice(-6).join(" | ")}`;
}

/** Runs `worker` over `items` with at most `concurrency` at a time, in order of the list. */
export async function eachLimited<T>(items: readonly T[], concurrency: number, worker: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: Math.max(1, concurrency) }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await worker(item);
    }),
  );
}

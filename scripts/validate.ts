/**
 * `npm run validate`: `terraform init -backend=false` and `terraform validate` of every synthesized stack
 * in cdktf.out/stacks, with the real provider binaries. Ends with `N/N stacks valid`; exits 1 otherwise.
 *
 *   npm run validate                 every synthesized stack
 *   npm run validate -- aws-dev      the stacks of the named environments
 *
 * Provider source (ORDERBOOK_PROVIDER_SOURCE):
 *   registry  the ordinary `terraform init` from the Terraform registry, with the pinned versions.
 *   mirror    the offline mirror built by scripts/provider-mirror.sh (our sandboxes and CI, which cannot
 *             reach the registry); the stacks' pinned versions are replaced, in a scratch copy only, by the
 *             mirror's builds listed in scripts/provider-pins.json, and the run says so.
 *   (unset)   registry when registry.terraform.io answers within 5 s, else mirror.
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as https from "node:https";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const STACKS = path.join(ROOT, "cdktf.out", "stacks");
const PINS = JSON.parse(fs.readFileSync(path.join(__dirname, "provider-pins.json"), "utf8")) as {
  terraform: string;
  providers: Record<string, { pinned: string; mirror: string }>;
};
const CONCURRENCY = Math.max(1, Math.min(4, os.cpus().length));

interface Diagnostic {
  severity: "error" | "warning";
  summary: string;
  detail?: string;
  range?: { filename: string; start: { line: number } };
}

interface StackResult {
  stack: string;
  ok: boolean;
  seconds: number;
  errors: string[];
  warnings: string[];
}

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

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", (e) => resolve({ code: 127, stdout, stderr: String(e) }));
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

function describe(d: Diagnostic): string {
  const where = d.range ? ` (${d.range.filename}:${d.range.start.line})` : "";
  return `${d.summary}${where}${d.detail ? `: ${d.detail.split("\n")[0]}` : ""}`;
}

async function validateStack(stack: string, scratchRoot: string, mode: "registry" | "mirror", env: NodeJS.ProcessEnv): Promise<StackResult> {
  const started = Date.now();
  const dir = path.join(scratchRoot, stack);
  fs.mkdirSync(dir, { recursive: true });
  const tfJson = JSON.parse(fs.readFileSync(path.join(STACKS, stack, "cdk.tf.json"), "utf8"));
  fs.writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify(tfJson));
  if (mode === "mirror") {
    const required = (tfJson.terraform?.required_providers ?? {}) as Record<string, { source: string; version: string }>;
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
  const result: StackResult = { stack, ok: false, seconds: 0, errors: [], warnings: [] };
  const init = await run("terraform", ["init", "-backend=false", "-input=false", "-no-color"], dir, env);
  if (init.code !== 0) {
    result.errors.push(`terraform init failed: ${(init.stderr || init.stdout).trim().split("\n").slice(-6).join(" | ")}`);
  } else {
    const validate = await run("terraform", ["validate", "-json", "-no-color"], dir, env);
    try {
      const parsed = JSON.parse(validate.stdout) as { valid: boolean; diagnostics: Diagnostic[] };
      result.errors.push(...parsed.diagnostics.filter((d) => d.severity === "error").map(describe));
      result.warnings.push(...parsed.diagnostics.filter((d) => d.severity === "warning").map(describe));
      result.ok = parsed.valid && result.errors.length === 0;
    } catch {
      result.errors.push(`terraform validate printed no JSON: ${validate.stderr.trim().split("\n").slice(-3).join(" | ")}`);
    }
  }
  result.seconds = (Date.now() - started) / 1000;
  return result;
}

async function main(): Promise<number> {
  const only = process.argv.slice(2);
  if (!fs.existsSync(STACKS)) {
    console.error("validate: cdktf.out/stacks does not exist; run `npm run synth` first");
    return 1;
  }
  const stacks = fs
    .readdirSync(STACKS)
    .filter((s) => fs.existsSync(path.join(STACKS, s, "cdk.tf.json")))
    .filter((s) => only.length === 0 || only.some((e) => s.startsWith(`${e}-`)))
    .sort();
  if (stacks.length === 0) {
    console.error(`validate: no synthesized stacks${only.length ? ` for ${only.join(", ")}` : ""}; run \`npm run synth\` first`);
    return 1;
  }

  const requested = process.env.ORDERBOOK_PROVIDER_SOURCE;
  if (requested && requested !== "registry" && requested !== "mirror") {
    console.error(`validate: ORDERBOOK_PROVIDER_SOURCE must be "registry" or "mirror", got "${requested}"`);
    return 1;
  }
  const mode = (requested as "registry" | "mirror" | undefined) ?? ((await registryReachable()) ? "registry" : "mirror");
  const env: NodeJS.ProcessEnv = { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };
  if (mode === "mirror") {
    console.log("validate: the Terraform registry is not used; building/reusing the offline provider mirror (scripts/provider-mirror.sh)");
    execFileSync("bash", [path.join(__dirname, "provider-mirror.sh")], { stdio: "inherit" });
    const printed = execFileSync("bash", [path.join(__dirname, "provider-mirror.sh"), "--print-env"], { encoding: "utf8" });
    for (const m of printed.matchAll(/^export (\w+)="(.*)"$/gm)) env[m[1]] = m[2].replace("$PATH", process.env.PATH ?? "");
    const subs = Object.entries(PINS.providers).map(([n, p]) => `${n} ${p.pinned} -> ${p.mirror}`);
    console.log(`validate: offline mirror substitutes provider builds for the pinned versions: ${subs.join("; ")}`);
  } else {
    console.log("validate: providers from the Terraform registry, at the pinned versions");
  }
  const tfVersion = execFileSync("terraform", ["version", "-json"], { env, encoding: "utf8" });
  console.log(`validate: ${JSON.parse(tfVersion).terraform_version === PINS.terraform ? "" : "un"}pinned terraform ${JSON.parse(tfVersion).terraform_version}; ${stacks.length} stacks, ${CONCURRENCY} at a time`);

  const scratchRoot = fs.mkdtempSync(path.join(os.tmpdir(), "orderbook-validate-"));
  const results: StackResult[] = [];
  const queue = [...stacks];
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let stack = queue.shift(); stack; stack = queue.shift()) {
        const r = await validateStack(stack, scratchRoot, mode, env);
        results.push(r);
        const warn = r.warnings.length ? `, ${r.warnings.length} warning(s)` : "";
        console.log(`${r.ok ? "  valid  " : "  INVALID"} ${r.stack} (${r.seconds.toFixed(1)} s${warn})`);
        for (const e of r.errors) console.log(`           error: ${e}`);
      }
    }),
  );
  fs.rmSync(scratchRoot, { recursive: true, force: true });

  const warnings = new Map<string, number>();
  for (const r of results) for (const w of r.warnings) warnings.set(w, (warnings.get(w) ?? 0) + 1);
  if (warnings.size > 0) {
    console.log("warnings (distinct):");
    for (const [w, n] of warnings) console.log(`  ${n}x ${w}`);
  }
  const valid = results.filter((r) => r.ok).length;
  console.log(`${valid}/${results.length} stacks valid`);
  return valid === results.length ? 0 : 1;
}

main().then(
  (code) => (process.exitCode = code),
  (e) => {
    console.error(`validate: ${(e as Error).message}`);
    process.exitCode = 1;
  },
);

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
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { eachLimited, initWorkdir, PINS, prepareWorkdir, providerSource, run, synthesizedStacks, terraformEnv, type ProviderSource } from "./lib/terraform";

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

function describe(d: Diagnostic): string {
  const where = d.range ? ` (${d.range.filename}:${d.range.start.line})` : "";
  return `${d.summary}${where}${d.detail ? `: ${d.detail.split("\n")[0]}` : ""}`;
}

async function validateStack(stack: string, dir: string, source: ProviderSource, env: NodeJS.ProcessEnv): Promise<StackResult> {
  const started = Date.now();
  const result: StackResult = { stack, ok: false, seconds: 0, errors: [], warnings: [] };
  prepareWorkdir(stack, dir, source);
  const initError = await initWorkdir(dir, env);
  if (initError) {
    result.errors.push(initError);
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
  const stacks = synthesizedStacks(process.argv.slice(2));
  const source = await providerSource();
  const env = terraformEnv(source, (line) => console.log(`validate: ${line}`));
  const tfVersion = JSON.parse(execFileSync("terraform", ["version", "-json"], { env, encoding: "utf8" })).terraform_version as string;
  const pinned = tfVersion === PINS.terraform ? "pinned" : `unpinned (pin: ${PINS.terraform})`;
  console.log(`validate: terraform ${tfVersion} ${pinned}; ${stacks.length} stacks, ${CONCURRENCY} at a time`);

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "orderbook-validate-"));
  const results: StackResult[] = [];
  try {
    await eachLimited(stacks, CONCURRENCY, async (stack) => {
      const r = await validateStack(stack, path.join(scratch, stack), source, env);
      results.push(r);
      const warn = r.warnings.length ? `, ${r.warnings.length} warning(s)` : "";
      console.log(`${r.ok ? "  valid  " : "  INVALID"} ${r.stack} (${r.seconds.toFixed(1)} s${warn})`);
      for (const e of r.errors) console.log(`           error: ${e}`);
    });
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }

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

/**
 * `npm run scan`: security scan of the synthesized stacks with trivy (`trivy config`, offline, with the
 * checks embedded in the binary). Prints failed checks by severity per environment and exits 1 when any
 * unsuppressed finding is at or above the --fail-on severity.
 *
 *   npm run scan [-- <environment> ...] [--fail-on CRITICAL|HIGH|MEDIUM|LOW|NONE]   (default HIGH)
 *
 * Suppressions: scripts/scan-suppressions.json, each with the check id, the stacks (globs) and a reason;
 * optionally `message`, a regular expression the whole finding message must match (one known case of a check).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { eachLimited, initWorkdir, prepareWorkdir, providerSource, ROOT, run, synthesizedStacks, terraformEnv } from "./lib/terraform";
import { tfJsonToHcl, type ProviderSchemas } from "./lib/tf-json-to-hcl";
const SEVERITIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"] as const;
type Severity = (typeof SEVERITIES)[number];

/** One failed check on one resource. */
export interface Finding {
  stack: string;
  id: string;
  severity: Severity;
  title: string;
  message: string;
  resource: string;
}

/** An accepted finding. */
export interface Suppression {
  id: string;
  stacks: string[];
  /** Optional: a regular expression the finding's message must match (the whole message), to accept one known case of a check. */
  message?: string;
  reason: string;
}

interface TrivyReport {
  Results?: Array<{
    Misconfigurations?: Array<{
      ID: string;
      AVDID?: string;
      Title: string;
      Message: string;
      Severity: string;
      Status: string;
      CauseMetadata?: { Resource?: string };
    }>;
  }>;
}

function glob(pattern: string): RegExp {
  return new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
}

/** Parses trivy's JSON report of one stack into failed findings. */
export function parseTrivy(stack: string, report: TrivyReport): Finding[] {
  return (report.Results ?? []).flatMap((r) =>
    (r.Misconfigurations ?? [])
      .filter((m) => m.Status === "FAIL")
      .map((m) => ({
        stack,
        id: m.AVDID || m.ID,
        severity: (SEVERITIES as readonly string[]).includes(m.Severity) ? (m.Severity as Severity) : "UNKNOWN",
        title: m.Title,
        message: m.Message,
        resource: m.CauseMetadata?.Resource ?? "",
      })),
  );
}

/** Loads and checks the suppression file: every entry needs an id, stacks and a real reason. */
export function loadSuppressions(file: string): Suppression[] {
  const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as { suppressions?: Suppression[] };
  const list = parsed.suppressions ?? [];
  list.forEach((s, i) => {
    if (!s.id || !Array.isArray(s.stacks) || s.stacks.length === 0 || typeof s.reason !== "string" || s.reason.trim().length < 15) {
      throw new Error(`${path.basename(file)}: suppressions[${i}] needs "id", "stacks" (globs) and a "reason" of at least 15 characters`);
    }
    if (s.message !== undefined) {
      try {
        new RegExp(s.message);
      } catch (e) {
        throw new Error(`${path.basename(file)}: suppressions[${i}].message is not a regular expression: ${(e as Error).message}`);
      }
    }
  });
  return list;
}

/** Splits findings into kept and suppressed; also returns the suppressions that matched nothing. */
export function applySuppressions(findings: Finding[], suppressions: Suppression[]) {
  const used = new Set<Suppression>();
  const kept: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const f of findings) {
    const s = suppressions.find(
      (x) => x.id === f.id && x.stacks.some((g) => glob(g).test(f.stack)) && (x.message === undefined || new RegExp(`^(?:${x.message})$`).test(f.message)),
    );
    if (s) {
      used.add(s);
      suppressed.push(f);
    } else kept.push(f);
  }
  return { kept, suppressed, unused: suppressions.filter((s) => !used.has(s)) };
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const failIdx = args.indexOf("--fail-on");
  const failOn = failIdx >= 0 ? args[failIdx + 1] : "HIGH";
  if (failOn !== "NONE" && !(SEVERITIES as readonly string[]).includes(failOn)) {
    console.error(`scan: --fail-on must be one of ${SEVERITIES.join(", ")}, NONE; got ${failOn}`);
    return 2;
  }
  const stacks = synthesizedStacks(args.filter((a, i) => !a.startsWith("--") && (failIdx < 0 || i !== failIdx + 1)));
  const suppressions = loadSuppressions(path.join(__dirname, "scan-suppressions.json"));
  const trivy = execFileSync("bash", [path.join(__dirname, "trivy.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
  const trivyVersion = execFileSync(trivy, ["--version"], { encoding: "utf8" }).split("\n")[0];
  const cacheDir = path.join(path.dirname(path.dirname(trivy)), "trivy-cache");
  // Scanners misread JSON-form nested blocks, so each stack is rendered as HCL with its providers'
  // schemas first; that needs the providers, hence an init like validate's.
  const source = await providerSource();
  const env = terraformEnv(source, (line) => console.log(`scan: ${line}`));
  console.log(`scan: ${trivyVersion}, checks embedded in the binary; ${stacks.length} stacks`);

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "orderbook-scan-"));
  const schemaCache = new Map<string, Promise<ProviderSchemas>>();
  const findings: Finding[] = [];
  try {
    await eachLimited(stacks, 2, async (stack) => {
      const work = path.join(scratch, stack, "work");
      const tfJson = prepareWorkdir(stack, work, source, true);
      const providers = Object.keys(tfJson.terraform?.required_providers ?? {}).sort().join(",");
      if (!schemaCache.has(providers)) {
        schemaCache.set(
          providers,
          (async () => {
            if (!providers) return {};
            const initError = await initWorkdir(work, env);
            if (initError) throw new Error(`${stack}: ${initError}`);
            const r = await run("terraform", ["providers", "schema", "-json"], work, env);
            if (r.code !== 0) throw new Error(`${stack}: terraform providers schema failed: ${r.stderr.trim()}`);
            return JSON.parse(r.stdout) as ProviderSchemas;
          })(),
        );
      }
      const hclDir = path.join(scratch, stack, "hcl");
      fs.mkdirSync(hclDir, { recursive: true });
      fs.writeFileSync(path.join(hclDir, "main.tf"), tfJsonToHcl(tfJson, await schemaCache.get(providers)!));
      const r = await run(
        trivy,
        ["config", "--format", "json", "--quiet", "--skip-check-update", "--cache-dir", cacheDir, "--exit-code", "0", hclDir],
        ROOT,
        process.env,
      );
      if (r.code !== 0) throw new Error(`trivy failed on ${stack}: ${r.stderr.trim()}`);
      findings.push(...parseTrivy(stack, JSON.parse(r.stdout) as TrivyReport));
      process.stdout.write(".");
    });
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
    process.stdout.write("\n");
  }
  const { kept, suppressed, unused } = applySuppressions(findings, suppressions);

  const envOf = (stack: string) => stack.replace(/-(infra|platform|apps)$/, "");
  const byEnv = new Map<string, Finding[]>(stacks.map((st) => [envOf(st), []]));
  for (const f of kept) byEnv.get(envOf(f.stack))!.push(f);
  for (const [env, list] of byEnv) {
    const counts = SEVERITIES.map((sev) => `${list.filter((f) => f.severity === sev).length} ${sev}`).join(", ");
    console.log(`\n== ${env}: ${counts}`);
    for (const sev of SEVERITIES) {
      for (const f of list.filter((x) => x.severity === sev)) {
        console.log(`  ${sev.padEnd(8)} ${f.id.padEnd(14)} ${f.stack.padEnd(18)} ${f.resource}  ${f.title}: ${f.message}`);
      }
    }
  }
  console.log(`\nscanned ${stacks.length} stacks: ${kept.length} failed check(s), ${suppressed.length} suppressed`);
  for (const s of unused) console.log(`note: suppression ${s.id} (${s.stacks.join(", ")}) matched nothing; remove it`);
  const rank = (sev: string) => SEVERITIES.indexOf(sev as Severity);
  const gating = failOn === "NONE" ? [] : kept.filter((f) => f.severity !== "UNKNOWN" && rank(f.severity) <= rank(failOn));
  console.log(`${gating.length} finding(s) at or above ${failOn}`);
  return gating.length > 0 ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => (process.exitCode = code),
    (e) => {
      console.error(`scan: ${(e as Error).message}`);
      process.exitCode = 1;
    },
  );
}

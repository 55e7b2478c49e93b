/**
 * `npm run render:charts -- [--nearest] [<env>...]`: renders every platform chart we can obtain offline with the values
 * the environment passes (`helm template`), and checks the rendered workloads: Pod Security of their
 * namespace's level, resource requests, pinned images; and every value we set is a key of the chart's values.yaml. Charts with no offline source are listed. With
 * `--nearest`, charts whose module the proxy serves only at another build (istio: a default-branch
 * pseudo-version) are rendered from that build too, marked "nearest" in the output.
 * Exit 1 on any finding or render error. TEST TOOLING (needs Go for the chart modules and to build helm).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import YAML from "yaml";
import { loadEnvironments } from "../environments/load";
import { PLATFORM_RESOURCES_CHART } from "../constructs/addons/addon-construct";
import { resolveAddons } from "../constructs/addons/registry";
import { nearestOfflineChartDir, offlineChartDir } from "./lib/offline-charts";
import { checkWorkload, unknownValuePaths } from "./lib/pod-checks";

/** The Kubernetes version charts are rendered for (the lead's decision for every environment). */
const KUBE_VERSION = "1.35.4";

function helmBinary(): string {
  return execFileSync("bash", [path.join(__dirname, "go-tool.sh"), "helm"], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
}

async function main(): Promise<number> {
  const nearest = process.argv.includes("--nearest");
  const names = process.argv.slice(2).filter((a) => a !== "--nearest");
  const envs = loadEnvironments(names.length ? names : undefined);
  const helm = helmBinary();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "render-charts-"));
  const missing = new Set<string>();
  const nearestUsed = new Set<string>();
  let rendered = 0;
  let objects = 0;
  const findings: string[] = [];
  const started = Date.now();

  for (const env of envs) {
    for (const { id, spec } of resolveAddons(env)) {
      const level = spec.namespace.podSecurity;
      const jobs = spec.releases.map((r) => ({
        name: r.name,
        ref: `${r.chart.repository}/${r.chart.name}@${r.chart.version}`,
        values: r.values,
        dir: offlineChartDir(r.chart.repository, r.chart.name, r.chart.version).then(async (exact) => {
          if (exact || !nearest) return exact;
          const near = await nearestOfflineChartDir(r.chart.repository, r.chart.name);
          if (near) nearestUsed.add(`${r.chart.name}@${r.chart.version} rendered from its module at ${near.moduleVersion}`);
          return near?.dir;
        }),
      }));
      if (spec.resources?.length) jobs.push({ name: `${id}-resources`, ref: "platform-resources (in repo)", values: { resources: spec.resources }, dir: Promise.resolve(PLATFORM_RESOURCES_CHART.dir) });
      for (const job of jobs) {
        const dir = await job.dir;
        if (!dir) {
          missing.add(job.ref);
          continue;
        }
        const valuesFile = path.join(tmp, `${env.name}-${job.name}.json`);
        fs.writeFileSync(valuesFile, JSON.stringify(job.values));
        let out: string;
        try {
          out = execFileSync(helm, ["template", job.name, dir, "--namespace", spec.namespace.name, "--kube-version", KUBE_VERSION, "-f", valuesFile], {
            encoding: "utf8",
            stdio: ["ignore", "pipe", "pipe"],
            maxBuffer: 256 * 1024 * 1024,
          });
        } catch (e) {
          findings.push(`${env.name} ${job.name} (${job.ref}): helm template failed: ${String((e as { stderr?: string }).stderr ?? e).trim().split("\n").slice(-3).join(" | ")}`);
          continue;
        }
        rendered++;
        if (!job.ref.startsWith("platform-resources")) {
          const defaults = YAML.parse(fs.readFileSync(path.join(dir, "values.yaml"), "utf8"));
          for (const p of unknownValuePaths(job.values, defaults)) findings.push(`${env.name} ${job.name} (${job.ref}): value "${p}" is not a key of the chart's values.yaml`);
        }
        const docs = YAML.parseAllDocuments(out).map((d) => d.toJSON()).filter((d) => d && typeof d === "object");
        objects += docs.length;
        for (const doc of docs) for (const p of checkWorkload(doc, level)) findings.push(`${env.name} ${job.name} (${job.ref}, namespace ${spec.namespace.name} = ${level}): ${p}`);
        process.stdout.write(`  ${env.name.padEnd(10)} ${job.name.padEnd(32)} ${String(docs.length).padStart(4)} objects  ${job.ref}\n`);
      }
    }
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  console.log(`\nrendered ${rendered} releases (${objects} objects) for ${envs.length} environment(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (nearestUsed.size) console.log(`rendered from the nearest build, not the pinned chart (${nearestUsed.size}):\n${[...nearestUsed].sort().map((m) => `  ${m}`).join("\n")}`);
  console.log(`not obtainable offline (${missing.size}):\n${[...missing].sort().map((m) => `  ${m}`).join("\n")}`);
  if (findings.length) {
    console.log(`\n${findings.length} finding(s):\n${findings.map((f) => `  ${f}`).join("\n")}`);
    return 1;
  }
  console.log("no findings");
  return 0;
}

main().then((code) => process.exit(code), (e) => {
  console.error(`render-charts: ${(e as Error).message}`);
  process.exit(2);
});

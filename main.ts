/**
 * Synthesizes every environment (or those named on the command line) into
 * cdktf.out/stacks/<env>-<layer>/cdk.tf.json.
 *
 *   npm run synth                 all environments
 *   npm run synth -- gcp-dev      one (or several) environments
 *
 * All-or-nothing: environments are validated first and synthesized into a scratch folder that replaces
 * the output only when every stack synthesized, so a bad input never leaves half-written stacks.
 */
import { App } from "cdktf";
import * as fs from "node:fs";
import * as path from "node:path";
import { EnvironmentError, loadEnvironments } from "./environments/load";
import { applyPolicy } from "./stacks/policy";
import { buildEnvironment } from "./stacks/environment";
import { LAYERS } from "./stacks/backend";
import { summarizeStacks, formatSummary } from "./scripts/lib/stack-summary";

function main(argv: readonly string[]): number {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log("usage: npm run synth [-- <environment> ...]\nSynthesizes the named environments (default: all) into cdktf.out/stacks/.");
    return 0;
  }
  const started = Date.now();
  let envs;
  try {
    envs = loadEnvironments(argv);
  } catch (e) {
    if (e instanceof EnvironmentError) {
      console.error(`synth: ${e.message}`);
      return 1;
    }
    throw e;
  }

  const outdir = path.resolve(process.env.CDKTF_OUTDIR ?? "cdktf.out");
  const scratch = `${outdir}.tmp-${process.pid}`;
  const bootstrapNames: string[] = [];
  fs.rmSync(scratch, { recursive: true, force: true });
  try {
    const app = new App({ outdir: scratch });
    for (const env of envs) {
      const built = buildEnvironment(app, env);
      if (built.bootstrap) bootstrapNames.push(built.bootstrap.node.id);
    }
    applyPolicy(app);
    app.synth();
  } catch (e) {
    fs.rmSync(scratch, { recursive: true, force: true });
    console.error(`synth: failed; nothing was written to ${path.relative(process.cwd(), outdir) || outdir}\n${(e as Error).message}`);
    return 1;
  }

  const stackNames = [...envs.flatMap((env) => LAYERS.map((layer) => `${env.name}-${layer}`)), ...bootstrapNames];
  publish(scratch, outdir, stackNames);
  console.log(formatSummary(summarizeStacks(outdir, stackNames)));
  console.log(`synthesized ${stackNames.length} stacks of ${envs.length} environment(s) in ${((Date.now() - started) / 1000).toFixed(2)} s`);
  return 0;
}

/** Moves the synthesized stacks into the output folder, keeping other environments' stacks. */
function publish(scratch: string, outdir: string, stackNames: readonly string[]): void {
  fs.mkdirSync(path.join(outdir, "stacks"), { recursive: true });
  for (const name of stackNames) {
    const target = path.join(outdir, "stacks", name);
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(path.join(scratch, "stacks", name), target);
  }
  const manifestPath = path.join(outdir, "manifest.json");
  const fresh = JSON.parse(fs.readFileSync(path.join(scratch, "manifest.json"), "utf8"));
  if (fs.existsSync(manifestPath)) {
    const old = JSON.parse(fs.readFileSync(manifestPath, "utf8"));
    const kept = Object.fromEntries(
      Object.entries(old.stacks ?? {}).filter(([name]) => !stackNames.includes(name) && fs.existsSync(path.join(outdir, "stacks", name))),
    );
    fresh.stacks = { ...kept, ...fresh.stacks };
  }
  fs.writeFileSync(manifestPath, JSON.stringify(fresh, null, 2));
  fs.rmSync(scratch, { recursive: true, force: true });
}

process.exitCode = main(process.argv.slice(2));

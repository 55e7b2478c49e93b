/**
 * `npm run outputs -- <environment>`: prints the environment outputs document (the `environment_outputs`
 * output of `<env>-apps`, schema docs/contracts/environment-outputs.v1.schema.json) from the stack's state.
 *
 * Local state (`state.backend: local`) is read directly from its file. Remote state (GCS, S3) is read
 * with `terraform output -json` in cdktf.out/stacks/<env>-apps, which needs that folder initialized
 * (`terraform init`, with the cloud credentials the deploy used); this command runs the init when the
 * folder has none. When there is nothing to read yet, it says what to synthesize or deploy first.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { EnvironmentError, loadEnvironments } from "../environments/load";

const ROOT = path.resolve(__dirname, "..");
const OUTPUT = "environment_outputs";

/** What went wrong, phrased as what to do next. */
export class OutputsError extends Error {}

function deployHint(env: string): string {
  return `deploy it first: npx cdktf deploy ${env}-infra ${env}-platform ${env}-apps --skip-provider-lock (README, "Deploying")`;
}

/** The document from a local state file, or an OutputsError saying what to deploy. */
export function readLocalState(env: string, stateFile: string): unknown {
  if (!fs.existsSync(stateFile)) {
    throw new OutputsError(`${env}-apps has no state yet (${path.relative(ROOT, stateFile)}); ${deployHint(env)}`);
  }
  const state = JSON.parse(fs.readFileSync(stateFile, "utf8")) as { outputs?: Record<string, { value: unknown }> };
  const out = state.outputs?.[OUTPUT];
  if (!out) throw new OutputsError(`${env}-apps state has no output "${OUTPUT}" (deployed by an older version, or the apply failed); ${deployHint(env)}`);
  return out.value;
}

function terraform(args: string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync("terraform", args, { cwd, encoding: "utf8", env: { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" } });
  if (r.error) throw new OutputsError(`cannot run terraform (${r.error.message}); install Terraform >= 1.10 or OpenTofu`);
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

/** The document of one environment, read from its `<env>-apps` state. */
export function readOutputs(env: string): unknown {
  const stackDir = path.join(ROOT, "cdktf.out", "stacks", `${env}-apps`);
  const tfJson = path.join(stackDir, "cdk.tf.json");
  if (!fs.existsSync(tfJson)) throw new OutputsError(`${env}-apps is not synthesized; run: npm run synth -- ${env}`);
  const backend = (JSON.parse(fs.readFileSync(tfJson, "utf8")) as { terraform?: { backend?: Record<string, { path?: string }> } }).terraform?.backend ?? {};
  if (backend.local?.path) return readLocalState(env, path.resolve(stackDir, backend.local.path));

  if (!fs.existsSync(path.join(stackDir, ".terraform"))) {
    console.error(`outputs: terraform init in ${path.relative(ROOT, stackDir)} (reads the remote state's location; needs cloud credentials)`);
    const init = terraform(["init", "-input=false"], stackDir);
    if (init.code !== 0) throw new OutputsError(`terraform init failed in ${path.relative(ROOT, stackDir)}:\n${init.stderr.trim()}`);
  }
  const r = terraform(["output", "-json", OUTPUT], stackDir);
  if (r.code !== 0) {
    if (/not found|no outputs/i.test(r.stderr)) throw new OutputsError(`${env}-apps state has no output "${OUTPUT}"; ${deployHint(env)}`);
    throw new OutputsError(`terraform output failed:\n${r.stderr.trim()}`);
  }
  return JSON.parse(r.stdout);
}

function main(argv: string[]): number {
  const names = argv.filter((a) => !a.startsWith("-"));
  if (names.length !== 1 || argv.includes("--help")) {
    console.error("usage: npm run outputs -- <environment>\nPrints the environment outputs document from the <environment>-apps state.");
    return 2;
  }
  try {
    loadEnvironments(names);
    console.log(JSON.stringify(readOutputs(names[0]), null, 2));
    return 0;
  } catch (e) {
    if (e instanceof EnvironmentError || e instanceof OutputsError) {
      console.error(`outputs: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

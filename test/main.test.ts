import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadEnvironments } from "../environments/load";

const ROOT = path.resolve(__dirname, "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

/** Writes every committed environment as plain data into a scratch folder, with `edit` applied to one. */
function scratchEnvironments(edit?: { name: string; mutate: (env: Record<string, any>) => void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "orderbook-envs-"));
  for (const file of fs.readdirSync(path.join(ROOT, "environments"))) {
    if (!/^(local|gcp-|aws-).*\.ts$/.test(file)) continue;
    const raw = structuredClone(require(path.join(ROOT, "environments", file)).default) as Record<string, any>;
    if (edit && file === `${edit.name}.ts`) edit.mutate(raw);
    fs.writeFileSync(path.join(dir, file), `export default ${JSON.stringify(raw, null, 2)};\n`);
  }
  return dir;
}

function synth(envDir: string, outdir: string, args: string[] = []) {
  return spawnSync(TSX, ["main.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ORDERBOOK_ENVIRONMENTS_DIR: envDir, CDKTF_OUTDIR: outdir },
  });
}

describe("npm run synth (main.ts)", () => {
  const outdir = path.join(os.tmpdir(), `orderbook-out-${process.pid}`);
  afterEach(() => fs.rmSync(outdir, { recursive: true, force: true }));

  it("fails when an environment file is broken, naming file, field, value and rule, and writes nothing", () => {
    const envs = scratchEnvironments({ name: "gcp-prod", mutate: (e) => (e.database.highAvailability = false) });
    const result = synth(envs, outdir);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /gcp-prod\.ts: database\.highAvailability: must be true: a prod database is highly available \(required for tier "prod"\); received false/,
    );
    expect(fs.existsSync(outdir)).toBe(false);
  });

  it("leaves earlier output untouched when synth fails", () => {
    fs.mkdirSync(path.join(outdir, "stacks", "old-infra"), { recursive: true });
    fs.writeFileSync(path.join(outdir, "stacks", "old-infra", "cdk.tf.json"), "{}");
    const envs = scratchEnvironments({ name: "aws-dev", mutate: (e) => (e.target = "azure") });
    const result = synth(envs, outdir);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/aws-dev\.ts: target: is not a known target; allowed: gcp, aws, local; received "azure"/);
    expect(fs.readdirSync(path.join(outdir, "stacks"))).toEqual(["old-infra"]);
  });

  it("synthesizes one environment's three stacks and its bootstrap, and prints the summary table", () => {
    const result = synth(scratchEnvironments(), outdir, ["aws-dev"]);
    expect(result.status).toBe(0);
    expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual(["aws-dev-apps", "aws-dev-bootstrap", "aws-dev-infra", "aws-dev-platform"]);
    expect(result.stdout).toMatch(/^aws-dev-infra\s+\d+\s+\d+\s+aws@6\.25\.0$/m);
    expect(result.stdout).toMatch(/synthesized 4 stacks of 1 environment\(s\)/);
  });

  it("keeps other environments' stacks when synthesizing one", () => {
    const envs = scratchEnvironments();
    expect(synth(envs, outdir, ["local"]).status).toBe(0);
    expect(synth(envs, outdir, ["gcp-dev"]).status).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
    expect(Object.keys(manifest.stacks).sort()).toEqual(["gcp-dev-apps", "gcp-dev-bootstrap", "gcp-dev-infra", "gcp-dev-platform", "local-apps", "local-infra", "local-platform"]);
  });

  it("synthesizes all fifteen layer stacks and the four cloud bootstraps by default", () => {
    const result = synth(scratchEnvironments(), outdir);
    expect(result.status).toBe(0);
    expect(fs.readdirSync(path.join(outdir, "stacks"))).toHaveLength(5 * 3 + 4);
    expect(loadEnvironments()).toHaveLength(5);
  });
});

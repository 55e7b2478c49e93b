/**
 * `npm run bench:synth`: wall time of `npm run synth`'s program (all environments, 15 stacks) against a
 * hello-world cdktf program with root provider imports (scripts/bench/hello-world.ts), both run as fresh
 * processes through the same TypeScript runner (tsx), alternating, in the same run.
 *
 *   npm run bench:synth [-- --runs N]     (default 7 runs each, after one warm-up each)
 *
 * Prints each side's median and min, the ratio ours/hello (goal < 1.0) and a last line of JSON.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 7;
if (!Number.isInteger(RUNS) || RUNS < 1) {
  console.error("bench:synth: --runs takes a whole number >= 1");
  process.exit(2);
}

function timeOnce(script: string, outdir: string): number {
  fs.rmSync(outdir, { recursive: true, force: true });
  const start = process.hrtime.bigint();
  const r = spawnSync(TSX, [script], { cwd: ROOT, encoding: "utf8", env: { ...process.env, CDKTF_OUTDIR: outdir } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${script} failed (exit ${r.status}):\n${r.stderr}`);
  return ms;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "orderbook-bench-synth-"));
const sides = [
  { name: "orderbook synth (5 environments, 15 stacks)", script: "main.ts", samples: [] as number[] },
  { name: "cdktf hello world (root imports of provider-aws and provider-google)", script: "scripts/bench/hello-world.ts", samples: [] as number[] },
];
console.log(`bench:synth: ${RUNS} runs each after a warm-up, alternating, on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "unknown cpu"})`);
for (const side of sides) timeOnce(side.script, path.join(scratch, "warmup"));
for (let i = 0; i < RUNS; i++) {
  for (const side of sides) {
    side.samples.push(timeOnce(side.script, path.join(scratch, `out-${i}`)));
    process.stdout.write(".");
  }
}
process.stdout.write("\n");
fs.rmSync(scratch, { recursive: true, force: true });

for (const side of sides) {
  console.log(`${side.name}: median ${(median(side.samples) / 1000).toFixed(2)} s, min ${(Math.min(...side.samples) / 1000).toFixed(2)} s`);
}
const ratio = median(sides[0].samples) / median(sides[1].samples);
console.log(`ratio ours/hello-world (median): ${ratio.toFixed(2)} (goal < 1.0: ${ratio < 1 ? "met" : "NOT met"})`);
console.log(
  JSON.stringify({
    bench: "synth",
    runs: RUNS,
    cores: os.cpus().length,
    oursMedianMs: Math.round(median(sides[0].samples)),
    helloMedianMs: Math.round(median(sides[1].samples)),
    ratio: Number(ratio.toFixed(3)),
  }),
);

import * as fs from "node:fs";
import * as path from "node:path";

/** One synthesized stack, as the synth table shows it. */
export interface StackSummary {
  readonly stack: string;
  readonly resources: number;
  readonly dataSources: number;
  readonly providers: string[];
}

type Block = Record<string, Record<string, unknown>>;

function countBlocks(block: Block | undefined): number {
  return Object.values(block ?? {}).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
}

/** Reads `cdk.tf.json` of each named stack under `<outdir>/stacks`. */
export function summarizeStacks(outdir: string, stackNames: readonly string[]): StackSummary[] {
  return stackNames.map((stack) => {
    const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
    const required = (json.terraform?.required_providers ?? {}) as Record<string, { version?: string }>;
    return {
      stack,
      resources: countBlocks(json.resource),
      dataSources: countBlocks(json.data),
      providers: Object.entries(required).map(([name, p]) => `${name}@${p.version ?? "any"}`).sort(),
    };
  });
}

/** A plain-text table: stack, resources, data sources, providers. */
export function formatSummary(rows: readonly StackSummary[]): string {
  const header = ["stack", "resources", "data", "providers"];
  const cells = rows.map((r) => [r.stack, String(r.resources), String(r.dataSources), r.providers.join(", ") || "(builtin only)"]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((v, i) => (i === 1 || i === 2 ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join("  ").trimEnd();
  const total = rows.reduce((s, r) => s + r.resources, 0);
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...cells.map(line), `total resources: ${total}`].join("\n");
}

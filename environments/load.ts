/**
 * Loads every environment file and parses it with the schema. Loading is all-or-nothing: if any file is
 * invalid, `loadEnvironments` throws an `EnvironmentError` listing every problem in every file, so synth
 * stops before anything is written.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { z } from "zod";
import { environmentSchema, TARGETS, type EnvironmentConfig } from "./schema";

/** Files in the environments folder that are code, not environments. */
const NOT_ENVIRONMENTS = new Set(["schema.ts", "schema-addons.ts", "schema-apps.ts", "schema-bootstrap.ts", "schema-gcp.ts", "load.ts", "regions.ts", "index.ts"]);

/** One problem in one environment file: what a person needs to fix it. */
export interface EnvironmentProblem {
  readonly file: string;
  /** Dotted field path, e.g. `cluster.nodePools.1.taints`; empty for the whole file. */
  readonly field: string;
  /** The value found at that path, JSON-encoded; `undefined` when the field is missing. */
  readonly received: string;
  readonly message: string;
}

/** Thrown when one or more environment files are invalid; `message` is ready to print. */
export class EnvironmentError extends Error {
  constructor(readonly problems: readonly EnvironmentProblem[]) {
    super(
      `${problems.length} problem(s) in environment files; nothing was synthesized:\n` +
        problems.map((p) => `  ${p.file}: ${p.field || "(file)"}: ${p.message}; received ${p.received}`).join("\n"),
    );
    this.name = "EnvironmentError";
  }
}

function valueAt(data: unknown, segments: readonly PropertyKey[]): unknown {
  let cur: unknown = data;
  for (const s of segments) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[s];
  }
  return cur;
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing (missing)";
  const json = JSON.stringify(value);
  return json.length > 120 ? `${json.slice(0, 117)}...` : json;
}

function toProblems(file: string, data: unknown, issues: readonly z.core.$ZodIssue[]): EnvironmentProblem[] {
  return issues.flatMap((issue) => {
    // An unknown key is reported on its parent; report it on the key itself, with its value.
    const targets = issue.code === "unrecognized_keys" ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
    return targets.map((segments) => {
      let message = issue.message;
      if (issue.code === "unrecognized_keys") {
        message = "is not a known field (check the spelling; unknown fields are rejected so typos cannot pass silently)";
      } else if (issue.code === "invalid_union" && segments.join(".") === "target") {
        message = `is not a known target; allowed: ${TARGETS.join(", ")}`;
      }
      return { file, field: segments.map(String).join("."), received: describe(valueAt(data, segments)), message };
    });
  });
}

/**
 * Parses one environment's raw data. `file` is only used in messages (and must be named after the
 * environment: `<name>.ts`).
 */
export function parseEnvironment(raw: unknown, file: string): EnvironmentConfig {
  const result = environmentSchema.safeParse(raw);
  if (!result.success) throw new EnvironmentError(toProblems(file, raw, result.error.issues));
  const expected = path.basename(file).replace(/\.ts$/, "");
  if (result.data.name !== expected) {
    throw new EnvironmentError([
      { file, field: "name", received: describe(result.data.name), message: `must equal the file name ("${expected}")` },
    ]);
  }
  return result.data;
}

/** The folder the environment files live in; tests point it elsewhere. */
export function environmentsDir(): string {
  return process.env.ORDERBOOK_ENVIRONMENTS_DIR ? path.resolve(process.env.ORDERBOOK_ENVIRONMENTS_DIR) : __dirname;
}

/**
 * Loads and validates environments. With `only`, loads just those names (each must exist).
 * Throws `EnvironmentError` with every problem found across all files.
 */
export function loadEnvironments(only: readonly string[] = [], dir = environmentsDir()): EnvironmentConfig[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !NOT_ENVIRONMENTS.has(f))
    .sort();
  const known = files.map((f) => f.replace(/\.ts$/, ""));
  const unknown = only.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new EnvironmentError(
      unknown.map((n) => ({
        file: path.join(path.relative(process.cwd(), dir) || ".", `${n}.ts`),
        field: "",
        received: describe(n),
        message: `no such environment; known: ${known.join(", ")}`,
      })),
    );
  }
  const selected = only.length > 0 ? files.filter((f) => only.includes(f.replace(/\.ts$/, ""))) : files;
  const problems: EnvironmentProblem[] = [];
  const envs: EnvironmentConfig[] = [];
  for (const f of selected) {
    const full = path.join(dir, f);
    const display = path.relative(process.cwd(), full) || full;
    let raw: unknown;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(full) as { default?: unknown };
      raw = mod.default;
    } catch (e) {
      problems.push({ file: display, field: "", received: "a file that does not load", message: (e as Error).message.split("\n")[0] });
      continue;
    }
    if (raw === undefined) {
      problems.push({ file: display, field: "", received: "no default export", message: "must `export default defineEnvironment({...})`" });
      continue;
    }
    try {
      envs.push(parseEnvironment(raw, display));
    } catch (e) {
      if (e instanceof EnvironmentError) problems.push(...e.problems);
      else throw e;
    }
  }
  if (problems.length > 0) throw new EnvironmentError(problems);
  return envs;
}

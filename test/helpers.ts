import { Testing, type TerraformStack } from "cdktf";
import * as fs from "node:fs";
import * as path from "node:path";
import { EnvironmentError, loadEnvironments, parseEnvironment, type EnvironmentProblem } from "../environments/load";
import type { EnvironmentConfig, EnvironmentInput } from "../environments/schema";
import type { NodePoolSpec } from "../constructs/core/node-pool";
import { buildEnvironment } from "../stacks/environment";
import { applyPolicy } from "../stacks/policy";

/** Synthesized Terraform JSON of one stack. */
export type Synth = Record<string, any>;

/** Loads one committed environment by name. */
export function environment(name: string): EnvironmentConfig {
  return loadEnvironments([name])[0];
}

/** Synthesizes a stack (aspects applied, validations run) and parses it. */
export function synthStack(stack: TerraformStack): Synth {
  return JSON.parse(Testing.synth(stack, true));
}

/**
 * Builds a whole environment the way main.ts does (full app synth, so cross-stack references become
 * remote-state reads) and returns each layer's synthesized JSON.
 */
export function synthEnvironment(env: EnvironmentConfig): { infra: Synth; platform: Synth; apps: Synth } {
  const app = Testing.app();
  buildEnvironment(app, env);
  applyPolicy(app);
  app.synth();
  const read = (layer: string) => JSON.parse(fs.readFileSync(path.join(app.outdir, "stacks", `${env.name}-${layer}`, "cdk.tf.json"), "utf8"));
  const result = { infra: read("infra"), platform: read("platform"), apps: read("apps") };
  fs.rmSync(app.outdir, { recursive: true, force: true });
  return result;
}

/**
 * Parses a JSON document cdktf wrote with Terraform references in it (Helm values, a ConfigMap's data),
 * which is valid JSON only once Terraform has interpolated them: a reference in place of a number
 * (`"port": ${data...}`) is read as the reference's string, and double quotes inside a reference
 * (`map["key"]`) are read as single quotes.
 */
export function parseWithReferences(text: string): any {
  const quotesInside = text.replace(/\$\{[^}]*\}/g, (ref) => ref.replaceAll('"', "'"));
  return JSON.parse(quotesInside.replace(/:(\s*)(\$\{[^}]*\})/g, ':$1"$2"'));
}

/** All resources of one type in a synthesized stack, as a list of attribute objects. */
export function resources(synth: Synth, type: string): Record<string, any>[] {
  return Object.values(synth.resource?.[type] ?? {});
}

/** The one resource of a type; fails the test when there is not exactly one. */
export function only(synth: Synth, type: string): Record<string, any> {
  const all = resources(synth, type);
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0];
}

/** A general pool and a tainted engine pool, as the cloud cluster constructs take them. */
export function nodePools(general: string, engine: string): NodePoolSpec[] {
  return [
    { name: "general", machineType: general, minNodes: 1, maxNodes: 3, diskGiB: 50, spot: true, labels: {}, taints: [] },
    {
      name: "engine",
      machineType: engine,
      minNodes: 1,
      maxNodes: 2,
      diskGiB: 100,
      spot: false,
      labels: { "orderbook.dev/pool": "engine" },
      taints: [{ key: "orderbook.dev/dedicated", value: "engine", effect: "NoSchedule" }],
    },
  ];
}

/** A deep copy of a valid environment with `mutate` applied: each test breaks exactly one thing. */
export function brokenEnvironment(base: EnvironmentInput, mutate: (env: Record<string, any>) => void): unknown {
  const copy = structuredClone(base) as Record<string, any>;
  mutate(copy);
  return copy;
}

/** The problems parseEnvironment reports for `raw`; fails the test when it is accepted. */
export function environmentProblems(raw: unknown, file: string): readonly EnvironmentProblem[] {
  try {
    parseEnvironment(raw, file);
  } catch (e) {
    if (e instanceof EnvironmentError) return e.problems;
    throw e;
  }
  throw new Error("expected the environment to be rejected");
}

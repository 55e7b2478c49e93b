import { brokenEnvironment, environmentProblems } from "../helpers";
import { parseEnvironment } from "../../environments/load";
import gcpProd from "../../environments/gcp-prod";
import local from "../../environments/local";


/** The problems the schema reports, one line each. */
function problems(raw: unknown, file: string): string[] {
  return environmentProblems(raw, file).map((p) => `${p.field}: ${p.message}`);
}

describe("apps schema", () => {
  it("defaults the engine's snapshot volume and disables test funds", () => {
    const env = parseEnvironment(local, "environments/local.ts");
    expect(env.apps.engine.snapshotGiB).toBe(10);
    expect(env.apps.devDeposits).toBe(false);
  });

  it("fails when a CPU request has a memory unit", () => {
    const out = problems(brokenEnvironment(local, (e) => (e.apps.api.resources.cpu = "1Gi")), "environments/local.ts");
    expect(out).toEqual(["apps.api.resources.cpu: a Kubernetes CPU quantity such as 500m or 2"]);
  });

  it("fails when a web tier sets both replicas and autoscaling", () => {
    const out = problems(brokenEnvironment(local, (e) => (e.apps.api.autoscaling = { minReplicas: 1, maxReplicas: 2 })), "environments/local.ts");
    expect(out).toEqual(["apps.api: needs exactly one of replicas (fixed) or autoscaling (the HPA owns the count)"]);
  });

  it("fails when autoscaling's minimum exceeds its maximum", () => {
    const out = problems(brokenEnvironment(gcpProd, (e) => (e.apps.frontend.autoscaling = { minReplicas: 5, maxReplicas: 4 })), "environments/gcp-prod.ts");
    expect(out).toContain("apps.frontend.autoscaling.minReplicas: must not exceed maxReplicas (4)");
  });

  it("fails when there are more engine shards than input partitions", () => {
    const out = problems(brokenEnvironment(local, (e) => (e.apps.engine.replicas = 4)), "environments/local.ts");
    expect(out).toEqual(["apps.engine.replicas: must not exceed kafka.partitions (3): each engine pod owns at least one input partition"]);
  });

  it("fails when a prod web tier does not autoscale from at least 3 replicas", () => {
    const out = problems(
      brokenEnvironment(gcpProd, (e) => {
        delete e.apps.api.autoscaling;
        e.apps.api.replicas = 3;
      }),
      "environments/gcp-prod.ts",
    );
    expect(out).toEqual(['apps.api.autoscaling.minReplicas: must be at least 3: a prod web tier autoscales from 3 replicas (required for tier "prod")']);
  });

  it("fails when prod offers test funds", () => {
    const out = problems(brokenEnvironment(gcpProd, (e) => (e.apps.devDeposits = true)), "environments/gcp-prod.ts");
    expect(out).toEqual(['apps.devDeposits: must be false: test funds are never offered in prod (required for tier "prod")']);
  });

  it("fails when an image tag is 'latest'", () => {
    const out = problems(brokenEnvironment(local, (e) => (e.apps.frontend.tag = "latest")), "environments/local.ts");
    expect(out).toEqual(["apps.frontend.tag: a pinned tag; 'latest' is not reproducible"]);
  });
});

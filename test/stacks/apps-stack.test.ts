import { Testing } from "cdktf";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadEnvironments } from "../../environments/load";
import { buildEnvironment } from "../../stacks/environment";
import { applyPolicy } from "../../stacks/policy";
import { environment, resources, synthEnvironment, type Synth } from "../helpers";

const releases = (apps: Synth) => Object.fromEntries(resources(apps, "helm_release").map((r) => [r.name, r]));
const values = (release: Record<string, any>) => JSON.parse(release.values[0]);

describe("AppsStack", () => {
  const prod = synthEnvironment(environment("gcp-prod")).apps;

  it("installs the engine, API and frontend from their in-repo charts at the charts' versions", () => {
    const r = releases(prod);
    expect(Object.keys(r).sort()).toEqual(["api", "engine", "frontend"]);
    for (const name of ["engine", "api", "frontend"]) {
      expect(r[name].chart).toMatch(/^\.\/assets\/release-[a-z]+_chart_[0-9A-F]+\/[0-9A-F]+$/);
      expect(r[name].version).toBe(/^version:\s*(\S+)/m.exec(fs.readFileSync(path.join(__dirname, `../../apps/${name}/chart/Chart.yaml`), "utf8"))![1]);
      expect(r[name]).toMatchObject({ namespace: expect.stringContaining("kubernetes_namespace_v1"), wait: true, atomic: true });
    }
  });

  it("installs the API after the engine and the frontend after the API", () => {
    const r = releases(prod);
    expect(r.api.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^helm_release\.release-engine/)]));
    expect(r.frontend.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^helm_release\.release-api/)]));
  });

  it("takes image repositories and tags from the environment", () => {
    expect(values(releases(prod).api).image).toEqual({ repository: "europe-west3-docker.pkg.dev/orderbook-prod-7310/orderbook/api", tag: "0.1.0", pullPolicy: "IfNotPresent" });
  });

  it("publishes the outputs document in the ConfigMap platform/platform-outputs", () => {
    const cms = resources(prod, "kubernetes_config_map_v1");
    expect(cms).toHaveLength(1);
    expect(cms[0].metadata.name).toBe("platform-outputs");
    expect(cms[0].metadata.namespace).toMatch(/kubernetes_namespace_v1\.ns-platform/);
    const doc = JSON.parse(cms[0].data["environment-outputs.json"]);
    expect(doc).toMatchObject({ environment: "gcp-prod", schemaVersion: "1", urls: { app: "https://app.orderbook.example.com" } });
  });

  it("has the output environment_outputs holding the same document as the ConfigMap", () => {
    const cm = JSON.parse(resources(prod, "kubernetes_config_map_v1")[0].data["environment-outputs.json"]);
    const out = prod.output.environment_outputs.value;
    expect(out.urls).toEqual(cm.urls);
    expect(out.kafka).toEqual(cm.kafka);
    expect(out.database.host).toBe(cm.database.host);
  });
});

describe("stack outputs", () => {
  // Renaming an output breaks whoever reads it (CI, `npm run outputs`, the layer above): this snapshot
  // makes every rename a reviewed change.
  it("keeps every stack's output names", () => {
    const app = Testing.app();
    for (const env of loadEnvironments([])) buildEnvironment(app, env);
    applyPolicy(app);
    app.synth();
    const dir = path.join(app.outdir, "stacks");
    const names: Record<string, string[]> = {};
    for (const stack of fs.readdirSync(dir).sort()) {
      const synth = JSON.parse(fs.readFileSync(path.join(dir, stack, "cdk.tf.json"), "utf8"));
      // cdktf's generated cross-stack outputs are not part of the contract.
      names[stack] = Object.keys(synth.output ?? {}).filter((n) => !n.startsWith("cross-stack-output-")).sort();
    }
    fs.rmSync(app.outdir, { recursive: true, force: true });
    expect(names).toMatchSnapshot();
  });
});

import { Testing } from "cdktf";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadEnvironments } from "../../environments/load";
import { buildEnvironment } from "../../stacks/environment";
import { applyPolicy } from "../../stacks/policy";
import { environment, parseWithReferences, resources, synthEnvironment, type Synth } from "../helpers";

const releases = (apps: Synth) => Object.fromEntries(resources(apps, "helm_release").map((r) => [r.name, r]));
const values = (release: Record<string, any>) => parseWithReferences(release.values[0]);
const ref = (output: string) => `\${data.terraform_remote_state.infra.outputs.${output}}`;

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

  it("reads the managed database, cache, registry and API secrets from the infra stack's named outputs", () => {
    const api = values(releases(prod).api);
    expect(api.database).toMatchObject({ host: ref("database_host"), port: ref("database_port"), name: ref("database_name"), username: ref("database_username"), readHost: ref("database_read_host"), sslMode: "require" });
    expect(api.cache).toEqual({ host: ref("cache_host"), port: ref("cache_port"), tls: true });
    expect(api.externalSecrets.remoteKeys).toMatchObject({
      databasePassword: { key: ref("database_password_secret"), property: "" },
      cachePassword: { key: ref("cache_auth_secret"), property: "" },
      cacheCa: { key: ref("cache_ca_secret"), property: "" },
      jwtSecret: { key: ref("jwt_signing_key_secret") },
      apiKeyEncryptionKey: { key: ref("api_key_encryption_key_secret") },
    });
    expect(prod.output.environment_outputs.value.registry.url).toBe(ref("registry_url"));
  });

  it("reads the RDS-managed password from the property password of its JSON secret on AWS", () => {
    const api = values(releases(synthEnvironment(environment("aws-dev")).apps).api);
    expect(api.externalSecrets.remoteKeys.databasePassword).toEqual({ key: ref("database_password_secret"), property: "password", storeName: "" });
    expect(api.externalSecrets.remoteKeys.jwtSecret.key).toBe("${data.terraform_remote_state.infra.outputs.app_secret_names['jwt-signing-key']}");
  });

  it("uses the in-cluster database and cache locally, with the credentials their operators generated", () => {
    const api = values(releases(synthEnvironment(environment("local")).apps).api);
    expect(api.database.host).toBe("orderbook-db-pooler-rw.postgres.svc.cluster.local");
    expect(api.externalSecrets.remoteKeys.databasePassword).toEqual({ key: "orderbook-db-app", property: "password", storeName: "postgres-credentials" });
    expect(api.externalSecrets.remoteKeys.cachePassword).toEqual({ key: "valkey-auth", property: "password", storeName: "valkey-credentials" });
    expect(api.externalSecrets.remoteKeys.jwtSecret).toEqual({ key: "local-api-jwt-secret", property: "value", storeName: "" });
  });

  it("publishes the outputs document in the ConfigMap platform/platform-outputs", () => {
    const cms = resources(prod, "kubernetes_config_map_v1");
    expect(cms).toHaveLength(1);
    expect(cms[0].metadata.name).toBe("platform-outputs");
    expect(cms[0].metadata.namespace).toMatch(/kubernetes_namespace_v1\.ns-platform/);
    const doc = parseWithReferences(cms[0].data["environment-outputs.json"]);
    expect(doc).toMatchObject({ environment: "gcp-prod", schemaVersion: "1", urls: { app: "https://app.orderbook.example.com" } });
  });

  it("has the output environment_outputs holding the same document as the ConfigMap", () => {
    const cm = parseWithReferences(resources(prod, "kubernetes_config_map_v1")[0].data["environment-outputs.json"]);
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

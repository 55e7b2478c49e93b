import Ajv2020 from "ajv/dist/2020";
import * as fs from "node:fs";
import * as path from "node:path";
import { environmentOutputs } from "../../../constructs/apps/environment-outputs";
import { loadEnvironments } from "../../../environments/load";
import { defaultAppEndpoints } from "../../../stacks/apps-endpoints";

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "../../../docs/contracts/environment-outputs.v1.schema.json"), "utf8"));
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
const envs = loadEnvironments([]);

describe("environmentOutputs", () => {
  it.each(envs.map((e) => [e.name, e] as const))("builds a document for %s that matches the v1 schema", (_name, env) => {
    const doc = environmentOutputs(env, defaultAppEndpoints(env), `${env.name}-cluster`, "exchange");
    validate(doc);
    expect(validate.errors ?? []).toEqual([]);
  });

  it("gives local plain-HTTP *.localhost URLs on the gateway's loopback port, admin UIs included", () => {
    const [local] = loadEnvironments(["local"]);
    expect(environmentOutputs(local, defaultAppEndpoints(local), "c1", "exchange").urls).toEqual({
      app: "http://app.localhost:8080",
      api: "http://api.localhost:8080/api/v1",
      websocket: "ws://api.localhost:8080/ws",
      grafana: "http://grafana.localhost:8080",
      kafkaUi: "http://kafka.localhost:8080",
      pgadmin: "http://pgadmin.localhost:8080",
    });
  });

  it("keeps HTTPS URLs without admin UIs in the cloud", () => {
    const [aws] = loadEnvironments(["aws-prod"]);
    expect(environmentOutputs(aws, defaultAppEndpoints(aws), "c1", "exchange").urls).toEqual({
      app: "https://app.orderbook.example.net",
      api: "https://api.orderbook.example.net/api/v1",
      websocket: "wss://api.orderbook.example.net/ws",
      grafana: "https://grafana.orderbook.example.net",
    });
  });

  it("tells how to get credentials for the target's cluster", () => {
    const [aws] = loadEnvironments(["aws-prod"]);
    expect(environmentOutputs(aws, defaultAppEndpoints(aws), "c1", "exchange").cluster.getCredentials).toBe("aws eks update-kubeconfig --name c1 --region eu-central-1");
  });

  it("names the database password's secret and holds no secret value", () => {
    const [gcp] = loadEnvironments(["gcp-prod"]);
    const doc = environmentOutputs(gcp, defaultAppEndpoints(gcp), "c1", "exchange");
    expect(doc.database.passwordSecretName).toBe("example-database-password-secret");
    const keys = JSON.stringify(doc).match(/"[A-Za-z]*(password|token|secret)[A-Za-z]*":/gi) ?? [];
    // Only names of secrets and of the store: no field that could carry a value.
    expect(keys.sort()).toEqual(['"authSecretName":', '"caSecretName":', '"passwordSecretName":', '"secretStore":']);
  });

  it("fails schema validation when a field is renamed (the contract is closed)", () => {
    const [local] = loadEnvironments(["local"]);
    const { kafka, ...rest } = environmentOutputs(local, defaultAppEndpoints(local), "c1", "exchange");
    expect(validate({ ...rest, kafkaCluster: kafka })).toBe(false);
    expect(validate.errors?.map((e) => e.message)).toEqual(expect.arrayContaining(["must have required property 'kafka'", "must NOT have additional properties"]));
  });
});

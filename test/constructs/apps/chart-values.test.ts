import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { apiValues, engineInstruments, engineValues, frontendValues, millicores } from "../../../constructs/apps/chart-values";
import type { AppEndpoints } from "../../../constructs/apps/app-endpoints";
import type { EnvironmentConfig } from "../../../environments/schema";
import { defaultAppEndpoints } from "../../../stacks/apps-endpoints";
import { environment } from "../../helpers";

const local = environment("local");
const prod = environment("aws-prod");
const get = (values: Record<string, unknown>, path: string): any => path.split(".").reduce<any>((o, k) => o?.[k], values);

describe("engineValues", () => {
  it("places the engine on the environment's engine pool by its label and taint", () => {
    const v = engineValues(prod, defaultAppEndpoints(prod));
    expect(v.nodeSelector).toEqual({ "orderbook.dev/pool": "engine" });
    expect(v.tolerations).toEqual([{ key: "orderbook.dev/dedicated", operator: "Equal", value: "engine", effect: "NoSchedule" }]);
  });

  it("runs one pod per configured shard and creates topics with the environment's partitions", () => {
    const env: EnvironmentConfig = { ...prod, apps: { ...prod.apps, engine: { ...prod.apps.engine, replicas: 4 } } };
    const v = engineValues(env, defaultAppEndpoints(env));
    expect(v.shards).toBe(4);
    expect(get(v, "config.inputPartitions")).toBe(12);
  });

  it("gives the engine the API's instruments in engine units on every target", () => {
    const expected = JSON.parse(fs.readFileSync(path.join(__dirname, "../../../apps/api/instruments.engine.json"), "utf8"));
    for (const env of [local, prod]) expect(JSON.parse(get(engineValues(env, defaultAppEndpoints(env)), "config.instruments"))).toEqual(expected);
    expect(expected.map((i: { symbol: string }) => i.symbol)).toEqual(JSON.parse(fs.readFileSync(path.join(__dirname, "../../../apps/api/instruments.json"), "utf8")).instruments.map((i: { symbol: string }) => i.symbol));
  });

  it("fails when the engine instruments file is not a non-empty array", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "instruments-")), "engine.json");
    fs.writeFileSync(file, "[]");
    expect(() => engineInstruments(file)).toThrow(/expected a non-empty JSON array of engine instruments/);
  });

  it("sizes the snapshot volume from the config", () => {
    const env: EnvironmentConfig = { ...local, apps: { ...local.apps, engine: { ...local.apps.engine, snapshotGiB: 25, storageClass: "fast-ssd" } } };
    expect(engineValues(env, defaultAppEndpoints(env)).snapshots).toEqual({ sizeGiB: 25, storageClass: "fast-ssd" });
  });

  it("limits the engine's CPU to its request (Guaranteed QoS)", () => {
    expect(engineValues(prod, defaultAppEndpoints(prod)).resources).toEqual({ requests: { cpu: "4", memory: "8Gi" }, limits: { cpu: "4", memory: "8Gi" } });
  });

  it("connects to the platform's Kafka over TLS as the engine's SCRAM user, with the CA and password from the credentials store", () => {
    const v = engineValues(prod, defaultAppEndpoints(prod));
    expect(get(v, "config.kafkaBrokers")).toBe("platform-kafka-bootstrap.kafka.svc.cluster.local:9093");
    expect(v.kafka).toEqual({
      tls: true,
      sasl: { mechanism: "SCRAM-SHA-512", username: "engine" },
      credentials: { externalSecret: true, storeName: "kafka-credentials", storeKind: "ClusterSecretStore", refreshInterval: "1h", caKey: "platform-cluster-ca-cert", passwordKey: "engine" },
    });
  });

  it("fails when the Kafka endpoint names credentials but no store to read them from", () => {
    const ep = defaultAppEndpoints(local);
    const noStore: AppEndpoints = { ...ep, kafka: { ...ep.kafka, credentialsStore: undefined } };
    expect(() => engineValues(local, noStore)).toThrow(/names a CA or SASL credentials but no credentialsStore/);
  });

  it("fails when the Kafka endpoint asks for SASL without TLS", () => {
    const ep = defaultAppEndpoints(local);
    expect(() => engineValues(local, { ...ep, kafka: { ...ep.kafka, tls: false } })).toThrow(/kafka.sasl needs tls/);
  });
});

describe("apiValues", () => {
  it("connects to Kafka as the API's own SCRAM user", () => {
    const v = apiValues(local, defaultAppEndpoints(local));
    expect(get(v, "kafka.sasl")).toEqual({ mechanism: "SCRAM-SHA-512", username: "api" });
    expect(get(v, "kafka.credentials.passwordKey")).toBe("api");
  });

  it("autoscales a prod API with the configured bounds and sets no fixed replica count", () => {
    const v = apiValues(prod, defaultAppEndpoints(prod));
    expect(v.autoscaling).toEqual({ enabled: true, minReplicas: 3, maxReplicas: 10, targetCPUUtilizationPercentage: 70 });
    expect(v.replicas).toBeUndefined();
  });

  it("runs a fixed replica count without an HPA when autoscaling is not configured", () => {
    const v = apiValues(local, defaultAppEndpoints(local));
    expect(v.replicas).toBe(1);
    expect(v.autoscaling).toEqual({ enabled: false });
  });

  it("shares rate-limit counters across replicas only when there is more than one", () => {
    expect(get(apiValues(local, defaultAppEndpoints(local)), "config.rateLimitShared")).toBe(false);
    expect(get(apiValues(prod, defaultAppEndpoints(prod)), "config.rateLimitShared")).toBe(true);
  });

  it("reads secrets by name from the cloud secret manager, and from property `value` in map stores", () => {
    expect(get(apiValues(prod, defaultAppEndpoints(prod)), "externalSecrets.remoteKeys.cachePassword")).toEqual({ key: "example-cache-auth-secret", property: "", storeName: "" });
    expect(get(apiValues(local, defaultAppEndpoints(local)), "externalSecrets.remoteKeys.apiKeyEncryptionKey")).toEqual({ key: "local-api-key-encryption-key", property: "value", storeName: "" });
  });

  it("names an operator-provided Secret when the cluster has no External Secrets Operator", () => {
    const ep = defaultAppEndpoints(local);
    const v = apiValues(local, { ...ep, capabilities: { ...ep.capabilities, externalSecrets: false } });
    expect(get(v, "externalSecrets.enabled")).toBe(false);
    expect(get(v, "externalSecrets.existingSecret")).toBe("api-env");
  });

  it("routes the API's hostname through the platform's gateway", () => {
    const v = apiValues(prod, defaultAppEndpoints(prod));
    expect(v.httpRoute).toEqual({ enabled: true, parentRef: { name: "platform", namespace: "gateway", sectionName: "" }, hostnames: ["api.orderbook.example.net"] });
  });

  it("fails when the database is MySQL, which the API does not speak", () => {
    const ep = defaultAppEndpoints(prod);
    expect(() => apiValues(prod, { ...ep, database: { ...ep.database, engine: "mysql" } })).toThrow(/speaks PostgreSQL only/);
  });
});

describe("resources and images of every chart", () => {
  it("lets the web tiers burst to twice their CPU request, with memory limited to the request", () => {
    expect(apiValues(prod, defaultAppEndpoints(prod)).resources).toEqual({ requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "2000m", memory: "1Gi" } });
    expect(get(frontendValues(local, defaultAppEndpoints(local), "exchange"), "resources.limits")).toEqual({ cpu: "200m", memory: "256Mi" });
  });

  it("reads CPU quantities in cores and millicores", () => {
    expect([millicores("250m"), millicores("2"), millicores("1.5")]).toEqual([250, 2000, 1500]);
  });

  it("fails when a CPU quantity has a memory unit", () => {
    expect(() => millicores("1Gi")).toThrow('CPU quantity "1Gi" is not cores ("2", "1.5") or millicores ("500m")');
  });

  it("pulls images from a cloud registry, and never pulls on k3d where they are imported", () => {
    expect(get(apiValues(prod, defaultAppEndpoints(prod)), "image.pullPolicy")).toBe("IfNotPresent");
    for (const v of [engineValues(local, defaultAppEndpoints(local)), apiValues(local, defaultAppEndpoints(local)), frontendValues(local, defaultAppEndpoints(local), "exchange")]) {
      expect(get(v, "image.pullPolicy")).toBe("Never");
    }
  });
});

describe("frontendValues", () => {
  it("calls the API through its in-cluster Service and gives browsers the public API URL", () => {
    const v = frontendValues(prod, defaultAppEndpoints(prod), "exchange");
    expect(v.config).toMatchObject({ apiUrl: "http://api.exchange.svc.cluster.local:3000", apiPublicUrl: "https://api.orderbook.example.net" });
  });

  it("gives browsers the loopback API URL locally, with cookies Safari keeps on plain HTTP, and Secure cookies in the cloud", () => {
    expect(frontendValues(local, defaultAppEndpoints(local), "exchange").config).toMatchObject({ apiPublicUrl: "http://api.localhost:8080", sessionCookieSecure: false });
    expect(get(frontendValues(prod, defaultAppEndpoints(prod), "exchange"), "config.sessionCookieSecure")).toBe(true);
  });

  it("offers test funds only where the environment enables them", () => {
    const env: EnvironmentConfig = { ...local, apps: { ...local.apps, devDeposits: true } };
    expect(get(frontendValues(env, defaultAppEndpoints(env), "exchange"), "config.devDeposits")).toBe(true);
    expect(get(frontendValues(prod, defaultAppEndpoints(prod), "exchange"), "config.devDeposits")).toBe(false);
  });
});

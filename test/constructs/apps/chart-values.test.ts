import { apiValues, engineValues, frontendValues, millicores } from "../../../constructs/apps/chart-values";
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

  it("sizes the snapshot volume from the config", () => {
    const env: EnvironmentConfig = { ...local, apps: { ...local.apps, engine: { ...local.apps.engine, snapshotGiB: 25, storageClass: "fast-ssd" } } };
    expect(engineValues(env, defaultAppEndpoints(env)).snapshots).toEqual({ sizeGiB: 25, storageClass: "fast-ssd" });
  });

  it("limits the engine's CPU to its request (Guaranteed QoS)", () => {
    expect(engineValues(prod, defaultAppEndpoints(prod)).resources).toEqual({ requests: { cpu: "4", memory: "8Gi" }, limits: { cpu: "4", memory: "8Gi" } });
  });

  it("fails when the Kafka endpoint needs TLS, which the apps cannot speak", () => {
    const ep: AppEndpoints = { ...defaultAppEndpoints(local), kafka: { bootstrapServers: "k:9093", tls: true } };
    expect(() => engineValues(local, ep)).toThrow(/kafka.tls is true, but the engine and API have no Kafka TLS settings/);
  });
});

describe("apiValues", () => {
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
    expect(get(apiValues(prod, defaultAppEndpoints(prod)), "externalSecrets.remoteKeys.databasePassword")).toEqual({ key: "aws-prod-db-password", property: "" });
    expect(get(apiValues(local, defaultAppEndpoints(local)), "externalSecrets.remoteKeys.databasePassword")).toEqual({ key: "local-db-password", property: "value" });
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

import { environmentSchema, type EnvironmentConfig, type EnvironmentInput } from "../../../environments/schema";
import localInput from "../../../environments/local";
import gcpDevInput from "../../../environments/gcp-dev";
import { resolveAddons, type ResolvedAddon } from "../../../constructs/addons/registry";

const parse = (input: EnvironmentInput, addons: Record<string, unknown> = {}): EnvironmentConfig =>
  environmentSchema.parse({ ...input, addons: { ...(input.addons ?? {}), ...addons } });
const local = parse(localInput);

const addon = (env: EnvironmentConfig, id: string): ResolvedAddon => {
  const found = resolveAddons(env).find((a) => a.id === id);
  if (!found) throw new Error(`no add-on ${id} in ${env.name}`);
  return found;
};
const values = (env: EnvironmentConfig, id: string) => addon(env, id).spec.releases[0].values as any;
const route = (env: EnvironmentConfig, id: string) => (addon(env, id).spec.resources ?? []).find((o) => o.kind === "HTTPRoute") as any;
const ids = (env: EnvironmentConfig) => resolveAddons(env).map((a) => a.id);

describe("admin UIs", () => {
  it("run locally by default and in no cloud environment", () => {
    expect(ids(local)).toEqual(expect.arrayContaining(["kafka-ui", "pgadmin"]));
    const cloud = ids(parse(gcpDevInput));
    expect(cloud).not.toContain("kafka-ui");
    expect(cloud).not.toContain("pgadmin");
  });

  it("are left out locally when addons.adminUis is false", () => {
    const off = ids(parse(localInput, { adminUis: false }));
    expect(off).not.toContain("kafka-ui");
    expect(off).not.toContain("pgadmin");
  });

  it("route their *.localhost hostnames to their Services through the platform Gateway", () => {
    expect([route(local, "kafka-ui").spec.hostnames, route(local, "kafka-ui").spec.rules[0].backendRefs[0].name]).toEqual([["kafka.localhost"], "kafka-ui"]);
    expect([route(local, "pgadmin").spec.hostnames, route(local, "pgadmin").spec.rules[0].backendRefs[0].name]).toEqual([["pgadmin.localhost"], "pgadmin"]);
    expect(route(local, "pgadmin").spec.parentRefs).toEqual([{ name: "platform", namespace: "gateway" }]);
  });

  it("pin upstream charts exactly: kafbat's kafka-ui and runix pgadmin4", () => {
    expect(addon(local, "kafka-ui").spec.releases[0].chart).toEqual({ repository: "https://kafbat.github.io/helm-charts", name: "kafka-ui", version: "1.5.2" });
    expect(addon(local, "pgadmin").spec.releases[0].chart).toEqual({ repository: "https://helm.runix.net", name: "pgadmin4", version: "1.66.0" });
  });
});

describe("Kafka UI", () => {
  it("connects read-only to the TLS listener with its KafkaUser's SCRAM credentials, as the apps do", () => {
    const { config, secretMappings } = values(local, "kafka-ui").envs;
    expect(config).toMatchObject({
      KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS: "platform-kafka-bootstrap.kafka.svc:9093",
      KAFKA_CLUSTERS_0_READONLY: "true",
      KAFKA_CLUSTERS_0_PROPERTIES_SECURITY_PROTOCOL: "SASL_SSL",
      KAFKA_CLUSTERS_0_PROPERTIES_SASL_MECHANISM: "SCRAM-SHA-512",
    });
    expect(secretMappings.KAFKA_CLUSTERS_0_PROPERTIES_SASL_JAAS_CONFIG).toEqual({ name: "kafka-ui", keyName: "sasl.jaas.config" });
    expect(values(local, "kafka-ui").volumes.map((v: any) => v.secret?.secretName).filter(Boolean)).toEqual(["platform-cluster-ca-cert"]);
  });

  it("gets a SCRAM KafkaUser from the strimzi add-on (the listener's only authentication) whose ACLs never write or alter", () => {
    const user = (addon(local, "strimzi").spec.resources ?? []).find((o) => o.kind === "KafkaUser" && o.metadata.name === "kafka-ui") as any;
    const operations = user.spec.authorization.acls.flatMap((a: any) => a.operations);
    expect(user.spec.authentication.type).toBe("scram-sha-512");
    expect(operations.filter((o: string) => !/^(Describe|DescribeConfigs|Read)$/.test(o))).toEqual([]);
  });

  it("is reachable from the gateway because Kafka's namespace admits it while the UI runs", () => {
    expect(addon(local, "strimzi").spec.network?.ingressFromNamespaces).toContain("gateway");
    expect(addon(parse(localInput, { adminUis: false }), "strimzi").spec.network?.ingressFromNamespaces).not.toContain("gateway");
  });
});

describe("pgAdmin", () => {
  it("registers the database's PgBouncer pooler as a server", () => {
    expect(values(local, "pgadmin").serverDefinitions.servers.orderbook).toMatchObject({ Host: "orderbook-db-pooler-rw.postgres.svc", Port: 5432, Username: "orderbook" });
  });

  it("listens on 8080 as a non-root user so its namespace stays restricted", () => {
    const v = values(local, "pgadmin");
    expect(v.env.variables).toEqual(expect.arrayContaining([{ name: "PGADMIN_LISTEN_PORT", value: "8080" }]));
    expect([v.service.targetPort, v.containerPorts.http, v.containerSecurityContext.capabilities.drop]).toEqual([8080, 8080, ["ALL"]]);
    expect(addon(local, "pgadmin").spec.namespace.podSecurity).toBe("restricted");
  });

  it("may reach only the database namespace, which admits it", () => {
    expect(addon(local, "pgadmin").spec.network?.egressToNamespaces).toEqual(["postgres"]);
    expect(addon(local, "cloudnative-pg").spec.network?.ingressFromNamespaces).toContain("pgadmin");
  });
});

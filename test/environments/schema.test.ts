import { brokenEnvironment, environmentProblems } from "../helpers";
import { loadEnvironments, parseEnvironment } from "../../environments/load";
import gcpProd from "../../environments/gcp-prod";
import awsDev from "../../environments/aws-dev";
import local from "../../environments/local";


/** The problems the schema reports, one line each. */
function problems(raw: unknown, file: string): string[] {
  return environmentProblems(raw, file).map((p) => `${p.file}: ${p.field}: ${p.message}; received ${p.received}`);
}

describe("environment schema", () => {
  it("accepts every committed environment and fills defaults", () => {
    const envs = loadEnvironments();
    expect(envs.map((e) => e.name)).toEqual(["aws-dev", "aws-prod", "gcp-dev", "gcp-prod", "local"]);
    const dev = envs.find((e) => e.name === "aws-dev")!;
    expect(dev.cluster.nodePools[0].diskGiB).toBe(50);
    expect(dev.cluster.privateEndpoint).toBe(true);
  });

  it("fails when a field has the wrong type", () => {
    const out = problems(brokenEnvironment(awsDev, (e) => (e.database.diskGiB = "twenty")), "environments/aws-dev.ts");
    expect(out).toEqual([expect.stringMatching(/^environments\/aws-dev\.ts: database\.diskGiB: .*expected number.*; received "twenty"$/)]);
  });

  it("fails when a field is unknown (a typo)", () => {
    const out = problems(brokenEnvironment(awsDev, (e) => (e.database.highAvailabilty = true)), "environments/aws-dev.ts");
    expect(out).toEqual([expect.stringMatching(/database\.highAvailabilty: is not a known field .*; received true$/)]);
  });

  it("fails when the target is unknown", () => {
    const out = problems(brokenEnvironment(awsDev, (e) => (e.target = "azure")), "environments/aws-dev.ts");
    expect(out.join("\n")).toMatch(/target: .*(gcp|aws|local).*; received "azure"/);
  });

  it("fails when network ranges overlap", () => {
    const out = problems(brokenEnvironment(awsDev, (e) => (e.network.podsCidr = "10.30.128.0/17")), "environments/aws-dev.ts");
    expect(out).toEqual([expect.stringMatching(/network\.podsCidr: overlaps network\.cidr \(10\.30\.0\.0\/16\).*; received "10\.30\.128\.0\/17"$/)]);
  });

  it("fails when a CIDR is malformed or has host bits set", () => {
    const out = problems(brokenEnvironment(awsDev, (e) => (e.network.cidr = "10.30.0.1/16")), "environments/aws-dev.ts");
    expect(out.join("\n")).toMatch(/network\.cidr: an IPv4 CIDR such as 10\.0\.0\.0\/16; received "10\.30\.0\.1\/16"/);
  });

  it("fails when a region does not exist", () => {
    const out = problems(brokenEnvironment(awsDev, (e) => (e.aws.region = "eu-central-9")), "environments/aws-dev.ts");
    expect(out).toEqual([expect.stringMatching(/aws\.region: .*"eu-central-1".*; received "eu-central-9"$/)]);
  });

  it("fails when a prod database is not highly available", () => {
    const out = problems(brokenEnvironment(gcpProd, (e) => (e.database.highAvailability = false)), "environments/gcp-prod.ts");
    expect(out).toEqual([
      'environments/gcp-prod.ts: database.highAvailability: must be true: a prod database is highly available (required for tier "prod"); received false',
    ]);
  });

  it("fails when a prod database lacks deletion protection", () => {
    const out = problems(brokenEnvironment(gcpProd, (e) => (e.database.deletionProtection = false)), "environments/gcp-prod.ts");
    expect(out).toEqual([expect.stringMatching(/database\.deletionProtection: must be true.*\(required for tier "prod"\); received false$/)]);
  });

  it("fails when hostnames are duplicated", () => {
    const out = problems(brokenEnvironment(gcpProd, (e) => (e.dns.hostnames.grafana = "api.orderbook.example.com")), "environments/gcp-prod.ts");
    expect(out).toEqual([expect.stringMatching(/dns\.hostnames\.grafana: duplicates dns\.hostnames\.api.*; received "api\.orderbook\.example\.com"$/)]);
  });

  it("fails when a hostname is outside the domain", () => {
    const out = problems(brokenEnvironment(gcpProd, (e) => (e.dns.hostnames.app = "app.example.org")), "environments/gcp-prod.ts");
    expect(out).toEqual([expect.stringMatching(/dns\.hostnames\.app: must be inside dns\.domain \(orderbook\.example\.com\); received "app\.example\.org"$/)]);
  });

  it("fails when a cloud environment uses a localhost name", () => {
    const out = problems(
      brokenEnvironment(gcpProd, (e) => {
        e.dns.domain = "localhost";
        e.dns.hostnames = { app: "app.localhost", api: "api.localhost", grafana: "grafana.localhost" };
      }),
      "environments/gcp-prod.ts",
    );
    expect(out).toEqual(
      ["domain", "hostnames.app", "hostnames.api", "hostnames.grafana"].map((f) =>
        expect.stringMatching(new RegExp(`dns\\.${f.replace(".", "\\.")}: is a localhost name \\(.*\\), which resolves to 127\\.0\\.0\\.1 on every machine; target "gcp" needs a domain the environment owns`)),
      ),
    );
  });

  it("fails when a cloud environment turns the admin UIs on", () => {
    const out = problems(brokenEnvironment(awsDev, (e) => (e.addons = { adminUis: true })), "environments/aws-dev.ts");
    expect(out).toEqual([expect.stringMatching(/addons\.adminUis: is only available on target "local": the Kafka UI and pgAdmin have no login of their own/)]);
  });

  it("keeps the admin UIs off in the cloud by default", () => {
    expect(loadEnvironments(["aws-dev"])[0].addons.adminUis).toBe(false);
  });

  it("fails when a required value is missing", () => {
    const out = problems(brokenEnvironment(awsDev, (e) => delete e.aws.accountId), "environments/aws-dev.ts");
    expect(out).toEqual([expect.stringMatching(/aws\.accountId: .*; received nothing \(missing\)$/)]);
  });

  it("fails when the account id is malformed", () => {
    const out = problems(brokenEnvironment(awsDev, (e) => (e.aws.accountId = "1234")), "environments/aws-dev.ts");
    expect(out).toEqual([expect.stringMatching(/aws\.accountId: a 12-digit AWS account id; received "1234"$/)]);
  });

  it("fails when there is no dedicated engine pool", () => {
    const out = problems(brokenEnvironment(awsDev, (e) => (e.cluster.nodePools[1].role = "general")), "environments/aws-dev.ts");
    expect(out).toEqual([expect.stringMatching(/cluster\.nodePools: must contain exactly one pool with role "engine" \(found 0\)/)]);
  });

  it("fails when the engine pool is not tainted", () => {
    const out = problems(brokenEnvironment(awsDev, (e) => (e.cluster.nodePools[1].taints = [])), "environments/aws-dev.ts");
    expect(out).toEqual([expect.stringMatching(/cluster\.nodePools\.1\.taints: the engine pool needs a NoSchedule taint.*; received \[\]$/)]);
  });

  it("fails when a pool's minimum exceeds its maximum", () => {
    const out = problems(brokenEnvironment(awsDev, (e) => (e.cluster.nodePools[0].minNodes = 9)), "environments/aws-dev.ts");
    expect(out).toEqual([expect.stringMatching(/cluster\.nodePools\.0\.minNodes: must not exceed maxNodes \(4\); received 9$/)]);
  });

  it("fails when the state backend does not fit the target", () => {
    const out = problems(brokenEnvironment(local, (e) => (e.state = { backend: "gcs", bucket: "b-123", prefix: "x" })), "environments/local.ts");
    expect(out).toEqual([expect.stringMatching(/state\.backend: is not available on target "local"; allowed: local; received "gcs"$/)]);
  });

  it("fails when secrets.backend is kubernetes on AWS, naming the backend to use instead", () => {
    const out = problems(brokenEnvironment(awsDev, (e) => (e.secrets = { backend: "kubernetes" })), "environments/aws-dev.ts");
    expect(out).toEqual([
      expect.stringMatching(/^environments\/aws-dev\.ts: secrets\.backend: is not available on target "aws": the RDS password, .* generated into AWS Secrets Manager .*; use "aws-secrets-manager"; received "kubernetes"$/),
    ]);
  });

  it("fails when addons.inClusterData is true on a cloud target, whose infra stack creates managed data services", () => {
    const aws = problems(brokenEnvironment(awsDev, (e) => (e.addons = { ...e.addons, inClusterData: true })), "environments/aws-dev.ts");
    expect(aws).toEqual([expect.stringMatching(/addons\.inClusterData: is not available on target "aws": its infra stack always creates the managed database and cache \(RDS, ElastiCache\).*; received true$/)]);
    const gcp = problems(brokenEnvironment(gcpProd, (e) => (e.addons = { ...e.addons, inClusterData: true })), "environments/gcp-prod.ts");
    expect(gcp).toEqual([expect.stringMatching(/addons\.inClusterData: is not available on target "gcp": .*\(Cloud SQL, Memorystore\)/)]);
  });

  it("accepts addons.inClusterData on target local, which always runs the data services in the cluster", () => {
    const env = parseEnvironment(brokenEnvironment(local, (e) => (e.addons = { ...e.addons, inClusterData: true })), "environments/local.ts");
    expect(env.addons.inClusterData).toBe(true);
  });

  it("fails when an image tag is 'latest'", () => {
    const out = problems(brokenEnvironment(awsDev, (e) => (e.apps.api.tag = "latest")), "environments/aws-dev.ts");
    expect(out).toEqual([expect.stringMatching(/apps\.api\.tag: a pinned tag; 'latest' is not reproducible; received "latest"$/)]);
  });

  it("fails when Kafka replication exceeds the broker count", () => {
    const out = problems(brokenEnvironment(awsDev, (e) => (e.kafka.replicationFactor = 3)), "environments/aws-dev.ts");
    expect(out).toEqual([expect.stringMatching(/kafka\.replicationFactor: must not exceed kafka\.brokers \(1\); received 3$/)]);
  });

  it("fails when Let's Encrypt has no contact email", () => {
    const out = problems(brokenEnvironment(awsDev, (e) => delete e.dns.tls.email), "environments/aws-dev.ts");
    expect(out).toEqual([expect.stringMatching(/dns\.tls\.email: is required with issuer "letsencrypt-staging".*; received nothing \(missing\)$/)]);
  });

  it("fails when a prod engine pool runs on spot nodes", () => {
    const out = problems(brokenEnvironment(gcpProd, (e) => (e.cluster.nodePools[1].spot = true)), "environments/gcp-prod.ts");
    expect(out).toEqual([expect.stringMatching(/cluster\.nodePools\.1\.spot: must be false for the engine pool.*; received true$/)]);
  });

  it("fails when a label value breaks cloud label rules", () => {
    const out = problems(brokenEnvironment(awsDev, (e) => (e.owner = "Platform Team")), "environments/aws-dev.ts");
    expect(out).toEqual([expect.stringMatching(/owner: lowercase letters, digits, '_' or '-'.*; received "Platform Team"$/)]);
  });

  it("fails when the name does not match the file", () => {
    const out = problems(brokenEnvironment(awsDev, (e) => (e.name = "aws-qa")), "environments/aws-dev.ts");
    expect(out).toEqual(['environments/aws-dev.ts: name: must equal the file name ("aws-dev"); received "aws-qa"']);
  });

  it("fails when a private control plane admits a public network", () => {
    const out = problems(brokenEnvironment(gcpProd, (e) => (e.cluster.authorizedNetworks = [{ name: "home", cidr: "203.0.113.0/24" }])), "environments/gcp-prod.ts");
    expect(out).toEqual([expect.stringMatching(/cluster\.authorizedNetworks\.0\.cidr: must be a private range .* while cluster\.privateEndpoint is true.*; received "203\.0\.113\.0\/24"$/)]);
  });

  it("reports every problem of a file at once", () => {
    const out = problems(
      brokenEnvironment(gcpProd, (e) => {
        e.database.highAvailability = false;
        e.cache.highAvailability = false;
        e.kafka.replicationFactor = 1;
      }),
      "environments/gcp-prod.ts",
    );
    expect(out.map((l) => l.split(":")[1].trim())).toEqual(["database.highAvailability", "cache.highAvailability", "kafka.replicationFactor"]);
  });

  it("fails when an unknown environment is requested", () => {
    expect(() => loadEnvironments(["gcp-staging"])).toThrow(/gcp-staging\.ts: \(file\): no such environment; known: aws-dev, aws-prod, gcp-dev, gcp-prod, local/);
  });
});

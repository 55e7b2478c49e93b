import { loadEnvironments } from "../../environments/load";
import { downPlan, localFacts, podHealth, render, upPlan, urls } from "../../scripts/local";

const [local] = loadEnvironments(["local"]);
const facts = localFacts(local, "terraform", "arm64");
const lines = (steps: ReturnType<typeof upPlan>) => steps.flatMap((s) => s.commands.map(render));

describe("local:up plan", () => {
  it("builds, synthesizes, deploys infra, imports images, deploys platform and apps, then waits, in that order", () => {
    expect(upPlan(facts).map((s) => s.title)).toEqual([
      "build the app images for linux/arm64",
      "synthesize local",
      "deploy local-infra",
      "import the images into local-k3d",
      "deploy local-platform",
      "deploy local-apps",
      "wait until every workload is ready",
    ]);
  });

  it("runs exactly these commands", () => {
    const kube = `kubectl --kubeconfig ${facts.kubeconfig} --context k3d-local-k3d`;
    expect(lines(upPlan(facts))).toEqual([
      "docker build --platform linux/arm64 -f apps/engine/Dockerfile -t orderbook/engine:0.1.0 .",
      "docker build --platform linux/arm64 -f apps/api/Dockerfile -t orderbook/api:0.1.0 .",
      "docker build --platform linux/arm64 -f apps/frontend/Dockerfile -t orderbook/frontend:0.1.0 .",
      "npm run --silent synth -- local",
      "terraform -chdir=cdktf.out/stacks/local-infra init -input=false",
      "terraform -chdir=cdktf.out/stacks/local-infra apply -input=false -auto-approve",
      "k3d image import --cluster local-k3d orderbook/engine:0.1.0 orderbook/api:0.1.0 orderbook/frontend:0.1.0",
      "terraform -chdir=cdktf.out/stacks/local-platform init -input=false",
      "terraform -chdir=cdktf.out/stacks/local-platform apply -input=false -auto-approve",
      "terraform -chdir=cdktf.out/stacks/local-apps init -input=false",
      "terraform -chdir=cdktf.out/stacks/local-apps apply -input=false -auto-approve",
      `${kube} wait --for=condition=Ready pods --all --all-namespaces '--field-selector=status.phase!=Succeeded' --timeout=900s`,
    ]);
  });

  it("builds amd64 images on an Intel host and uses tofu when that is the Terraform on PATH", () => {
    const intel = localFacts(local, "tofu", "x64");
    expect(lines(upPlan(intel))[0]).toContain("--platform linux/amd64");
    expect(lines(upPlan(intel))[4]).toBe("tofu -chdir=cdktf.out/stacks/local-infra init -input=false");
  });

  it("prints the *.localhost URLs on the HTTP port, admin UIs included", () => {
    expect(urls(facts)).toEqual([
      "app       http://app.localhost:8080",
      "api       http://api.localhost:8080",
      "grafana   http://grafana.localhost:8080",
      "kafkaUi   http://kafka.localhost:8080",
      "pgadmin   http://pgadmin.localhost:8080",
    ]);
  });

  it("leaves the admin UIs out when addons.adminUis is false", () => {
    const [noAdmin] = loadEnvironments(["local"]).map((e) => ({ ...e, addons: { ...e.addons, adminUis: false } }));
    expect(urls(localFacts(noAdmin, "terraform"))).toHaveLength(3);
  });

  it("fails when the environment is not a local one", () => {
    const [aws] = loadEnvironments(["aws-dev"]);
    expect(() => localFacts(aws, "terraform")).toThrow('environment aws-dev has target "aws"; local:up needs a "local" environment');
  });
});

describe("local:down plan", () => {
  it("destroys apps, then platform, then infra", () => {
    expect(downPlan(facts).map((s) => s.title)).toEqual(["destroy local-apps", "destroy local-platform", "destroy local-infra"]);
    expect(lines(downPlan(facts)).filter((l) => l.includes(" destroy "))).toHaveLength(3);
  });
});

describe("local:status", () => {
  const pod = (namespace: string, name: string, status: Record<string, unknown>) => ({ metadata: { namespace, name }, status });
  it("counts ready pods per namespace and names each unhealthy pod with its reason", () => {
    const health = podHealth({
      items: [
        pod("exchange", "api-1", { phase: "Running", conditions: [{ type: "Ready", status: "True" }] }),
        pod("exchange", "engine-0", { phase: "Pending", containerStatuses: [{ name: "engine", state: { waiting: { reason: "ImagePullBackOff" } } }] }),
        pod("exchange", "migrate-x", { phase: "Succeeded" }),
        pod("kafka", "broker-0", { phase: "Running", conditions: [{ type: "Ready", status: "False" }] }),
      ],
    });
    expect(health).toEqual({
      readyByNamespace: { exchange: "1/2", kafka: "0/1" },
      unhealthy: ["exchange/engine-0: ImagePullBackOff", "kafka/broker-0: Running"],
    });
  });
});

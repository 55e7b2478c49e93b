import { TerraformStack, Testing } from "cdktf";
import { Naming } from "../../../constructs/core/naming";
import { K3dCluster, shellQuote } from "../../../constructs/local/k3d-cluster";
import { only, synthStack } from "../../helpers";

function build(overrides: { kubeconfigPath?: string } = {}) {
  const stack = new TerraformStack(Testing.app(), "test");
  const cluster = new K3dCluster(stack, "k3d", {
    naming: new Naming("local"),
    k3sImage: "rancher/k3s:v1.35.4-k3s1",
    subnet: "172.28.0.0/16",
    podsCidr: "10.42.0.0/16",
    servicesCidr: "10.43.0.0/16",
    httpPort: 8080,
    httpsPort: 8443,
    ...overrides,
    agentGroups: [
      { name: "general", count: 1, labels: {}, taints: [] },
      { name: "engine", count: 1, labels: {}, taints: [{ key: "orderbook.dev/dedicated", value: "engine", effect: "NoSchedule" }] },
    ],
  });
  return { cluster, synth: synthStack(stack) };
}

describe("K3dCluster", () => {
  it("taints and labels only the engine's agent", () => {
    const { cluster } = build();
    const args = cluster.createArgs.join(" ");
    expect(args).toContain("--k3s-arg --node-taint=orderbook.dev/dedicated=engine:NoSchedule@agent:1");
    expect(args).toContain("--k3s-node-label orderbook.dev/node-pool=engine@agent:1");
    expect(args).not.toContain("NoSchedule@agent:0");
    expect(args).toContain("--agents 2");
  });

  it("creates with k3d on apply and deletes the same cluster on destroy", () => {
    const data = only(build().synth, "terraform_data");
    expect(data.provisioner[0]["local-exec"].command).toMatch(/^KUBECONFIG="\$HOME"\/\.kube\/config k3d cluster create local-k3d --image rancher\/k3s:v1\.35\.4-k3s1 /);
    expect(data.provisioner[0]["local-exec"].command).toContain("'--disable=traefik@server:*'");
    expect(data.provisioner[1]["local-exec"]).toEqual({ command: "${self.input.deleteCommand}", when: "destroy" });
    expect(data.input.deleteCommand).toBe('KUBECONFIG="$HOME"/.kube/config k3d cluster delete local-k3d');
  });

  it("publishes HTTP, HTTPS and the API server on 127.0.0.1 only", () => {
    const args = build().cluster.createArgs.join(" ");
    expect(args).toContain("--port 127.0.0.1:8080:80@loadbalancer");
    expect(args).toContain("--port 127.0.0.1:8443:443@loadbalancer");
    expect(args).toContain("--api-port 127.0.0.1:6550");
    expect(args).not.toMatch(/--port (?!127\.0\.0\.1:)/);
  });

  it("writes the context into the configured kubeconfig and hands the same file to the providers", () => {
    const { synth } = build({ kubeconfigPath: "/work/kube/local.yaml" });
    const data = only(synth, "terraform_data");
    expect(data.provisioner[0]["local-exec"].command).toMatch(/^KUBECONFIG=\/work\/kube\/local\.yaml k3d /);
    expect(data.input.deleteCommand).toBe("KUBECONFIG=/work/kube/local.yaml k3d cluster delete local-k3d");
    expect(data.input.kubeconfig).toBe("/work/kube/local.yaml");
  });

  it("replaces the cluster when its arguments change", () => {
    const data = only(build().synth, "terraform_data");
    expect(data.triggers_replace.args).toContain("--subnet 172.28.0.0/16");
  });
});

describe("shellQuote", () => {
  it("leaves safe arguments alone and single-quotes the rest", () => {
    expect(shellQuote("--agents")).toBe("--agents");
    expect(shellQuote("a@server:*")).toBe("'a@server:*'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
  });
});

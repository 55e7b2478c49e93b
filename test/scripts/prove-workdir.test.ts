import { dropDependsOn, helmReleases, proveOverride, pruneResources, STAND_IN_NUMBER, standInOutputs, stateFileWithOutputs, type TestCluster, UPGRADE_TAG_SUFFIX, upgradeImageTags } from "../../scripts/lib/prove-workdir";
import { environment, synthEnvironment } from "../helpers";

const cluster: TestCluster = {
  server: "https://127.0.0.1:16443",
  caPem: "-----BEGIN CERTIFICATE-----\nTEST\n-----END CERTIFICATE-----\n",
  kubeconfigPath: "/cache/k8s-testenv/run/kubeconfig",
  context: "orderbook-testenv",
  credentialCommand: "/scratch/testenv-credential",
};

const aws = synthEnvironment(environment("aws-dev"));
const gcp = synthEnvironment(environment("gcp-dev"));
const local = synthEnvironment(environment("local"));

/** The stand-in outputs of a stack's only remote state. */
function outputs(tf: Record<string, any>): Record<string, string> {
  const states = standInOutputs(tf, cluster).states;
  expect(states.size).toBe(1);
  return [...states.values()][0] as Record<string, string>;
}

/** The value a provider attribute gets when `${...outputs.X}` is replaced by the stand-in. */
function evaluate(template: string, values: Record<string, string>): string {
  return template.replace(/\$\{(base64decode\()?data\.terraform_remote_state\.[^.]+\.outputs\.([A-Za-z0-9_-]+)\)?\}/, (_, b64, name) =>
    b64 ? Buffer.from(values[name], "base64").toString() : values[name],
  );
}

describe("prove workdir: stand-in infra state", () => {
  it("gives an EKS stack's provider the test cluster's endpoint and CA", () => {
    const values = outputs(aws.platform);
    const k8s = aws.platform.provider.kubernetes[0];
    expect(evaluate(k8s.host, values)).toBe(cluster.server);
    expect(evaluate(k8s.cluster_ca_certificate, values)).toBe(cluster.caPem);
  });

  it("gives a GKE stack's provider (DNS endpoint, no CA) the test cluster's endpoint", () => {
    const values = outputs(gcp.apps);
    const host = gcp.apps.provider.kubernetes[0].host as string;
    expect(host).toMatch(/^\$\{data\.terraform_remote_state\./);
    expect(evaluate(host, values)).toBe(cluster.server);
  });

  it("points a local stack's kubeconfig outputs at the test kubeconfig and context", () => {
    const values = outputs(local.platform);
    const k8s = local.platform.provider.kubernetes[0];
    expect(evaluate(k8s.config_path, values)).toBe(cluster.kubeconfigPath);
    expect(evaluate(k8s.config_context, values)).toBe(cluster.context);
  });

  it("gives outputs no provider uses a named placeholder", () => {
    const tf = JSON.parse(JSON.stringify(aws.apps));
    const state = Object.keys(tf.data.terraform_remote_state)[0];
    tf.output.db = { value: `\${data.terraform_remote_state.${state}.outputs.database_host}` };
    const standIn = standInOutputs(tf, cluster);
    // The apps stack also reads the cluster's name and the data services' endpoints, which no provider uses.
    expect(standIn.placeholders).toEqual(expect.arrayContaining(["cluster_name", "database_host"]));
    expect(standIn.placeholders).not.toEqual(expect.arrayContaining(["cluster_endpoint"]));
    expect(standIn.placeholders).not.toEqual(expect.arrayContaining(["cluster_ca_certificate"]));
    expect(standIn.states.get(state)!.database_host).toBe("prove-stand-in:database_host");
  });

  it("types a placeholder by its use: a number where Helm values hold it bare, a map where it is indexed", () => {
    const tf = JSON.parse(JSON.stringify(aws.apps));
    const state = Object.keys(tf.data.terraform_remote_state)[0];
    const values = standInOutputs(tf, cluster).states.get(state)!;
    // The API chart's values.schema.json wants integers: `"port":${...database_port}` in the synthesized values.
    expect(values.database_port).toBe(STAND_IN_NUMBER);
    expect(values.cache_port).toBe(STAND_IN_NUMBER);
    // `app_secret_names["jwt-signing-key"]`: a string would fail `terraform plan` (cannot index a string).
    expect(values.app_secret_names).toEqual(expect.objectContaining({ "jwt-signing-key": "prove-stand-in:app_secret_names.jwt-signing-key" }));
    expect(values.database_endpoint).toBe("prove-stand-in:database_endpoint");
  });

  it("writes numbers and maps with their Terraform types", () => {
    const state = stateFileWithOutputs({ port: 1024, names: { a: "x" } }, "1.11.4");
    expect(state.outputs).toEqual({ port: { value: 1024, type: "number" }, names: { value: { a: "x" }, type: ["map", "string"] } });
  });

  it("fails when the text around an output cannot evaluate to the test cluster's endpoint", () => {
    const tf = JSON.parse(JSON.stringify(gcp.apps));
    tf.provider.kubernetes[0].host = `http://${tf.provider.kubernetes[0].host}`;
    expect(() => standInOutputs(tf, cluster)).toThrow(/cannot stand in for .*: "http:\/\/\$\{.*" cannot evaluate to "https:\/\/127\.0\.0\.1:16443"/);
  });

  it("writes the outputs as a format-4 Terraform state", () => {
    const state = stateFileWithOutputs({ endpoint: "https://127.0.0.1:16443" }, "1.11.4");
    expect(state).toMatchObject({ version: 4, terraform_version: "1.11.4", outputs: { endpoint: { value: "https://127.0.0.1:16443", type: "string" } } });
  });
});

describe("prove workdir: override file", () => {
  const standIn = (name: string) => `/scratch/stand-in/${name}.tfstate`;

  it("replaces the S3 backend with a local state file in scratch", () => {
    const o = proveOverride(aws.platform, cluster, "/scratch/prove.tfstate", standIn);
    expect(o.terraform).toEqual({ backend: { local: { path: "/scratch/prove.tfstate" } } });
  });

  it("reads every remote state from its stand-in file", () => {
    const o = proveOverride(gcp.platform, cluster, "/scratch/prove.tfstate", standIn);
    const name = Object.keys(gcp.platform.data.terraform_remote_state)[0];
    expect(o.data.terraform_remote_state).toEqual({ [name]: { backend: "local", config: { path: `/scratch/stand-in/${name}.tfstate` } } });
  });

  it("swaps only the EKS exec plugin of the kubernetes provider for the test credential", () => {
    const o = proveOverride(aws.apps, cluster, "/s", standIn);
    expect(o.provider.kubernetes).toEqual([{ exec: [{ api_version: "client.authentication.k8s.io/v1beta1", command: cluster.credentialCommand, args: [] }] }]);
  });

  it("keeps the helm provider's synthesized host and CA and swaps its exec plugin", () => {
    const o = proveOverride(aws.platform, cluster, "/s", standIn);
    const original = aws.platform.provider.helm[0].kubernetes;
    expect(o.provider.helm[0].kubernetes).toEqual({
      host: original.host,
      cluster_ca_certificate: original.cluster_ca_certificate,
      exec: { api_version: original.exec.api_version, command: cluster.credentialCommand, args: [] },
    });
  });

  it("leaves a provider configured from the infra state's kubeconfig outputs alone", () => {
    const o = proveOverride(local.apps, cluster, "/s", standIn);
    expect(o.provider).toBeUndefined();
  });

  it("points a literal kubeconfig path and context at the test cluster", () => {
    const tf = { provider: { kubernetes: [{ config_path: "~/.kube/config", config_context: "k3d-x", alias: "k" }] } };
    expect(proveOverride(tf, cluster, "/s", standIn).provider.kubernetes).toEqual([
      { config_path: cluster.kubeconfigPath, config_context: cluster.context, alias: "k" },
    ]);
  });

  it("fails when a provider has no connection to point at the test cluster", () => {
    expect(() => proveOverride({ provider: { kubernetes: [{ insecure: true }] } }, cluster, "/s", standIn)).toThrow(
      "provider kubernetes has no connection prove can point at the test cluster",
    );
  });
});

describe("prove workdir: helm releases without an offline chart", () => {
  const tf = {
    resource: {
      helm_release: {
        cert_manager: { chart: "cert-manager", repository: "https://charts.jetstack.io", version: "v1.19.1", namespace: "cert-manager" },
        platform_resources: { chart: "../charts/platform-resources", depends_on: ["helm_release.cert_manager"] },
        other: { chart: "./local", namespace: "x" },
      },
      kubernetes_config_map_v1: {
        issuer_info: { data: { issuer: "${helm_release.platform_resources.name}" } },
        cert_manager_x: { data: { x: "helm_release.cert_manager_x is not this release" } },
      },
    },
    output: { platform: { value: "${helm_release.platform_resources.status}" }, other: { value: "${helm_release.other.status}" } },
  };

  it("lists each release with its repository, chart and version", () => {
    expect(helmReleases(tf)).toEqual([
      { address: "helm_release.cert_manager", chart: "cert-manager", repository: "https://charts.jetstack.io", version: "v1.19.1" },
      { address: "helm_release.platform_resources", chart: "../charts/platform-resources", repository: undefined, version: undefined },
      { address: "helm_release.other", chart: "./local", repository: undefined, version: undefined },
    ]);
  });

  it("removes the release and, transitively, what depends on it, and nothing else", () => {
    const { tf: pruned, removed } = pruneResources(tf, ["helm_release.cert_manager"]);
    expect(removed.sort()).toEqual(["helm_release.cert_manager", "helm_release.platform_resources", "kubernetes_config_map_v1.issuer_info", "output.platform"]);
    expect(Object.keys(pruned.resource.helm_release)).toEqual(["other"]);
    expect(Object.keys(pruned.resource.kubernetes_config_map_v1)).toEqual(["cert_manager_x"]);
    expect(Object.keys(pruned.output)).toEqual(["other"]);
  });

  it("never changes the JSON it was given", () => {
    const before = JSON.stringify(tf);
    pruneResources(tf, ["helm_release.cert_manager"]);
    expect(JSON.stringify(tf)).toBe(before);
  });

  it("lets what only waits for a release (depends_on) be applied without it, still after what the release waited for", () => {
    const copy = JSON.parse(JSON.stringify(tf));
    copy.resource.helm_release.cert_manager.depends_on = ["helm_release.crds"];
    expect(dropDependsOn(copy, "helm_release.cert_manager")).toEqual(["helm_release.platform_resources"]);
    expect(copy.resource.helm_release.platform_resources.depends_on).toEqual(["helm_release.crds"]);
    expect(pruneResources(copy, ["helm_release.cert_manager"]).removed).toEqual(["helm_release.cert_manager"]);
  });

  it("gives a provider whose endpoint is publicly trusted (GKE DNS endpoint, no CA) the test cluster's CA", () => {
    const tf = { provider: { kubernetes: [{ host: "https://${data.terraform_remote_state.infra.outputs.dns}", exec: [{ api_version: "v1beta1", command: "gke-gcloud-auth-plugin" }] }] } };
    const o = proveOverride(tf, cluster, "/s/prove.tfstate", (n) => `/s/${n}.tfstate`);
    expect(o.provider.kubernetes[0].cluster_ca_certificate).toBe(cluster.caPem);
  });
});

describe("prove workdir: the upgrade to the next release", () => {
  const tags = (tf: Record<string, any>) =>
    Object.fromEntries(Object.entries(tf.resource.helm_release as Record<string, any>).map(([n, r]) => [n.split("_release_")[0], /"image":\{[^{}]*?"tag":"([^"]+)"/.exec(r.values[0])?.[1]]));

  it("gives every app release of an apps stack a new image tag, and nothing else changes", () => {
    const tf = JSON.parse(JSON.stringify(local.apps));
    const before = JSON.stringify(tf).replaceAll(/"tag\\":\\"[^"\\]+/g, "");
    const changed = upgradeImageTags(tf);
    expect(changed.sort()).toEqual(Object.keys(tf.resource.helm_release).map((n) => `helm_release.${n}`).sort());
    for (const tag of Object.values(tags(tf))) expect(tag).toMatch(new RegExp(`^[\\w.-]+${UPGRADE_TAG_SUFFIX}$`));
    expect(JSON.stringify(tf).replaceAll(/"tag\\":\\"[^"\\]+/g, "")).toBe(before);
  });

  it("edits values that hold a bare ${...} expression (not JSON) without touching the expression", () => {
    const tf = { resource: { helm_release: { api: { values: ['{"image":{"repository":"r","tag":"1.2.3"},"kafka":{"port":${data.terraform_remote_state.infra.outputs.kafka_port}}}'] } } } };
    expect(upgradeImageTags(tf)).toEqual(["helm_release.api"]);
    expect(tf.resource.helm_release.api.values[0]).toBe(`{"image":{"repository":"r","tag":"1.2.3${UPGRADE_TAG_SUFFIX}"},"kafka":{"port":\${data.terraform_remote_state.infra.outputs.kafka_port}}}`);
  });

  it("changes only the releases whose values set image.tag (on aws-dev-platform: the cluster autoscaler's)", () => {
    const tf = JSON.parse(JSON.stringify(aws.platform));
    const untouched = Object.entries(tf.resource.helm_release as Record<string, any>).filter(([n]) => !n.startsWith("addon-cluster-autoscaler"));
    const before = JSON.stringify(untouched);
    expect(upgradeImageTags(tf)).toEqual([expect.stringMatching(/^helm_release\.addon-cluster-autoscaler_/)]);
    expect(JSON.stringify(Object.entries(tf.resource.helm_release as Record<string, any>).filter(([n]) => !n.startsWith("addon-cluster-autoscaler")))).toBe(before);
  });
});

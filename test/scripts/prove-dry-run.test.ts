import { classify, declaredReleases, resolveInterpolations } from "../../scripts/lib/prove-dry-run";
import { STAND_IN_NUMBER } from "../../scripts/lib/prove-workdir";

const tf = {
  resource: {
    kubernetes_namespace_v1: { ns: { metadata: { name: "exchange" } } },
    helm_release: {
      api: {
        name: "api",
        namespace: "${kubernetes_namespace_v1.ns.metadata[0].name}",
        chart: "./assets/api",
        values: ['{"db":"${data.terraform_remote_state.infra.outputs.db_host}"}'],
      },
      certs: { name: "cert-manager", namespace: "cert-manager", chart: "cert-manager", repository: "https://charts.jetstack.io", version: "v1.21.2" },
    },
  },
};

describe("prove dry-run: releases as the stack declares them", () => {
  it("resolves a namespace resource's name to the name the stack gives it", () => {
    expect(resolveInterpolations("${kubernetes_namespace_v1.ns.metadata[0].name}", tf, [])).toBe("exchange");
  });

  it("gives an infra output a named placeholder and records it", () => {
    const placeholders: string[] = [];
    expect(resolveInterpolations("host=${data.terraform_remote_state.infra.outputs.db_host}", tf, placeholders)).toBe("host=prove-stand-in:db_host");
    expect(placeholders).toEqual(["data.terraform_remote_state.infra.outputs.db_host"]);
  });

  it("gives an output used bare in JSON values a number, so the values still parse and match an integer schema", () => {
    const out = resolveInterpolations('{"host":"${data.terraform_remote_state.infra.outputs.db_host}","port":${data.terraform_remote_state.infra.outputs.db_port}}', tf, []);
    expect(JSON.parse(out)).toEqual({ host: "prove-stand-in:db_host", port: STAND_IN_NUMBER });
  });

  it("names an indexed map output without its quotes, so the values still parse", () => {
    const out = resolveInterpolations('{"key":"${data.terraform_remote_state.infra.outputs.app_secret_names["jwt-signing-key"]}"}', tf, []);
    expect(JSON.parse(out)).toEqual({ key: "prove-stand-in:app_secret_names.jwt-signing-key" });
  });

  it("reads each release's namespace, chart (in-repo charts as absolute paths) and values", () => {
    const [api, certs] = declaredReleases("x-apps", tf, "/stacks/x-apps");
    expect(api).toMatchObject({ address: "helm_release.api", namespace: "exchange", chart: "/stacks/x-apps/assets/api", values: ['{"db":"prove-stand-in:db_host"}'] });
    expect(certs).toMatchObject({ chart: "cert-manager", repository: "https://charts.jetstack.io", version: "v1.21.2" });
  });
});

describe("prove dry-run: what kubectl said", () => {
  it("counts a Pod Security warning on a workload as a finding", () => {
    const c = classify('Warning: would violate PodSecurity "restricted:latest": privileged (container "x" must not set securityContext.privileged=true)\n');
    expect(c.podSecurity).toEqual(['would violate PodSecurity "restricted:latest": privileged (container "x" must not set securityContext.privileged=true)']);
    expect(c.refused).toEqual([]);
  });

  it("keeps a refusal by the API server apart from a webhook that could not be called", () => {
    const c = classify(
      [
        'Error from server (Invalid): error when creating "STDIN": Gateway.gateway.networking.k8s.io "platform" is invalid: spec.listeners[0].port: Invalid value: 0',
        'Error from server (InternalError): Internal error occurred: failed calling webhook "webhook.cert-manager.io": no endpoints available for service "cert-manager-webhook"',
      ].join("\n"),
    );
    expect(c.refused).toHaveLength(1);
    expect(c.refused[0]).toMatch(/spec.listeners\[0\].port: Invalid value/);
    expect(c.webhook).toHaveLength(1);
  });

  it("reports a kind whose CRD is not installed apart from a refusal", () => {
    const c = classify('error: resource mapping not found for name: "kafka" namespace: "kafka" from "STDIN": no matches for kind "Kafka" in version "kafka.strimzi.io/v1"\nensure CRDs are installed first');
    expect(c.noCrd).toHaveLength(2);
    expect(c.refused).toEqual([]);
  });
});

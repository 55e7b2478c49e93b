import { environment, resources, synthEnvironment, type Synth } from "../helpers";

describe("PlatformStack", () => {
  let local: Synth;
  let aws: Synth;
  beforeAll(() => {
    local = synthEnvironment(environment("local")).platform;
    aws = synthEnvironment(environment("aws-dev")).platform;
  });

  it("installs every release atomically, waiting, with a timeout and an exact version", () => {
    for (const r of [...resources(local, "helm_release"), ...resources(aws, "helm_release")]) {
      expect(r).toMatchObject({ atomic: true, wait: true, cleanup_on_fail: true });
      expect(r.timeout).toBeGreaterThanOrEqual(600);
      expect(r.version).toMatch(/^v?\d+\.\d+\.\d+$/);
    }
  });

  it("installs custom resources from the in-repo chart after the operator that owns their CRDs", () => {
    const byName = Object.fromEntries(Object.entries(local.resource.helm_release).map(([key, r]: [string, any]) => [r.name, { key, ...r }]));
    expect(byName["strimzi-resources"].chart).toMatch(/^assets\/addon-strimzi_resources-chart_/);
    expect(byName["strimzi-resources"].depends_on).toEqual([`helm_release.${byName["strimzi"].key}`]);
    expect(byName["cert-manager-resources"].depends_on).toEqual([`helm_release.${byName["cert-manager"].key}`]);
  });

  it("installs the Kafka UI into Strimzi's namespace after Strimzi, and lists that namespace once", () => {
    const byName = Object.fromEntries(Object.entries(local.resource.helm_release).map(([key, r]: [string, any]) => [r.name, { key, ...r }]));
    expect(byName["kafka-ui"].namespace).toBe("kafka");
    expect(byName["kafka-ui"].depends_on).toEqual(expect.arrayContaining([`helm_release.${byName["strimzi-resources"].key}`]));
    const namespaces: string[] = local.output.namespaces.value;
    expect(namespaces.filter((n) => n === "kafka")).toEqual(["kafka"]);
  });

  it("installs Valkey after its generated AUTH secret, which waits for External Secrets", () => {
    const byName = Object.fromEntries(Object.entries(local.resource.helm_release).map(([key, r]: [string, any]) => [r.name, { key, ...r }]));
    expect(byName["valkey"].depends_on).toEqual([`helm_release.${byName["valkey-prerequisites"].key}`]);
    expect(byName["valkey-prerequisites"].depends_on).toEqual(expect.arrayContaining([`helm_release.${byName["external-secrets-resources"].key}`]));
    expect(JSON.parse(byName["valkey"].values[0]).auth).toMatchObject({ enabled: true, usersExistingSecret: "valkey-auth" });
  });

  it("reads the Loki bucket, the Route 53 zone and the VPC from the infra stack's named outputs on AWS", () => {
    const values = (name: string) => resources(aws, "helm_release").find((r) => r.name === name)!.values[0] as string;
    expect(values("loki")).toContain("${data.terraform_remote_state.infra.outputs.loki_bucket}");
    expect(values("external-dns")).toContain("--zone-id-filter=${data.terraform_remote_state.infra.outputs.dns_zone_id}");
    expect(values("aws-load-balancer-controller")).toContain('"vpcId":"${data.terraform_remote_state.infra.outputs.vpc_id}"');
  });

  it("annotates the add-ons' service accounts with the Workload Identity accounts the GCP infra stack outputs", () => {
    const gcp = synthEnvironment(environment("gcp-dev")).platform;
    const values = (name: string) => JSON.parse(resources(gcp, "helm_release").find((r) => r.name === name)!.values[0]);
    expect(values("external-secrets").serviceAccount.annotations).toEqual({ "iam.gke.io/gcp-service-account": "${data.terraform_remote_state.infra.outputs.gsa_external_secrets}" });
    expect(values("cert-manager").serviceAccount.annotations).toEqual({ "iam.gke.io/gcp-service-account": "${data.terraform_remote_state.infra.outputs.gsa_cert_manager}" });
  });

  it("creates no kubernetes_manifest (it needs CRDs at plan time)", () => {
    expect(resources(aws, "kubernetes_manifest")).toEqual([]);
  });

  it("enforces Pod Security on every namespace it creates, and default-deny network policy in each", () => {
    const namespaces = resources(aws, "kubernetes_namespace_v1");
    expect(namespaces.map((n) => n.metadata.name)).toEqual(expect.arrayContaining(["cert-manager", "external-secrets", "kafka", "loki", "cluster-autoscaler"]));
    for (const n of namespaces) expect(n.metadata.labels["pod-security.kubernetes.io/enforce"]).toMatch(/^(restricted|baseline|privileged)$/);
    const denied = resources(aws, "kubernetes_network_policy_v1").filter((p) => p.metadata.name === "default-deny");
    expect(denied).toHaveLength(namespaces.length);
  });

  it("lets every namespace resolve DNS through kube-system", () => {
    const allow = resources(local, "kubernetes_network_policy_v1").filter((p) => p.metadata.name === "allow-declared");
    for (const p of allow) {
      expect(p.spec.egress[0].ports).toEqual([
        { port: "53", protocol: "UDP" },
        { port: "53", protocol: "TCP" },
      ]);
    }
  });

  it("waits for the gp3 StorageClass on EKS before anything that claims volumes", () => {
    const strimzi = resources(aws, "helm_release").find((r) => r.name === "strimzi")!;
    const storage = Object.entries(aws.resource.helm_release).find(([, r]: [string, any]) => r.name === "storage-class-resources")![0];
    expect(strimzi.depends_on).toContain(`helm_release.${storage}`);
  });
});

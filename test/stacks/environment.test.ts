import { Release } from "@cdktf/provider-helm/lib/release";
import { Testing } from "cdktf";
import { buildEnvironment } from "../../stacks/environment";
import { applyPolicy } from "../../stacks/policy";
import { environment, only, resources, synthEnvironment } from "../helpers";

describe("buildEnvironment", () => {
  it("creates the three layers named <env>-<layer>", () => {
    const app = Testing.app();
    const stacks = buildEnvironment(app, environment("gcp-dev"));
    expect([stacks.infra, stacks.platform, stacks.apps].map((s) => s.node.id)).toEqual(["gcp-dev-infra", "gcp-dev-platform", "gcp-dev-apps"]);
  });

  it("configures the platform's kubernetes provider from the infra stack's named outputs, not its resources", () => {
    const { platform } = synthEnvironment(environment("gcp-prod"));
    const k8s = platform.provider.kubernetes[0];
    // GKE's DNS endpoint: a publicly trusted certificate, and the google provider's identity (ADC).
    expect(k8s.host).toBe("${data.terraform_remote_state.infra.outputs.cluster_endpoint}");
    expect(k8s.cluster_ca_certificate).toBeUndefined();
    expect(k8s.exec[0]).toMatchObject({ command: "gke-gcloud-auth-plugin", args: ["--use_application_default_credentials"] });
    expect(platform.data.terraform_remote_state.infra).toMatchObject({ backend: "gcs", config: { bucket: "orderbook-prod-7310-tfstate", prefix: "orderbook/gcp-prod/infra" } });
  });

  it("configures helm the same way as kubernetes (helm 3 provider's kubernetes attribute)", () => {
    const { apps } = synthEnvironment(environment("aws-dev"));
    const helm = apps.provider.helm[0].kubernetes;
    expect(helm.exec).toEqual({
      api_version: "client.authentication.k8s.io/v1beta1",
      command: "aws",
      args: ["eks", "get-token", "--cluster-name", "aws-dev-eks", "--region", "eu-central-1", "--role-arn", "arn:aws:iam::111122223333:role/orderbook-ci-deploy"],
    });
    expect(helm.host).toBe("${data.terraform_remote_state.infra.outputs.cluster_endpoint}");
    expect(helm.cluster_ca_certificate).toBe("${base64decode(data.terraform_remote_state.infra.outputs.cluster_ca_certificate)}");
  });

  it("points local stacks at the k3d kubeconfig context through remote state", () => {
    const { platform } = synthEnvironment(environment("local"));
    const k8s = platform.provider.kubernetes[0];
    expect(k8s.config_context).toBe("${data.terraform_remote_state.infra.outputs.kubeconfig_context}");
    expect(platform.data.terraform_remote_state.infra.config.path).toBe("../../../terraform-state/local-infra.tfstate");
  });

  it("carries nothing between layers in cdktf's generated cross-stack outputs", () => {
    for (const name of ["local", "gcp-dev", "aws-dev"]) {
      const layers = synthEnvironment(environment(name));
      expect(Object.keys(layers.infra.output).filter((o) => o.startsWith("cross-stack-output-"))).toEqual([]);
      expect(JSON.stringify([layers.platform, layers.apps])).not.toContain("cross-stack-reference");
    }
  });

  it("reads the cluster name the platform's add-ons use from the named output cluster_name", () => {
    const { platform } = synthEnvironment(environment("aws-dev"));
    const autoscaler = resources(platform, "helm_release").find((r) => r.name === "cluster-autoscaler")!;
    expect(autoscaler.values[0]).toContain("${data.terraform_remote_state.infra.outputs.cluster_name}");
  });

  it("uses an S3 backend with native locking and encryption for aws environments", () => {
    const { infra } = synthEnvironment(environment("aws-prod"));
    expect(infra.terraform.backend.s3).toEqual({
      bucket: "orderbook-444455556666-tfstate",
      key: "orderbook/aws-prod/infra.tfstate",
      region: "eu-central-1",
      encrypt: true,
      use_lockfile: true,
    });
  });

  it("uses one GCS prefix per layer for gcp environments", () => {
    const { apps } = synthEnvironment(environment("gcp-dev"));
    expect(apps.terraform.backend.gcs).toEqual({ bucket: "orderbook-dev-4821-tfstate", prefix: "orderbook/gcp-dev/apps" });
  });

  it("tags every taggable AWS resource with the standard tags", () => {
    const { infra } = synthEnvironment(environment("aws-dev"));
    const taggable = ["aws_vpc", "aws_subnet", "aws_eks_cluster", "aws_eks_node_group", "aws_kms_key", "aws_iam_role", "aws_nat_gateway"];
    for (const type of taggable) {
      for (const r of resources(infra, type)) {
        expect(r.tags).toMatchObject({ environment: "aws-dev", owner: "platform-team", "cost-center": "engineering", "managed-by": "orderbook-platform" });
      }
    }
  });

  it("keeps a resource's own tags next to the standard ones", () => {
    const { infra } = synthEnvironment(environment("aws-dev"));
    expect(only(infra, "aws_vpc").tags).toEqual({
      Name: "aws-dev-vpc",
      environment: "aws-dev",
      owner: "platform-team",
      "cost-center": "engineering",
      "managed-by": "orderbook-platform",
    });
  });

  it("labels GKE clusters through resource_labels, with the environment's extra labels", () => {
    const { infra } = synthEnvironment(environment("gcp-prod"));
    expect(only(infra, "google_container_cluster").resource_labels).toEqual({
      environment: "gcp-prod",
      owner: "platform-team",
      "cost-center": "exchange",
      "managed-by": "orderbook-platform",
      "data-classification": "confidential",
    });
  });

  it("creates the apps namespace with restricted pod security and mesh injection when the gateway is istio", () => {
    const { apps } = synthEnvironment(environment("gcp-prod"));
    const exchange = resources(apps, "kubernetes_namespace_v1").find((n) => n.metadata.name === "exchange");
    expect(exchange?.metadata.labels).toMatchObject({
      "pod-security.kubernetes.io/enforce": "restricted",
      "istio-injection": "enabled",
    });
  });
});

describe("policy", () => {
  it("runs on every stack of the app (a violation stops synth)", () => {
    const app = Testing.app();
    const stacks = buildEnvironment(app, environment("aws-dev"));
    new Release(stacks.apps, "unpinned", { name: "unpinned", chart: "x", repository: "https://example.com/charts" });
    applyPolicy(app);
    expect(() => app.synth()).toThrow(/\[aws-dev-apps\/unpinned\] OBP-HELM-001/);
  });
});

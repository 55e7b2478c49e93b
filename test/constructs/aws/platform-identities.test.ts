import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { PlatformIdentities, PLATFORM_SERVICE_ACCOUNTS } from "../../../constructs/aws/platform-identities";
import { Naming } from "../../../constructs/core/naming";
import { resources, synthStack } from "../../helpers";

const SECRETS = ["arn:aws:secretsmanager:eu-central-1:111122223333:secret:t/jwt-AbCdEf", "arn:aws:secretsmanager:eu-central-1:111122223333:secret:t/cache-XyZ123"];

function build(secretArns = SECRETS) {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "eu-central-1" });
  new PlatformIdentities(stack, "ids", {
    naming: new Naming("t"),
    region: "eu-central-1",
    accountId: "111122223333",
    clusterName: "t-eks",
    clusterArn: "arn:aws:eks:eu-central-1:111122223333:cluster/t-eks",
    secretArns,
    key: new KmsKey(stack, "key", {}),
    zoneId: "Z0123456789ABC",
    lokiBucketArn: "arn:aws:s3:::t-loki-111122223333",
  });
  return synthStack(stack);
}


describe("PlatformIdentities", () => {
  const synth = build();

  it("associates each controller's role with its service account", () => {
    const associations = resources(synth, "aws_eks_pod_identity_association").map((a) => `${a.namespace}/${a.service_account}`).sort();
    expect(associations).toEqual(Object.values(PLATFORM_SERVICE_ACCOUNTS).map((s) => `${s.namespace}/${s.serviceAccount}`).sort());
  });

  it("trusts Pod Identity only for this account and cluster", () => {
    for (const role of resources(synth, "aws_iam_role")) {
      const trust = String(role.assume_role_policy);
      expect(trust).toContain('"aws:SourceAccount" = "111122223333"');
      expect(trust).toContain('"aws:SourceArn" = "arn:aws:eks:eu-central-1:111122223333:cluster/t-eks"');
      expect(trust).toContain("pods.eks.amazonaws.com");
    }
  });

  it("lets External Secrets read only this environment's secrets", () => {
    const policy = String(resources(synth, "aws_iam_role_policy").find((p) => p.name === "external-secrets")!.policy);
    expect(policy).toContain(`"Resource" = ${JSON.stringify(SECRETS).replace(/,/g, ", ")}`);
    expect(policy).not.toMatch(/secretsmanager:\*|"Resource" = "\*"/);
  });

  it("lets ExternalDNS and cert-manager change records in this zone only", () => {
    for (const name of ["external-dns", "cert-manager"]) {
      const policy = String(resources(synth, "aws_iam_role_policy").find((p) => p.name === name)!.policy);
      const change = policy.slice(policy.indexOf("route53:ChangeResourceRecordSets"));
      expect(change).toMatch(/^route53:ChangeResourceRecordSets"[^}]*"Resource" = \["arn:aws:route53:::hostedzone\/Z0123456789ABC"\]/s);
    }
  });

  it("limits cert-manager to ACME TXT records", () => {
    const policy = String(resources(synth, "aws_iam_role_policy").find((p) => p.name === "cert-manager")!.policy);
    expect(policy).toContain('"route53:ChangeResourceRecordSetsNormalizedRecordNames" = ["_acme-challenge.*"]');
    expect(policy).toContain('"route53:ChangeResourceRecordSetsRecordTypes" = ["TXT"]');
  });

  it("lets Loki use its bucket only", () => {
    const policy = String(resources(synth, "aws_iam_role_policy").find((p) => p.name === "loki")!.policy);
    expect(policy).toContain('"Resource" = ["arn:aws:s3:::t-loki-111122223333"]');
    expect(policy).toContain('"Resource" = ["arn:aws:s3:::t-loki-111122223333/*"]');
    expect(policy).not.toContain("s3:*");
  });

  it("lets the cluster autoscaler scale only this cluster's node groups", () => {
    const policy = String(resources(synth, "aws_iam_role_policy").find((p) => p.name === "cluster-autoscaler")!.policy);
    expect(policy).toContain('"aws:ResourceTag/eks:cluster-name" = "t-eks"');
    expect(policy).toContain("arn:aws:eks:eu-central-1:111122223333:nodegroup/t-eks/*");
  });

  it("lets the load balancer controller change only load balancers tagged as this cluster's", () => {
    const policy = String(resources(synth, "aws_iam_role_policy").find((p) => p.name === "aws-lb-controller")!.policy);
    expect(policy).toContain('"aws:ResourceTag/elbv2.k8s.aws/cluster" = "t-eks"');
    expect(policy).toContain('"aws:RequestTag/elbv2.k8s.aws/cluster" = "t-eks"');
  });

  it("fails when the cluster name is a Terraform reference", () => {
    expect(() => {
      const stack = new TerraformStack(Testing.app(), "ref");
      new PlatformIdentities(stack, "ids", {
        naming: new Naming("t"), region: "eu-central-1", accountId: "111122223333", clusterName: "${aws_eks_cluster.c.name}", clusterArn: "arn",
        secretArns: SECRETS, key: new KmsKey(stack, "key", {}), zoneId: "Z1", lokiBucketArn: "arn:aws:s3:::b",
      });
    }).toThrow("PlatformIdentities: clusterName must be a plain string, not a Terraform reference");
  });

  it("fails when no secrets are given", () => {
    expect(() => build([])).toThrow("PlatformIdentities: secretArns must list the environment's secrets");
  });
});

import { Testing } from "cdktf";
import { buildEnvironment } from "../../stacks/environment";
import { applyPolicy } from "../../stacks/policy";
import { environment, only, resources, type Synth } from "../helpers";

function bootstrapOf(name: string): Synth {
  const app = Testing.app();
  const stacks = buildEnvironment(app, environment(name));
  applyPolicy(app);
  if (!stacks.bootstrap) throw new Error(`${name} has no bootstrap stack`);
  return JSON.parse(Testing.synth(stacks.bootstrap, true));
}

describe("BootstrapStack (GCP)", () => {
  const gcp = bootstrapOf("gcp-prod");

  it("keeps its own state in a local file, since the bucket it creates cannot hold it yet", () => {
    expect(gcp.terraform.backend.local.path).toBe("../../../terraform-state/gcp-prod-bootstrap.tfstate");
  });

  it("creates the environment's state bucket versioned, private and not destroyable with objects", () => {
    expect(only(gcp, "google_storage_bucket")).toMatchObject({
      name: "orderbook-prod-7310-tfstate",
      versioning: { enabled: true },
      uniform_bucket_level_access: true,
      public_access_prevention: "enforced",
      force_destroy: false,
    });
  });

  it("trusts GitHub's OIDC tokens of the configured repository only", () => {
    expect(only(gcp, "google_iam_workload_identity_pool_provider")).toMatchObject({
      oidc: { issuer_uri: "https://token.actions.githubusercontent.com" },
      attribute_condition: 'assertion.repository == "example-org/orderbook-platform"',
    });
  });

  it("lets only jobs of the deploy GitHub environment impersonate the deploy service account", () => {
    const bindings = resources(gcp, "google_service_account_iam_member");
    expect(bindings.map((b) => b.member).sort()).toEqual([
      expect.stringMatching(/\/attribute\.environment\/plan-gcp-prod$/),
      expect.stringMatching(/\/attribute\.environment\/prod-gcp$/),
    ]);
  });

  it("grants no primitive owner or editor role", () => {
    const roles = resources(gcp, "google_project_iam_member").map((m) => m.role);
    expect(roles).not.toEqual(expect.arrayContaining(["roles/owner"]));
    expect(roles).not.toEqual(expect.arrayContaining(["roles/editor"]));
    expect(roles).toContain("roles/container.admin");
  });
});

describe("BootstrapStack (AWS)", () => {
  const aws = bootstrapOf("aws-prod");

  it("creates the state bucket versioned, KMS-encrypted and with every public access blocked", () => {
    expect(only(aws, "aws_s3_bucket").bucket).toBe("orderbook-444455556666-tfstate");
    expect(only(aws, "aws_s3_bucket_versioning").versioning_configuration).toEqual({ status: "Enabled" });
    expect(only(aws, "aws_s3_bucket_server_side_encryption_configuration").rule[0].apply_server_side_encryption_by_default.sse_algorithm).toBe("aws:kms");
    expect(only(aws, "aws_s3_bucket_public_access_block")).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
  });

  it("lets only the repository's deploy GitHub environment assume the deploy role", () => {
    const [, trust] = Object.entries(aws.data.aws_iam_policy_document).find(([k]) => k.includes("deploy-trust"))!;
    const conditions = (trust as any).statement[0].condition;
    expect(conditions).toEqual(
      expect.arrayContaining([
        { test: "StringEquals", variable: "token.actions.githubusercontent.com:sub", values: ["repo:example-org/orderbook-platform:environment:prod-aws"] },
        { test: "StringEquals", variable: "token.actions.githubusercontent.com:aud", values: ["sts.amazonaws.com"] },
      ]),
    );
  });

  it("limits the deploy role's IAM rights to roles and policies named after the environment", () => {
    const [, policy] = Object.entries(aws.data.aws_iam_policy_document).find(([k]) => k.includes("deploy-policy"))!;
    const iam = (policy as any).statement.find((s: any) => s.sid === "EnvironmentRolesOnly");
    expect(iam.resources).toEqual(["arn:aws:iam::444455556666:role/aws-prod-*", "arn:aws:iam::444455556666:policy/aws-prod-*"]);
  });
});

describe("buildEnvironment", () => {
  it("gives local no bootstrap stack", () => {
    expect(buildEnvironment(Testing.app(), environment("local")).bootstrap).toBeUndefined();
  });
});

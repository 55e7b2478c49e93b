import { aliasEndpoints, changedAttributes, errorNotes, leftovers, plannedChanges, proveOverride, teardownOverride, terraformMotoEnv } from "../../scripts/lib/prove-aws";

const line = (o: unknown) => JSON.stringify(o);

describe("prove-aws override", () => {
  const tfJson = { provider: { aws: [{ region: "eu-central-1", allowed_account_ids: ["111122223333"] }, { alias: "us", region: "us-east-1" }] } };
  const override = proveOverride(tfJson, "/scratch", "http://127.0.0.1:5055", ["ec2", "eks"]) as any;

  it("points every named endpoint of every aws provider configuration, aliases included, at moto", () => {
    expect(override.provider.aws).toEqual([
      { endpoints: [{ ec2: "http://127.0.0.1:5055", eks: "http://127.0.0.1:5055" }], s3_use_path_style: true, skip_metadata_api_check: "true" },
      { alias: "us", endpoints: [{ ec2: "http://127.0.0.1:5055", eks: "http://127.0.0.1:5055" }], s3_use_path_style: true, skip_metadata_api_check: "true" },
    ]);
  });

  it("leaves allowed_account_ids and region to the stack's own provider block", () => {
    const keys = override.provider.aws.flatMap((c: object) => Object.keys(c));
    expect(keys).not.toContain("allowed_account_ids");
    expect(keys).not.toContain("region");
    expect(keys).not.toContain("skip_requesting_account_id");
  });

  it("keeps state in a local backend inside the scratch directory", () => {
    expect(override.terraform).toEqual({ backend: { local: { path: "/scratch/terraform.tfstate" } } });
  });

  it("turns deletion protection off for teardown on exactly the protected resources", () => {
    const stack = {
      resource: {
        aws_db_instance: { primary: { deletion_protection: true }, dev: { deletion_protection: false } },
        aws_eks_cluster: { eks: { deletion_protection: true, name: "c" } },
        aws_vpc: { vpc: { cidr_block: "10.0.0.0/16" } },
      },
    };
    expect(teardownOverride(stack)).toEqual({
      resource: { aws_db_instance: { primary: { deletion_protection: false } }, aws_eks_cluster: { eks: { deletion_protection: false } } },
    });
  });

  it("writes no teardown override for a stack with nothing protected", () => {
    expect(teardownOverride({ resource: { aws_db_instance: { dev: { deletion_protection: false } } } })).toBeUndefined();
  });

  it("makes moto terraform's proxy for every host that is not loopback", () => {
    const env = terraformMotoEnv({ NO_PROXY: "127.0.0.1,localhost", HTTPS_PROXY: "http://corporate:3128" }, "http://127.0.0.1:5055");
    expect(env).toMatchObject({ HTTP_PROXY: "http://127.0.0.1:5055", HTTPS_PROXY: "http://127.0.0.1:5055", http_proxy: "http://127.0.0.1:5055", https_proxy: "http://127.0.0.1:5055", NO_PROXY: "127.0.0.1,localhost" });
  });
});

describe("prove-aws terraform output", () => {
  it("keeps the first endpoint name of each alias group the provider warns about", () => {
    const stream = [
      line({ type: "diagnostic", diagnostic: { severity: "warning", summary: "Invalid Attribute Combination", detail: 'Only one of the following attributes should be set:\n"endpoints[0].logs", "endpoints[0].cloudwatchlog", "endpoints[0].cloudwatchlogs"' } }),
      line({ type: "diagnostic", diagnostic: { severity: "warning", summary: "Deprecated", detail: '"endpoints[0].ec2", "endpoints[0].vpc"' } }),
    ].join("\n");
    expect([...aliasEndpoints(stream)].sort()).toEqual(["cloudwatchlog", "cloudwatchlogs"]);
  });

  it("names the stack, the resource address and the API's message of each error", () => {
    const stdout = line({
      type: "diagnostic",
      diagnostic: { severity: "error", summary: "creating EKS Add-On (aws-dev-eks:coredns)", detail: "operation error EKS: CreateAddon, StatusCode: 404", address: "aws_eks_addon.coredns" },
    });
    expect(errorNotes("aws-dev-infra", { code: 1, stdout, stderr: "" })).toEqual([
      "aws-dev-infra: aws_eks_addon.coredns: creating EKS Add-On (aws-dev-eks:coredns): operation error EKS: CreateAddon, StatusCode: 404",
    ]);
  });

  it("falls back to the end of stderr when terraform printed no diagnostic", () => {
    expect(errorNotes("aws-dev-infra", { code: 1, stdout: "", stderr: "a\nb\nError: backend init failed" })).toEqual([
      "aws-dev-infra: terraform exited 1: a | b | Error: backend init failed",
    ]);
  });

  it("lists planned changes by address and action, without no-ops", () => {
    const stdout = [
      line({ type: "planned_change", change: { resource: { addr: "aws_vpc.main" }, action: "update" } }),
      line({ type: "planned_change", change: { resource: { addr: "aws_subnet.a" }, action: "noop" } }),
      line({ type: "change_summary", changes: { add: 0, change: 1 } }),
    ].join("\n");
    expect(plannedChanges(stdout)).toEqual(["aws_vpc.main (update)"]);
  });
});

describe("prove-aws leftovers", () => {
  it("reports only what destroy left beyond moto's own resources", () => {
    const before = { "ec2 vpc": ["vpc-default"], "iam role": [] };
    const after = { "ec2 vpc": ["vpc-default", "vpc-ours"], "iam role": ["aws-dev-eks-nodes"], "s3 bucket": [] };
    expect(leftovers(before, after)).toEqual(["ec2 vpc vpc-ours", "iam role aws-dev-eks-nodes"]);
  });
});

describe("prove-aws re-plan report", () => {
  it("names each changing resource with its actions and the attributes that differ", () => {
    const changes = [
      {
        address: "aws_eks_node_group.general",
        change: { actions: ["update"], before: { update_config: [], tags: { a: "b" } }, after: { update_config: [{ max_unavailable: 1 }], tags: { a: "b" } }, after_unknown: {} },
      },
      { address: "aws_vpc.main", change: { actions: ["no-op"], before: { id: "vpc-1" }, after: { id: "vpc-1" } } },
      {
        address: "aws_eks_cluster.main",
        change: { actions: ["delete", "create"], before: { arn: "arn:1", name: "c" }, after: { name: "c" }, after_unknown: { arn: true } },
      },
    ];
    expect(changedAttributes(changes)).toEqual(["aws_eks_node_group.general (update): update_config", "aws_eks_cluster.main (delete, create): arn"]);
  });
});

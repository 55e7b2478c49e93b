import { renderValue, tfJsonToHcl, type ProviderSchemas } from "../../scripts/lib/tf-json-to-hcl";

const schemas: ProviderSchemas = {
  provider_schemas: {
    "registry.terraform.io/hashicorp/aws": {
      resource_schemas: {
        aws_launch_template: {
          block: {
            attributes: { name: {}, tags: {} },
            block_types: {
              metadata_options: { nesting_mode: "list", block: { attributes: { http_tokens: {} } } },
              block_device_mappings: { nesting_mode: "list", block: { attributes: { device_name: {} }, block_types: { ebs: { nesting_mode: "list", block: { attributes: { encrypted: {} } } } } } },
            },
          },
        },
      },
    },
  },
};

describe("tfJsonToHcl", () => {
  it("renders schema blocks as blocks and maps as attributes", () => {
    const hcl = tfJsonToHcl(
      {
        resource: {
          aws_launch_template: {
            lt: {
              name: "n",
              tags: { Name: "n", "cost-center": "x" },
              metadata_options: { http_tokens: "required" },
              block_device_mappings: [{ device_name: "/dev/xvda", ebs: { encrypted: "true" } }],
            },
          },
        },
      },
      schemas,
    );
    expect(hcl).toContain('resource "aws_launch_template" "lt" {');
    expect(hcl).toContain('  metadata_options {\n    http_tokens = "required"\n  }');
    expect(hcl).toContain('  block_device_mappings {\n    device_name = "/dev/xvda"\n    ebs {\n      encrypted = "true"\n    }\n  }');
    expect(hcl).toContain('  tags = {\n    "Name" = "n"\n    "cost-center" = "x"\n  }');
  });

  it("leaves out meta-arguments and cdktf metadata", () => {
    const hcl = tfJsonToHcl(
      { resource: { aws_launch_template: { lt: { "//": { metadata: {} }, name: "n", depends_on: ["aws_vpc.x"], lifecycle: { ignore_changes: ["name"] } } } } },
      schemas,
    );
    expect(hcl).not.toMatch(/depends_on|lifecycle|metadata/);
  });
});

describe("renderValue", () => {
  it("unwraps a single interpolation into a bare expression", () => {
    expect(renderValue("${aws_vpc.main.id}")).toBe("aws_vpc.main.id");
    expect(renderValue('${base64decode(data.x.outputs["a"])}')).toBe('base64decode(data.x.outputs["a"])');
  });

  it("keeps templates with text around interpolations as quoted strings, escaped", () => {
    expect(renderValue("https://${aws_eks_cluster.c.endpoint}")).toBe('"https://${aws_eks_cluster.c.endpoint}"');
    expect(renderValue("${a.b}-${c.d}")).toBe('"${a.b}-${c.d}"');
    expect(renderValue('say "hi"\n%{x}')).toBe('"say \\"hi\\"\\n%%{x}"');
  });

  it("renders lists, numbers, booleans and null", () => {
    expect(renderValue([1, true, null, "a"])).toBe('[1, true, null, "a"]');
  });
});

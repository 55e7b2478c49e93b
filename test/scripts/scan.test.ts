import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { applySuppressions, loadSuppressions, parseTrivy, type Finding } from "../../scripts/scan";

const report = {
  Results: [
    {
      Misconfigurations: [
        { ID: "AWS-0104", AVDID: "AVD-AWS-0104", Title: "Egress open", Message: "Security group rule allows egress to 0.0.0.0/0", Severity: "CRITICAL", Status: "FAIL", CauseMetadata: { Resource: "aws_security_group.x" } },
        { ID: "AWS-0040", AVDID: "AVD-AWS-0040", Title: "Public endpoint", Message: "ok", Severity: "HIGH", Status: "PASS" },
      ],
    },
  ],
};

function finding(stack: string, id: string): Finding {
  return { stack, id, severity: "HIGH", title: "t", message: "m", resource: "r" };
}

describe("scan", () => {
  it("keeps only failed checks, with their AVD id, severity and resource", () => {
    expect(parseTrivy("aws-dev-infra", report)).toEqual([
      { stack: "aws-dev-infra", id: "AVD-AWS-0104", severity: "CRITICAL", title: "Egress open", message: "Security group rule allows egress to 0.0.0.0/0", resource: "aws_security_group.x" },
    ]);
  });

  it("suppresses a finding only in the stacks its globs match, and reports unused suppressions", () => {
    const s = [
      { id: "AVD-AWS-0104", stacks: ["aws-*-infra"], reason: "nodes need egress to pull images" },
      { id: "AVD-GCP-0001", stacks: ["gcp-*"], reason: "kept for a finding that is gone now" },
    ];
    const { kept, suppressed, unused } = applySuppressions([finding("aws-dev-infra", "AVD-AWS-0104"), finding("aws-dev-apps", "AVD-AWS-0104")], s);
    expect(suppressed.map((f) => f.stack)).toEqual(["aws-dev-infra"]);
    expect(kept.map((f) => f.stack)).toEqual(["aws-dev-apps"]);
    expect(unused.map((x) => x.id)).toEqual(["AVD-GCP-0001"]);
  });

  it("suppresses a finding only when its whole message matches the suppression's message pattern", () => {
    const s = [{ id: "KSV-01010", stacks: ["*"], message: "stores '\\{\"PORT\"\\}'", reason: "numeric values match the check's passport pattern" }];
    const port = { ...finding("local/api-platform", "KSV-01010"), message: `stores '{"PORT"}'` };
    const email = { ...finding("local/api-platform", "KSV-01010"), message: `stores '{"PORT", "ADMIN_EMAIL"}'` };
    const { kept, suppressed } = applySuppressions([port, email], s);
    expect(suppressed).toEqual([port]);
    expect(kept).toEqual([email]);
  });

  it("fails when a suppression's message is not a regular expression", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "scan-")), "s.json");
    fs.writeFileSync(file, JSON.stringify({ suppressions: [{ id: "KSV-01010", stacks: ["*"], message: "(unclosed", reason: "a reason long enough" }] }));
    expect(() => loadSuppressions(file)).toThrow("s.json: suppressions[0].message is not a regular expression");
  });

  it("fails when a suppression has no reason", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "scan-")), "s.json");
    fs.writeFileSync(file, JSON.stringify({ suppressions: [{ id: "AVD-AWS-0104", stacks: ["*"], reason: "" }] }));
    expect(() => loadSuppressions(file)).toThrow('s.json: suppressions[0] needs "id", "stacks" (globs) and a "reason" of at least 15 characters');
  });
});

import { Release } from "@cdktf/provider-helm/lib/release";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { Aspects, TerraformStack, Testing } from "cdktf";
import { PolicyAspect, rules } from "../../../constructs/policy";

function stackWithUnpinnedChart() {
  const stack = new TerraformStack(Testing.app(), "test");
  new HelmProvider(stack, "helm", {});
  new Release(stack, "loki", { name: "loki", chart: "loki", repository: "https://grafana.github.io/helm-charts" });
  return { stack };
}

describe("PolicyAspect", () => {
  it("fails synth with the rule id, the path and the reason", () => {
    const { stack } = stackWithUnpinnedChart();
    Aspects.of(stack).add(new PolicyAspect([rules.chartVersionPinned]));
    expect(() => Testing.synth(stack, true)).toThrow(/\[test\/loki\] OBP-HELM-001: helm_release "loki" must pin an exact chart version/);
  });

  it("lets a suppression with a reason switch a rule off for one path", () => {
    const { stack } = stackWithUnpinnedChart();
    Aspects.of(stack).add(new PolicyAspect([rules.chartVersionPinned], [{ ruleId: "OBP-HELM-001", path: "test/loki", reason: "chart is vendored and versioned by git" }]));
    expect(JSON.parse(Testing.synth(stack, true)).resource.helm_release.loki.name).toBe("loki");
  });

  it("fails when a suppression has no reason", () => {
    expect(() => new PolicyAspect([rules.chartVersionPinned], [{ ruleId: "OBP-HELM-001", path: "x", reason: "" }])).toThrow("needs a reason");
  });

  it("fails when a suppression names an unknown rule", () => {
    expect(() => new PolicyAspect([rules.chartVersionPinned], [{ ruleId: "OBP-NOPE-001", path: "x", reason: "a long enough reason" }])).toThrow(
      "PolicyAspect: suppression names unknown rule OBP-NOPE-001",
    );
  });
});

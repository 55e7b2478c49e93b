import { relaxPatch } from "../../scripts/lib/webhook-relaxer";

describe("prove: webhooks that cannot run in the test cluster", () => {
  it("sets every fail-closed webhook to Ignore, by its index", () => {
    const patch = relaxPatch({
      metadata: { name: "cert-manager-webhook" },
      webhooks: [{ name: "a", failurePolicy: "Fail" }, { name: "b", failurePolicy: "Ignore" }, { name: "c" }],
    });
    expect(patch).toEqual([
      { op: "replace", path: "/webhooks/0/failurePolicy", value: "Ignore" },
      { op: "add", path: "/webhooks/2/failurePolicy", value: "Ignore" },
    ]);
  });

  it("leaves a configuration whose webhooks already fail open alone", () => {
    expect(relaxPatch({ metadata: { name: "x" }, webhooks: [{ name: "a", failurePolicy: "Ignore" }] })).toEqual([]);
  });
});

import { Naming } from "../../../constructs/core/naming";

describe("Naming", () => {
  it("joins the prefix and parts with dashes, lowercased", () => {
    expect(new Naming("gcp-dev").name(["GKE", "Nodes"])).toBe("gcp-dev-gke-nodes");
  });

  it("is deterministic and cuts long names with a stable hash suffix", () => {
    const n = new Naming("aws-prod");
    const long = n.name(["a".repeat(50), "b".repeat(20)], 40);
    expect(long).toHaveLength(40);
    expect(long).toBe(n.name(["a".repeat(50), "b".repeat(20)], 40));
    expect(long).not.toBe(n.name(["a".repeat(50), "c".repeat(20)], 40));
  });

  it("fails when the prefix is not a valid name", () => {
    expect(() => new Naming("Prod_1")).toThrow('Naming: prefix "Prod_1" is invalid');
  });
});

import { BINDER_LABEL, PvcBinder, unboundClaims, volumeFor } from "../../scripts/lib/pvc-binder";

const claim = (name: string, extra: Record<string, unknown> = {}, status = "Pending") => ({
  metadata: { name, namespace: "loki", uid: `uid-${name}` },
  spec: { storageClassName: "gp3", accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "10Gi" } }, ...extra },
  status: { phase: status },
});

describe("prove: stand-in volumes for claims nobody provisions", () => {
  it("pre-binds a volume with the claim's class, size and access modes to exactly that claim", () => {
    const pv = volumeFor(claim("storage-loki-0")) as any;
    expect(pv.spec).toMatchObject({
      storageClassName: "gp3",
      capacity: { storage: "10Gi" },
      accessModes: ["ReadWriteOnce"],
      claimRef: { namespace: "loki", name: "storage-loki-0", uid: "uid-storage-loki-0" },
    });
    expect(pv.metadata.labels[BINDER_LABEL]).toBe("true");
  });

  it("gives a claim without a class a volume without a class", () => {
    expect((volumeFor(claim("data", { storageClassName: undefined })) as any).spec.storageClassName).toBe("");
  });

  it("only picks claims that are pending and not yet given a volume", () => {
    const items = [claim("a"), claim("b", {}, "Bound"), claim("c", { volumeName: "pv-c" })];
    expect(unboundClaims({ items }).map((c) => c.metadata.name)).toEqual(["a"]);
  });

  it("creates one volume per claim even when it polls again before the claim binds", async () => {
    const created: string[] = [];
    const kubectl = async (args: string[], input?: string) => {
      if (args[0] === "get") return { code: 0, stdout: JSON.stringify({ items: [claim("a")] }), stderr: "" };
      created.push(JSON.parse(input ?? "{}").spec.claimRef.name);
      return { code: 0, stdout: "", stderr: "" };
    };
    const binder = new PvcBinder(kubectl);
    await binder.once();
    await binder.once();
    expect(created).toEqual(["a"]);
    expect(binder.bound).toEqual(["loki/a"]);
  });
});

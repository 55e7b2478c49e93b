import { checkWorkload, unknownValuePaths } from "../../scripts/lib/pod-checks";

const restrictedContainer = {
  name: "app",
  image: "example/app:1.2.3",
  resources: { requests: { cpu: "10m" } },
  securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
};
const deployment = (podSpec: Record<string, unknown>) => ({ kind: "Deployment", metadata: { name: "d" }, spec: { template: { spec: podSpec } } });

describe("checkWorkload", () => {
  it("passes a restricted-compliant deployment in a restricted namespace", () => {
    expect(checkWorkload(deployment({ containers: [restrictedContainer] }), "restricted")).toEqual([]);
  });

  it("fails when an image has no tag or uses latest", () => {
    const problems = checkWorkload(deployment({ containers: [{ ...restrictedContainer, image: "example/app" }, { ...restrictedContainer, name: "b", image: "example/b:latest" }] }), "privileged");
    expect(problems).toEqual([
      'Deployment/d container app: image "example/app" is not pinned to a tag or digest',
      'Deployment/d container b: image "example/b:latest" is not pinned to a tag or digest',
    ]);
  });

  it("accepts an image pinned by digest", () => {
    expect(checkWorkload(deployment({ containers: [{ ...restrictedContainer, image: "example/app@sha256:abc" }] }), "restricted")).toEqual([]);
  });

  it("fails when a container has no resource requests", () => {
    expect(checkWorkload(deployment({ containers: [{ ...restrictedContainer, resources: {} }] }), "restricted")).toEqual(["Deployment/d container app: no resource requests"]);
  });

  it("fails when a restricted namespace gets a hostPath volume", () => {
    expect(checkWorkload(deployment({ containers: [restrictedContainer], volumes: [{ name: "v", hostPath: { path: "/" } }] }), "restricted")).toContain(
      'Deployment/d: hostPath volumes are not allowed in "restricted"',
    );
  });

  it("fails when a restricted container keeps capabilities or lacks a seccomp profile, and accepts them in baseline", () => {
    const loose = { ...restrictedContainer, securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true } };
    expect(checkWorkload(deployment({ containers: [loose] }), "restricted")).toEqual([
      "Deployment/d container app: capabilities must drop ALL",
      "Deployment/d container app: seccompProfile must be RuntimeDefault or Localhost",
    ]);
    expect(checkWorkload(deployment({ containers: [loose] }), "baseline")).toEqual([]);
  });

  it("takes runAsNonRoot and seccomp from the pod security context", () => {
    const c = { ...restrictedContainer, securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } } };
    const pod = { securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } }, containers: [c] };
    expect(checkWorkload(deployment(pod), "restricted")).toEqual([]);
  });

  it("ignores objects that are not workloads", () => {
    expect(checkWorkload({ kind: "ConfigMap", metadata: { name: "c" } }, "restricted")).toEqual([]);
  });
});

describe("unknownValuePaths", () => {
  const defaults = { replicas: 1, webhook: { enabled: true, port: 10250 }, extra: {}, _internal_defaults_do_not_set: { cni: { enabled: false } } };

  it("finds keys the chart's values.yaml does not have", () => {
    expect(unknownValuePaths({ replica: 2, webhook: { enable: true } }, defaults)).toEqual(["replica", "webhook.enable"]);
  });

  it("accepts free-form maps, pass-through structures and Istio's internal defaults", () => {
    expect(unknownValuePaths({ extra: { anything: 1 }, resources: { limits: {} }, webhook: { port: 1 }, cni: { enabled: true } }, defaults)).toEqual([]);
  });
});

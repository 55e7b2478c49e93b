import { Testing, TerraformStack } from "cdktf";
import { environment, resources, synthEnvironment, type Synth } from "../../helpers";
import type { AddonSpec } from "../../../constructs/addons/addon";
import { clusterNodes, platformContainerDefaults, platformQuotas, rolloutPods } from "../../../constructs/addons/quota";
import { resolveAddons } from "../../../constructs/addons/registry";
import { cpuCores, memoryMiB } from "../../../constructs/addons/workloads";
import { NamespaceQuota } from "../../../constructs/kubernetes/namespace-quota";
import { totals, workloadsOfStacks } from "../../../scripts/lib/budget";

const ENVIRONMENTS = ["local", "aws-dev", "aws-prod", "gcp-dev", "gcp-prod"];

/** The literal name of a namespace given as a reference to a namespace resource of the stack. */
function namespaceName(stack: Synth, value: string): string {
  const ref = /^\$\{kubernetes_namespace_v1\.([^.]+)\.metadata(?:\[0\])?\.name\}$/.exec(value);
  return ref ? stack.resource.kubernetes_namespace_v1[ref[1]].metadata.name : value;
}

/** Objects of one type by the literal name of the namespace they are in. */
function byNamespace(stack: Synth, type: string): Record<string, any> {
  return Object.fromEntries(resources(stack, type).map((o) => [namespaceName(stack, o.metadata.namespace), o]));
}

describe.each(ENVIRONMENTS)("platform namespaces of %s", (name) => {
  const env = environment(name);
  let platform: Synth;
  beforeAll(() => {
    platform = synthEnvironment(env).platform;
  });

  it("gives every namespace the platform creates a ResourceQuota and a LimitRange, except the gateway's, which says why", () => {
    const created = resources(platform, "kubernetes_namespace_v1").map((n) => n.metadata.name as string);
    const quotas = byNamespace(platform, "kubernetes_resource_quota_v1");
    const limits = byNamespace(platform, "kubernetes_limit_range_v1");
    expect(created.filter((ns) => !quotas[ns] || !limits[ns])).toEqual(["gateway"]);
    const plan = platformQuotas(env, resolveAddons(env)).get("gateway");
    expect(plan && "omitReason" in plan && plan.omitReason).toMatch(/made and scaled by the gateway controller/);
    // Only namespaces we create: kube-system (the gp3 StorageClass's) gets nothing.
    expect(Object.keys(quotas).sort()).toEqual(created.filter((ns) => ns !== "gateway").sort());
  });

  it("sets a LimitRange default for every resource its quota limits, so a container that leaves one unset is admitted", () => {
    const limits = byNamespace(platform, "kubernetes_limit_range_v1");
    const defaultFor: Record<string, (l: any) => unknown> = {
      "requests.cpu": (l) => l.default_request.cpu,
      "requests.memory": (l) => l.default_request.memory,
      "limits.memory": (l) => l.default.memory,
      "limits.cpu": (l) => l.default.cpu,
    };
    for (const [ns, quota] of Object.entries(byNamespace(platform, "kubernetes_resource_quota_v1"))) {
      const limit = limits[ns].spec.limit[0];
      expect(limit.type).toBe("Container");
      for (const key of Object.keys(quota.spec.hard).filter((k) => k in defaultFor)) {
        expect([ns, key, defaultFor[key](limit)]).toEqual([ns, key, expect.stringMatching(/^[0-9]+(m|Mi)$/)]);
      }
      expect(Object.keys(quota.spec.hard)).not.toContain("limits.cpu");
    }
  });

  it("allows each namespace at least what its releases and custom resources ask for at full scale", () => {
    // Read back from the synthesized values (config overrides merged), at the HPA maxima and on every node.
    const stack = { resource: platform.resource };
    const full = workloadsOfStacks([stack], clusterNodes(env, "max")).map((w) => ({ ...w, count: w.maxCount }));
    const sums = totals(full).byNamespace;
    const quotas = byNamespace(platform, "kubernetes_resource_quota_v1");
    const checked: string[] = [];
    for (const [ns, sum] of Object.entries(sums)) {
      const hard = quotas[ns]?.spec.hard;
      if (!hard) continue;
      checked.push(ns);
      expect(cpuCores(hard["requests.cpu"])).toBeGreaterThanOrEqual(sum.requestsCpu - 1e-9);
      expect(memoryMiB(hard["requests.memory"])).toBeGreaterThanOrEqual(sum.requestsMemoryMiB);
      expect(memoryMiB(hard["limits.memory"])).toBeGreaterThanOrEqual(sum.limitsMemoryMiB);
      expect(Number(hard.pods)).toBeGreaterThanOrEqual(full.filter((w) => w.namespace === ns).reduce((n, w) => n + w.count, 0));
    }
    expect(checked.length).toBeGreaterThanOrEqual(8);
  });

  it("creates the quota and LimitRange before any release of the namespace is installed", () => {
    const deps = (r: any): string[] => r.depends_on ?? [];
    const all: Record<string, any> = platform.resource.helm_release;
    // Everything a release waits for, following depends_on through the other releases.
    const reachable = (key: string, seen = new Set<string>()): Set<string> => {
      for (const d of deps(all[key])) {
        if (seen.has(d)) continue;
        seen.add(d);
        if (d.startsWith("helm_release.")) reachable(d.slice("helm_release.".length), seen);
      }
      return seen;
    };
    const limitKeys = Object.fromEntries(
      Object.entries(platform.resource.kubernetes_limit_range_v1 ?? {}).map(([key, l]: [string, any]) => [namespaceName(platform, l.metadata.namespace), `kubernetes_limit_range_v1.${key}`]),
    );
    let checked = 0;
    for (const [key, release] of Object.entries(all)) {
      const ns = namespaceName(platform, release.namespace);
      if (!limitKeys[ns] || release.namespace === ns) continue; // releases into a namespace they did not create (kafka-ui) come after its owner
      expect([release.name, reachable(key).has(limitKeys[ns])]).toEqual([release.name, true]);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(10);
  });
});

describe("platformQuotas", () => {
  const env = environment("local");
  const defaults = platformContainerDefaults(env);
  const spec = (values: Record<string, unknown>, quota?: AddonSpec["quota"]): AddonSpec => ({
    namespace: { name: "demo", podSecurity: "restricted" },
    releases: [{ name: "demo", chart: { repository: "https://example.invalid", name: "demo", version: "1.0.0" }, values }],
    quota,
  });
  const totalsOf = (s: AddonSpec) => {
    const plan = platformQuotas(env, [{ id: "demo", spec: s }]).get("demo")!;
    if (!("totals" in plan)) throw new Error("expected a quota");
    return plan.totals;
  };

  it("counts each workload at its HPA maximum plus the rolling update's surge and terminating pods", () => {
    const t = totalsOf(spec({ replicas: 2, autoscaling: { enabled: true, maxReplicas: 4 }, resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } } }));
    const pods = rolloutPods(4);
    expect(pods).toBe(6);
    expect(t).toEqual({ requestsCpuMillis: pods * 100, requestsMemoryMiB: pods * 128, limitsMemoryMiB: pods * 256, pods });
  });

  it("counts what a workload leaves unset, and each declared unsized container, at the LimitRange defaults", () => {
    const t = totalsOf(spec({ resources: { requests: { memory: "64Mi" } } }, { unsizedContainers: 2 }));
    const cpu = cpuCores(defaults.requests.cpu) * 1000;
    const limit = memoryMiB(defaults.limits.memory);
    expect(t).toEqual({
      requestsCpuMillis: Math.round(rolloutPods(1) * cpu + 2 * cpu),
      requestsMemoryMiB: rolloutPods(1) * 64 + 2 * memoryMiB(defaults.requests.memory),
      limitsMemoryMiB: rolloutPods(1) * limit + 2 * limit,
      pods: rolloutPods(1) + 2,
    });
  });

  it("fails when an add-on that does not create its namespace says why the namespace has no quota", () => {
    const guest: AddonSpec = { ...spec({}), namespace: { name: "demo", podSecurity: "restricted", existing: true }, quota: { omitReason: "because" } };
    expect(() => platformQuotas(env, [{ id: "owner", spec: spec({}) }, { id: "guest", spec: guest }])).toThrow('add-on guest: quota.omitReason is for the add-on that creates namespace "demo"');
  });
});

describe("NamespaceQuota", () => {
  it("fails when the quota limits CPU but the LimitRange gives no default CPU limit", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const totals = { requestsCpuMillis: 100, requestsMemoryMiB: 128, limitsCpuMillis: 200, limitsMemoryMiB: 256, pods: 1 };
    expect(() => new NamespaceQuota(stack, "q", { namespace: "demo", totals, defaults: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "64Mi" } } })).toThrow(
      "NamespaceQuota demo: a quota on limits.cpu needs a default CPU limit in the LimitRange",
    );
  });
});

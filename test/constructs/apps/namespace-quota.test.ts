import { appsQuotaTotals, mebibytes, type AppsValues } from "../../../constructs/apps/namespace-quota";
import { environment, resources, synthEnvironment } from "../../helpers";

const size = (cpu: string, memory: string, cpuLimit: string, memoryLimit: string) => ({
  requests: { cpu, memory },
  limits: { cpu: cpuLimit, memory: memoryLimit },
});

/** Engine 2 shards, API autoscaled to 4, frontend fixed at 1, migration on: the numbers below follow. */
const values: AppsValues = {
  engine: { shards: 2, resources: size("1", "2Gi", "1", "2Gi"), snapshots: { sizeGiB: 10 } },
  api: {
    autoscaling: { enabled: true, maxReplicas: 4 },
    resources: size("250m", "512Mi", "500m", "512Mi"),
    migration: { enabled: true, resources: size("100m", "128Mi", "500m", "256Mi") },
  },
  frontend: { replicas: 1, autoscaling: { enabled: false }, resources: size("100m", "256Mi", "200m", "256Mi") },
};

describe("appsQuotaTotals", () => {
  it("counts every pod at full scale plus a rolling update's surge and terminating pods and the migration Job", () => {
    // engine 2; api 4 + 2 x ceil(1) = 6; frontend 1 + 2 x ceil(0.25) = 3; migration 1.
    expect(appsQuotaTotals(values)).toEqual({
      requestsCpuMillis: 2 * 1000 + 6 * 250 + 3 * 100 + 100,
      requestsMemoryMiB: 2 * 2048 + 6 * 512 + 3 * 256 + 128,
      limitsCpuMillis: 2 * 1000 + 6 * 500 + 3 * 200 + 500,
      limitsMemoryMiB: 2 * 2048 + 6 * 512 + 3 * 256 + 256,
      pods: 12,
      persistentVolumeClaims: 2,
      storageGiB: 20,
    });
  });

  it("adds the mesh sidecar to every pod when the namespace is meshed", () => {
    const without = appsQuotaTotals(values);
    const withSidecar = appsQuotaTotals(values, size("20m", "64Mi", "500m", "128Mi"));
    expect(withSidecar.requestsCpuMillis - without.requestsCpuMillis).toBe(12 * 20);
    expect(withSidecar.limitsMemoryMiB - without.limitsMemoryMiB).toBe(12 * 128);
    expect(withSidecar.pods).toBe(without.pods);
  });

  it("leaves the migration Job out when migrations are off", () => {
    const off = appsQuotaTotals({ ...values, api: { ...values.api, migration: { enabled: false } } });
    expect(appsQuotaTotals(values).pods - off.pods).toBe(1);
  });

  it("fails when the values lack a field the quota needs", () => {
    expect(() => appsQuotaTotals({ ...values, engine: { resources: values.engine.resources } })).toThrow('the chart values have no "shards"');
  });
});

describe("mebibytes", () => {
  it("converts Ki, Mi and Gi", () => {
    expect([mebibytes("1Gi"), mebibytes("512Mi"), mebibytes("2048Ki")]).toEqual([1024, 512, 2]);
  });
  it("fails when the quantity has no binary unit", () => {
    expect(() => mebibytes("512M")).toThrow('memory quantity "512M" is not Ki, Mi or Gi');
  });
});

describe("the apps namespace's quota and limit range", () => {
  const local = synthEnvironment(environment("local")).apps;
  const prod = synthEnvironment(environment("gcp-prod")).apps;
  const hard = (apps: typeof local) => resources(apps, "kubernetes_resource_quota_v1")[0].spec.hard;

  it("caps the exchange namespace with a ResourceQuota and gives containers defaults with a LimitRange", () => {
    const [quota] = resources(local, "kubernetes_resource_quota_v1");
    const [limits] = resources(local, "kubernetes_limit_range_v1");
    expect(quota.metadata.namespace).toMatch(/kubernetes_namespace_v1\.ns-exchange/);
    expect(limits.metadata.namespace).toMatch(/kubernetes_namespace_v1\.ns-exchange/);
    expect(Object.keys(hard(local)).sort()).toEqual(
      ["limits.cpu", "limits.memory", "persistentvolumeclaims", "pods", "requests.cpu", "requests.memory", "requests.storage"].sort(),
    );
    expect(limits.spec.limit[0]).toMatchObject({ type: "Container", default: { cpu: "500m", memory: "512Mi" } });
  });

  it("follows the environment's scale: prod's HPAs allow far more pods than local", () => {
    expect(Number(hard(prod).pods)).toBeGreaterThan(Number(hard(local).pods));
  });

  it("installs every release after the quota and the limit range", () => {
    for (const release of resources(local, "helm_release")) {
      expect(release.depends_on).toEqual(expect.arrayContaining([
        expect.stringMatching(/^kubernetes_resource_quota_v1\./),
        expect.stringMatching(/^kubernetes_limit_range_v1\./),
      ]));
    }
  });
});

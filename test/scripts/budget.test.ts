import { environment } from "../helpers";
import { budgetOf, environmentBudget } from "../../scripts/budget";
import { cpuCores, memoryMiB, overBudget, overQuota, quotasOfStacks, releaseValues, totals, workloadsIn, workloadsOfStacks } from "../../scripts/lib/budget";

const MAC_MINI = { requestsCpu: 4, requestsMemoryMiB: 6144, limitsMemoryMiB: 12288 };

describe("quantities", () => {
  it("reads CPU in cores and memory in MiB", () => {
    expect([cpuCores("250m"), cpuCores("2"), cpuCores(0.5), cpuCores(undefined)]).toEqual([0.25, 2, 0.5, 0]);
    expect([memoryMiB("512Mi"), memoryMiB("1Gi"), memoryMiB("1048576"), memoryMiB("1G")]).toEqual([512, 1024, 1, 1e9 / 2 ** 20]);
  });

  it("fails when a quantity is not one", () => {
    expect(() => memoryMiB("lots")).toThrow("not a memory quantity: lots");
    expect(() => cpuCores("1 core")).toThrow("not a CPU quantity: 1 core");
  });
});

describe("workloadsIn", () => {
  it("multiplies by the nearest replicas, replicaCount or instances", () => {
    const values = {
      replicaCount: 2,
      resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
      webhook: { resources: { requests: { cpu: "50m", memory: "64Mi" } } },
    };
    const w = workloadsIn(values, "cert-manager", "cert-manager", 3);
    expect(w.map((x) => [x.path, x.count])).toEqual([["resources", 2], ["webhook.resources", 2]]);
  });

  it("counts a custom resource in its own namespace with its instances, down to nested pod templates", () => {
    const values = {
      resources: [
        { apiVersion: "postgresql.cnpg.io/v1", kind: "Pooler", metadata: { name: "pg-rw", namespace: "data" }, spec: { instances: 2, template: { spec: { containers: [{ name: "pgbouncer", resources: { requests: { cpu: "50m", memory: "32Mi" }, limits: { memory: "64Mi" } } }] } } } },
      ],
    };
    const w = workloadsIn(values, "platform-resources", "platform", 3);
    expect(w).toEqual([
      { namespace: "data", release: "platform-resources", path: "resources.0.spec.template.spec.containers.0.resources", count: 2, maxCount: 2, requests: { cpu: 0.05, memoryMiB: 32 }, limits: { cpu: 0, memoryMiB: 64 } },
    ]);
  });

  it("counts a workload at its HPA's maximum in maxCount, and at its replicas in count", () => {
    const pod = { resources: { requests: { cpu: "10m", memory: "32Mi" } } };
    const chart = workloadsIn({ replicas: 2, autoscaling: { enabled: true, maxReplicas: 6 }, ...pod }, "r", "ns", 3)[0];
    const istiod = workloadsIn({ replicaCount: 1, autoscaleMax: 5, ...pod }, "istiod", "istio-system", 3)[0];
    const off = workloadsIn({ replicas: 2, autoscaling: { enabled: false, maxReplicas: 6 }, ...pod }, "r", "ns", 3)[0];
    expect([chart.count, chart.maxCount, istiod.count, istiod.maxCount, off.maxCount]).toEqual([2, 6, 1, 5, 2]);
  });

  it("runs a DaemonSet once per node", () => {
    const w = workloadsIn({ alloy: { resources: { requests: { cpu: "100m", memory: "100Mi" } } } }, "alloy", "observability", 3);
    expect(w[0].count).toBe(3);
  });
});

describe("totals and the local budget", () => {
  const stack = {
    resource: {
      helm_release: {
        api: { name: "api", namespace: "exchange", values: ["replicas: 2\nresources:\n  requests: {cpu: 1500m, memory: 3Gi}\n  limits: {memory: 4Gi}\n"] },
        override: { name: "engine", namespace: "exchange", values: ["resources:\n  requests: {cpu: 1, memory: 1Gi}\n", "resources:\n  requests: {cpu: 2}\n"] },
      },
    },
  };

  it("merges a release's value documents in order, later ones winning", () => {
    expect(releaseValues(stack.resource.helm_release.override)).toEqual({ resources: { requests: { cpu: 2, memory: "1Gi" } } });
  });

  it("fails the budget when requests or limits exceed it, naming each", () => {
    const { all, byNamespace } = totals(workloadsOfStacks([stack], 1));
    expect(byNamespace.exchange.requestsCpu).toBe(5);
    expect(overBudget(all, MAC_MINI)).toEqual(["CPU requests 5.00 > 4", "memory requests 7168 MiB > 6144 MiB"]);
  });
});

describe("quotas", () => {
  const stack = {
    resource: {
      kubernetes_namespace_v1: { ns: { metadata: { name: "kafka" } } },
      kubernetes_resource_quota_v1: {
        q: { metadata: { name: "compute-quota", namespace: "${kubernetes_namespace_v1.ns.metadata[0].name}" }, spec: { hard: { "requests.cpu": "500m", "requests.memory": "1Gi", "limits.memory": "2048Mi", pods: "4" } } },
      },
      helm_release: {
        broker: { name: "strimzi", namespace: "${kubernetes_namespace_v1.ns.metadata[0].name}", values: ["replicas: 2\nresources:\n  requests: {cpu: 300m, memory: 512Mi}\n  limits: {memory: 768Mi}\n"] },
      },
    },
  };

  it("reads each namespace's ResourceQuota, resolving a reference to the namespace resource", () => {
    expect(quotasOfStacks([stack])).toEqual({ kafka: { requestsCpu: 0.5, requestsMemoryMiB: 1024, limitsMemoryMiB: 2048 } });
  });

  it("names each namespace whose workloads ask for more than its quota allows", () => {
    const { byNamespace } = totals(workloadsOfStacks([stack], 1));
    expect(overQuota(byNamespace, quotasOfStacks([stack]))).toEqual(["kafka: CPU requests 0.60 > quota 0.50"]);
  });
});

describe("the local environment", () => {
  const local = environment("local");
  const { workloads, all, byNamespace, quotas } = environmentBudget(local);

  it("has the Mac Mini budget of issue 11 from its compact sizing profile, and cloud environments have none", () => {
    expect(budgetOf(local)).toEqual(MAC_MINI);
    expect(budgetOf(environment("gcp-dev"))).toBeUndefined();
  });

  it("stays within its budget with every platform add-on and the three apps synthesized", () => {
    expect(workloads.map((w) => w.release)).toEqual(expect.arrayContaining(["engine", "api", "frontend", "strimzi-resources", "kube-prometheus-stack"]));
    expect(overBudget(all, MAC_MINI)).toEqual([]);
  });

  it("has a quota in every namespace it counts workloads in, and every namespace within its quota", () => {
    expect(Object.keys(byNamespace).filter((ns) => !quotas[ns])).toEqual([]);
    expect(overQuota(byNamespace, quotas)).toEqual([]);
  });

  it("gives every workload it counts a memory limit", () => {
    expect(workloads.filter((w) => w.limits.memoryMiB === 0).map((w) => `${w.release}:${w.path}`)).toEqual([]);
  });
});

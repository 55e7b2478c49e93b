import * as fs from "node:fs";
import * as path from "node:path";
import { appChartProblems, appObjectProblems, dockerfileUser, imageUserProblems } from "../../scripts/lib/app-chart-checks";

const NS = "exchange";

/** A container as our charts render it: the whole contract kept. */
const container = {
  name: "api",
  image: "europe-west3-docker.pkg.dev/p/orderbook/api:0.1.0",
  resources: { requests: { cpu: "500m", memory: "512Mi" }, limits: { cpu: "1000m", memory: "512Mi" } },
  securityContext: {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser: 10001,
    runAsGroup: 10001,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
  },
};

function deployment(c: Record<string, any> = container, pod: Record<string, any> = {}) {
  return {
    kind: "Deployment",
    metadata: { name: "api", namespace: NS },
    spec: { template: { spec: { automountServiceAccountToken: false, securityContext: { fsGroup: 10001 }, containers: [c], ...pod } } },
  };
}

const withSecurity = (patch: Record<string, unknown>) => ({ ...container, securityContext: { ...container.securityContext, ...patch } });

describe("appObjectProblems", () => {
  it("passes a workload that keeps the charts' contract", () => {
    expect(appObjectProblems(deployment(), NS)).toEqual([]);
  });

  it("fails when a namespaced object does not name the release's namespace", () => {
    expect(appObjectProblems({ kind: "ConfigMap", metadata: { name: "api" } }, NS)).toEqual([
      'ConfigMap/api: metadata.namespace is null, expected "exchange" (set it explicitly from .Release.Namespace)',
    ]);
  });

  it("accepts a cluster-scoped object without a namespace", () => {
    expect(appObjectProblems({ kind: "ClusterRole", metadata: { name: "r" } }, NS)).toEqual([]);
  });

  it("fails when the root filesystem is writable", () => {
    expect(appObjectProblems(deployment(withSecurity({ readOnlyRootFilesystem: false })), NS)).toEqual([
      "Deployment/api container api: readOnlyRootFilesystem must be true",
    ]);
  });

  it("fails when the uid or gid is not above 10000, such as the node image's own user 1000", () => {
    expect(appObjectProblems(deployment(withSecurity({ runAsUser: 1000, runAsGroup: 10000 })), NS)).toEqual([
      "Deployment/api container api: runAsUser must be above 10000 (the image's own user), got 1000",
      "Deployment/api container api: runAsGroup must be above 10000 (the image's own user), got 10000",
    ]);
  });

  it("takes the uid and gid from the pod's security context when the container sets none", () => {
    const { runAsUser, runAsGroup, ...rest } = container.securityContext;
    const d = deployment({ ...container, securityContext: rest }, { securityContext: { runAsUser, runAsGroup } });
    expect(appObjectProblems(d, NS)).toEqual([]);
  });

  it("fails when a container has no CPU limit", () => {
    const c = { ...container, resources: { ...container.resources, limits: { memory: "512Mi" } } };
    expect(appObjectProblems(deployment(c), NS)).toEqual(["Deployment/api container api: resources.limits.cpu is not set"]);
  });

  it("fails when the pod mounts a service-account token", () => {
    const d = deployment();
    d.spec.template.spec.automountServiceAccountToken = undefined as never;
    expect(appObjectProblems(d, NS)).toEqual(["Deployment/api: automountServiceAccountToken must be false (the apps never call the Kubernetes API)"]);
  });

  it("fails when a container breaks the restricted Pod Security profile", () => {
    expect(appObjectProblems(deployment(withSecurity({ capabilities: { drop: [] } })), NS)).toEqual(["Deployment/api container api: capabilities must drop ALL"]);
  });

  it("checks the init containers too", () => {
    const d = deployment(container, { initContainers: [withSecurity({ readOnlyRootFilesystem: undefined })] });
    expect(appObjectProblems(d, NS)).toEqual(["Deployment/api container api: readOnlyRootFilesystem must be true"]);
  });
});

describe("appChartProblems", () => {
  it("reports the problems of every object of a render", () => {
    const problems = appChartProblems([deployment(), { kind: "Service", metadata: { name: "api", namespace: "default" } }], NS);
    expect(problems).toEqual(['Service/api: metadata.namespace is "default", expected "exchange" (set it explicitly from .Release.Namespace)']);
  });
});

describe("dockerfileUser", () => {
  it("reads the numeric USER of the last stage, not of a build stage", () => {
    const dockerfile = "FROM node AS build\nUSER 1000:1000\nRUN make\n\nFROM node AS runtime\nUSER 10001:10001\nCMD [\"node\"]\n";
    expect(dockerfileUser(dockerfile)).toEqual({ uid: 10001, gid: 10001 });
  });

  it("fails when the last stage runs as a user name, which runAsNonRoot cannot verify", () => {
    expect(() => dockerfileUser("FROM node\nUSER node\n")).toThrow(`the last stage's USER is "node"; it must be numeric uid:gid (e.g. USER 10001:10001)`);
  });

  it("fails when the last stage has no USER", () => {
    expect(() => dockerfileUser("FROM node AS a\nUSER 10001:10001\nFROM node\nCMD x\n")).toThrow("the last stage's USER is missing");
  });

  it.each(["engine", "api", "frontend"])("finds the %s image's user above 10000 in its Dockerfile", (app) => {
    const user = dockerfileUser(fs.readFileSync(path.join(__dirname, "../../apps", app, "Dockerfile"), "utf8"));
    expect(user.uid).toBeGreaterThan(10000);
    expect(user.gid).toBeGreaterThan(10000);
  });
});

describe("imageUserProblems", () => {
  it("passes containers that run as the image's user", () => {
    expect(imageUserProblems([deployment()], { uid: 10001, gid: 10001 })).toEqual([]);
  });

  it("fails when a container runs as another user than the Dockerfile's", () => {
    expect(imageUserProblems([deployment()], { uid: 10002, gid: 10001 })).toEqual([
      "Deployment/api container api: runs as 10001:10001, but the image's Dockerfile sets USER 10002:10001",
    ]);
  });
});

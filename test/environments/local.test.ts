import { EnvironmentError, parseEnvironment } from "../../environments/load";
import local from "../../environments/local";

/** The `field: message` lines the schema reports for the local environment with `mutate` applied. */
function localProblems(mutate: (env: Record<string, any>) => void): string[] {
  const env = structuredClone(local) as Record<string, any>;
  mutate(env);
  try {
    parseEnvironment(env, "environments/local.ts");
  } catch (e) {
    if (e instanceof EnvironmentError) return e.problems.map((p) => `${p.field}: ${p.message}`);
    throw e;
  }
  return [];
}

describe("local environment schema", () => {
  it("accepts the committed local environment with loopback ports 8080, 8443 and 6550", () => {
    const env = parseEnvironment(structuredClone(local), "environments/local.ts");
    expect(env.target === "local" && [env.local.httpPort, env.local.httpsPort, env.local.apiPort]).toEqual([8080, 8443, 6550]);
  });

  it("accepts localhost as the domain, with app, api and grafana under it", () => {
    const env = parseEnvironment(structuredClone(local), "environments/local.ts");
    expect([env.dns.domain, env.dns.hostnames.app, env.dns.hostnames.api, env.dns.hostnames.grafana]).toEqual(["localhost", "app.localhost", "api.localhost", "grafana.localhost"]);
  });

  it("runs the admin UIs by default", () => {
    expect(parseEnvironment(structuredClone(local), "environments/local.ts").addons.adminUis).toBe(true);
  });

  it("fails when the admin UIs run without a hostname for each", () => {
    expect(localProblems((e) => delete e.dns.hostnames.pgadmin)).toEqual(["dns.hostnames.pgadmin: is required while addons.adminUis is true (e.g. pgadmin.localhost)"]);
  });

  it("fails when the k3s image runs another Kubernetes minor than cluster.kubernetesVersion", () => {
    expect(localProblems((e) => (e.local.k3sImage = "rancher/k3s:v1.34.2-k3s1"))).toEqual([
      "local.k3sImage: runs Kubernetes 1.34, but cluster.kubernetesVersion is 1.35; pick a k3s image of the same minor",
    ]);
  });

  it("fails when two host ports are the same", () => {
    expect(localProblems((e) => (e.local.apiPort = 8443))).toEqual([
      "local.apiPort: is the same port as local.httpsPort (8443); each needs its own host port",
    ]);
  });

  it("fails when the kubeconfig path could break out of the shell command", () => {
    expect(localProblems((e) => (e.local.kubeconfigPath = "~/.kube/config; rm -rf /"))).toEqual([
      "local.kubeconfigPath: a file path of letters, digits, '_', '.', '/', '-' (optionally starting with ~/)",
    ]);
  });
});

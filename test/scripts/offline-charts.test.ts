import { OFFLINE_SOURCES, offlineChartDir } from "../../scripts/lib/offline-charts";
import { resolveAddons } from "../../constructs/addons/registry";
import { environment } from "../helpers";

describe("offlineChartDir", () => {
  it("returns undefined for a chart no Go module ships (without touching the network)", async () => {
    await expect(offlineChartDir("oci://quay.io/strimzi-helm", "strimzi-kafka-operator", "1.0.0")).resolves.toBeUndefined();
  });

  it("returns undefined when the repository is not the chart's home, even if the name matches", async () => {
    await expect(offlineChartDir("https://example.com/charts", "cert-manager", "v1.21.2")).resolves.toBeUndefined();
  });

  it("knows a source for the charts the platform pins from a Go module's repository", () => {
    const pinned = ["aws-dev", "gcp-prod", "local"].flatMap((e) => resolveAddons(environment(e)).flatMap((a) => a.spec.releases.map((r) => r.chart)));
    for (const name of ["cert-manager", "external-secrets", "external-dns", "metrics-server", "loki", "gateway-crds-helm", "istiod"]) {
      const chart = pinned.find((c) => c.name === name)!;
      expect(OFFLINE_SOURCES.some((s) => s.chart === name && s.repositories.includes(chart.repository))).toBe(true);
    }
  });
});

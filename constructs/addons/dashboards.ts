/**
 * Grafana dashboards as code, one per app, from the metrics the apps export (apps/api/src/plugins/metrics.ts,
 * apps/engine/src/ops/metrics.ts). Grafana's sidecar loads every ConfigMap labelled `grafana_dashboard: "1"`.
 */
import type { KubernetesObject } from "./addon";
import { APP_NAMESPACE } from "./addon";

interface Panel {
  readonly title: string;
  readonly expr: readonly string[];
  readonly unit: string;
}

const ns = `namespace="${APP_NAMESPACE}"`;

/** The panels of each app's dashboard. */
export const DASHBOARDS: Readonly<Record<string, readonly Panel[]>> = {
  api: [
    { title: "Request rate", expr: [`sum(rate(http_request_duration_seconds_count{${ns}}[5m])) by (route)`], unit: "reqps" },
    { title: "Errors (5xx) per second", expr: [`sum(rate(http_request_duration_seconds_count{${ns},status=~"5.."}[5m])) by (route)`], unit: "reqps" },
    {
      title: "Latency p50 / p95 / p99",
      expr: [0.5, 0.95, 0.99].map((q) => `histogram_quantile(${q}, sum(rate(http_request_duration_seconds_bucket{${ns}}[5m])) by (le))`),
      unit: "s",
    },
    { title: "Kafka results consumed", expr: [`sum(rate(engine_results_consumed_total{${ns}}[5m])) by (group, outcome)`], unit: "ops" },
  ],
  engine: [
    { title: "Commands per second", expr: [`sum(engine_commands_per_second{${ns}})`], unit: "ops" },
    { title: "Commands by type", expr: [`sum(rate(engine_commands_total{${ns}}[5m])) by (type)`], unit: "ops" },
    { title: "Rejections", expr: [`sum(rate(engine_rejections_total{${ns}}[5m])) by (reason)`], unit: "ops" },
    { title: "Kafka consumer lag", expr: [`sum(engine_consumer_lag{${ns}}) by (partition)`], unit: "short" },
    {
      title: "Batch latency p50 / p95 / p99",
      expr: [0.5, 0.95, 0.99].map((q) => `histogram_quantile(${q}, sum(rate(engine_batch_duration_seconds_bucket{${ns}}[5m])) by (le))`),
      unit: "s",
    },
  ],
  frontend: [
    { title: "CPU", expr: [`sum(rate(container_cpu_usage_seconds_total{${ns},container="frontend"}[5m]))`], unit: "short" },
    { title: "Memory", expr: [`sum(container_memory_working_set_bytes{${ns},container="frontend"})`], unit: "bytes" },
    { title: "Restarts", expr: [`sum(kube_pod_container_status_restarts_total{${ns},container="frontend"})`], unit: "short" },
  ],
};

/** One Grafana dashboard model. */
export function dashboard(app: string, panels: readonly Panel[]): Record<string, unknown> {
  return {
    uid: `orderbook-${app}`,
    title: `Orderbook / ${app}`,
    schemaVersion: 39,
    time: { from: "now-1h", to: "now" },
    panels: panels.map((p, i) => ({
      id: i + 1,
      type: "timeseries",
      title: p.title,
      datasource: { type: "prometheus", uid: "prometheus" },
      gridPos: { h: 8, w: 12, x: (i % 2) * 12, y: Math.floor(i / 2) * 8 },
      fieldConfig: { defaults: { unit: p.unit }, overrides: [] },
      targets: p.expr.map((expr, j) => ({ refId: String.fromCharCode(65 + j), expr })),
    })),
  };
}

/** The dashboard ConfigMaps, in the Grafana namespace. */
export function dashboardConfigMaps(namespace: string): KubernetesObject[] {
  return Object.entries(DASHBOARDS).map(([app, panels]) => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: `dashboard-${app}`, namespace, labels: { grafana_dashboard: "1" } },
    data: { [`${app}.json`]: JSON.stringify(dashboard(app, panels)) },
  }));
}

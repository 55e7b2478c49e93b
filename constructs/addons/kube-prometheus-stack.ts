import type { AddonDefinition, ChartRef } from "./addon";
import { sized, sizing } from "./sizing";
import { dashboardConfigMaps } from "./dashboards";
import { GATEWAY_NAME, GATEWAY_NAMESPACE } from "./gateway";
import { LOKI_NAMESPACE, LOKI_URL } from "./loki";

export const KUBE_PROMETHEUS_STACK_CHARTS = {
  kps: { repository: "https://prometheus-community.github.io/helm-charts", name: "kube-prometheus-stack", version: "88.2.0" },
} as const satisfies Record<string, ChartRef>;

export const MONITORING_NAMESPACE = "monitoring";
const RELEASE = "kube-prometheus-stack";

/**
 * Prometheus (operator, rules, exporters) and Grafana with Prometheus and Loki datasources and the apps'
 * dashboards. `observability.prometheus: false` keeps Grafana (logs) and drops the metrics stack.
 */
export const kubePrometheusStack: AddonDefinition = {
  id: "kube-prometheus-stack",
  description: "Prometheus + Grafana (Loki and Prometheus datasources, dashboards as code per app)",
  enabled: () => true,
  spec: (ctx) => {
    const { env } = ctx;
    const prom = env.observability.prometheus;
    const size = sizing(ctx).monitoring;
    return {
      namespace: prom
        ? {
            name: MONITORING_NAMESPACE,
            podSecurity: "privileged",
            podSecurityReason: "node-exporter reads host metrics with hostNetwork, hostPID and hostPath mounts of / , /proc and /sys",
          }
        : { name: MONITORING_NAMESPACE, podSecurity: "restricted" },
      dependsOn: ["gateway-api-crds", "loki"],
      // Counted by hand: Grafana's second sidecar (both take `sidecar.resources`, which the values show once);
      // with Prometheus, the config-reloader's second pod (Alertmanager) and the admission webhook's two
      // certificate hook Jobs (create, patch), whose `admissionWebhooks.patch.resources` we leave unset.
      quota: { unsizedContainers: prom ? 4 : 1 },
      releases: [
        {
          name: RELEASE,
          chart: KUBE_PROMETHEUS_STACK_CHARTS.kps,
          timeoutSeconds: 900,
          values: {
            defaultRules: { create: prom },
            prometheusOperator: {
              enabled: prom,
              resources: sized(size.operator),
              // The config-reloader the operator adds to the Prometheus and Alertmanager pods.
              prometheusConfigReloader: { resources: sized(size.configReloader) },
            },
            kubeStateMetrics: { enabled: prom },
            nodeExporter: { enabled: prom },
            "kube-state-metrics": { resources: sized(size.kubeStateMetrics) },
            "prometheus-node-exporter": { resources: sized(size.nodeExporter) },
            alertmanager: { enabled: prom, alertmanagerSpec: { resources: sized(size.alertmanager) } },
            prometheus: {
              enabled: prom,
              prometheusSpec: {
                retention: `${env.addons.metricsRetentionDays}d`,
                resources: sized(size.prometheus),
                // Retention by size as well as by time, so the volume never fills up.
                retentionSize: `${Math.floor(size.prometheusVolumeGiB * 0.8)}GB`,
                // Pick up every ServiceMonitor/PodMonitor/rule in the cluster, not only this release's.
                serviceMonitorSelectorNilUsesHelmValues: false,
                podMonitorSelectorNilUsesHelmValues: false,
                ruleSelectorNilUsesHelmValues: false,
                storageSpec: { volumeClaimTemplate: { spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: `${size.prometheusVolumeGiB}Gi` } } } } },
              },
            },
            grafana: {
              enabled: true,
              resources: sized(size.grafana),
              sidecar: {
                resources: sized(size.grafanaSidecar),
                dashboards: { enabled: true, label: "grafana_dashboard", labelValue: "1", searchNamespace: "ALL" },
                datasources: { enabled: true, defaultDatasourceEnabled: prom, uid: "prometheus" },
              },
              additionalDataSources: [{ name: "Loki", type: "loki", uid: "loki", url: LOKI_URL, access: "proxy", jsonData: { maxLines: 1000 } }],
            },
          },
        },
      ],
      resources: [
        ...dashboardConfigMaps(MONITORING_NAMESPACE),
        {
          apiVersion: "gateway.networking.k8s.io/v1",
          kind: "HTTPRoute",
          metadata: { name: "grafana", namespace: MONITORING_NAMESPACE },
          spec: {
            // No sectionName: the hostname picks the HTTPS listener, and locally the plain HTTP one too.
            parentRefs: [{ name: GATEWAY_NAME, namespace: GATEWAY_NAMESPACE }],
            hostnames: [env.dns.hostnames.grafana],
            rules: [{ backendRefs: [{ name: `${RELEASE}-grafana`, port: 80 }] }],
          },
        },
      ],
      // Egress to every namespace we scrape is added by the registry; 10250/9100: kubelets and node-exporter on host network.
      network: { ingressFromNamespaces: [GATEWAY_NAMESPACE], ingressPorts: [10250], egressApiServer: true, egressToNamespaces: [LOKI_NAMESPACE], egressPorts: [10250, 9100] },
    };
  },
};

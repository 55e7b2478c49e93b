import type { AddonDefinition, ChartRef } from "./addon";
import { afterMonitoringCrds, resources, serviceAccountAnnotations } from "./addon";

export const EXTERNAL_DNS_CHARTS = {
  externalDns: { repository: "https://kubernetes-sigs.github.io/external-dns", name: "external-dns", version: "1.22.0" },
} as const satisfies Record<string, ChartRef>;

/** ExternalDNS: publishes the hostnames of HTTPRoutes on the platform Gateway, only inside the environment's zone. */
export const externalDns: AddonDefinition = {
  id: "external-dns",
  description: "ExternalDNS for HTTPRoute hostnames, limited to dns.domain (cloud targets)",
  enabled: ({ capabilities }) => capabilities.publicDns !== undefined,
  spec: (ctx) => {
    const { env, capabilities, infra } = ctx;
    const provider = capabilities.publicDns!;
    const providerArgs =
      env.target === "gcp"
        ? [`--google-project=${env.gcp.projectId}`, "--google-zone-visibility=public"]
        : ["--aws-zone-type=public", ...(infra.route53ZoneId ? [`--zone-id-filter=${infra.route53ZoneId}`] : [])];
    return {
      namespace: { name: "external-dns", podSecurity: "restricted" },
      dependsOn: ["gateway-api-crds", ...afterMonitoringCrds(ctx)],
      releases: [
        {
          name: "external-dns",
          chart: EXTERNAL_DNS_CHARTS.externalDns,
          values: {
            provider: { name: provider },
            sources: ["gateway-httproute"],
            // Only records inside the environment's zone, owned (TXT registry) by this environment.
            domainFilters: [env.dns.domain],
            txtOwnerId: env.name,
            registry: "txt",
            policy: "sync",
            extraArgs: providerArgs,
            ...(env.target === "aws" ? { env: [{ name: "AWS_DEFAULT_REGION", value: env.aws.region }] } : {}),
            serviceAccount: { annotations: serviceAccountAnnotations(ctx, "external-dns") },
            resources: resources("20m", "64Mi", "128Mi"),
            serviceMonitor: { enabled: ctx.enabled.has("kube-prometheus-stack") },
          },
        },
      ],
      identity: {
        serviceAccount: "external-dns",
        gcpRoles: [
          { role: "roles/dns.admin", on: "dns-zone" },
          { role: "roles/dns.reader", on: "project" },
        ],
        awsStatements: [
          { sid: "ZoneRecords", actions: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets", "route53:ListTagsForResources"], on: "dns-zone" },
          { sid: "FindZones", actions: ["route53:ListHostedZones"], on: "any" },
        ],
      },
      network: { egressApiServer: true, egressInternet: true },
    };
  },
};

import type { EnvironmentConfig } from "../../environments/schema";
import type { AddonContext, AddonDefinition, ChartRef, KubernetesObject } from "./addon";
import { afterMonitoringCrds, serviceAccountAnnotations } from "./addon";
import { sized, sizing } from "./sizing";

export const CERT_MANAGER_CHARTS = {
  certManager: { repository: "https://charts.jetstack.io", name: "cert-manager", version: "v1.21.2" },
} as const satisfies Record<string, ChartRef>;

export const CERT_MANAGER_NAMESPACE = "cert-manager";

const ACME = {
  "letsencrypt-staging": "https://acme-staging-v02.api.letsencrypt.org/directory",
  letsencrypt: "https://acme-v02.api.letsencrypt.org/directory",
} as const;

/** The ClusterIssuer the environment's certificates come from (`dns.tls.issuer`). */
export function clusterIssuerName(env: EnvironmentConfig): string {
  return env.dns.tls.issuer;
}

function dns01Solver(ctx: AddonContext): Record<string, unknown> {
  const { env, capabilities, infra } = ctx;
  if (capabilities.publicDns === "google" && env.target === "gcp") {
    // Credentials: the controller's Workload Identity (no key file).
    return { cloudDNS: { project: env.gcp.projectId } };
  }
  if (capabilities.publicDns === "aws" && env.target === "aws") {
    // Credentials: the controller's Pod Identity association.
    return { route53: { region: env.aws.region, ...(infra.route53ZoneId ? { hostedZoneID: infra.route53ZoneId } : {}) } };
  }
  throw new Error(`cert-manager: dns.tls.issuer "${env.dns.tls.issuer}" needs a target with public DNS; target "${env.target}" has none (use "self-signed")`);
}

function issuers(ctx: AddonContext): KubernetesObject[] {
  const { env } = ctx;
  const issuer = env.dns.tls.issuer;
  if (issuer === "self-signed") {
    // A self-signed root signs one CA certificate; the CA issuer signs the gateway's certificates.
    return [
      { apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer", metadata: { name: "self-signed-root" }, spec: { selfSigned: {} } },
      {
        apiVersion: "cert-manager.io/v1",
        kind: "Certificate",
        metadata: { name: "platform-ca", namespace: CERT_MANAGER_NAMESPACE },
        spec: {
          isCA: true,
          commonName: `${env.name} platform CA`,
          secretName: "platform-ca",
          duration: "87600h",
          privateKey: { algorithm: "ECDSA", size: 256 },
          issuerRef: { name: "self-signed-root", kind: "ClusterIssuer", group: "cert-manager.io" },
        },
      },
      { apiVersion: "cert-manager.io/v1", kind: "ClusterIssuer", metadata: { name: "self-signed" }, spec: { ca: { secretName: "platform-ca" } } },
    ];
  }
  const solver = { dns01: dns01Solver(ctx), selector: { dnsZones: [env.dns.domain] } };
  // Both ACME issuers exist in a cloud environment, so switching staging -> prod is a one-field change.
  return (["letsencrypt-staging", "letsencrypt"] as const).map((name) => ({
    apiVersion: "cert-manager.io/v1",
    kind: "ClusterIssuer",
    metadata: { name },
    spec: { acme: { server: ACME[name], email: env.dns.tls.email, privateKeySecretRef: { name: `${name}-account` }, solvers: [solver] } },
  }));
}

/** cert-manager with the environment's ClusterIssuers (ACME DNS01 in the cloud, a self-signed CA locally). */
export const certManager: AddonDefinition = {
  id: "cert-manager",
  description: "cert-manager and the ClusterIssuers (Let's Encrypt DNS01 via Cloud DNS / Route 53, or a self-signed CA)",
  enabled: () => true,
  spec: (ctx) => ({
    namespace: { name: CERT_MANAGER_NAMESPACE, podSecurity: "restricted" },
    dependsOn: ["gateway-api-crds", ...afterMonitoringCrds(ctx)],
    releases: [
      {
        name: "cert-manager",
        chart: CERT_MANAGER_CHARTS.certManager,
        values: {
          crds: { enabled: true, keep: true },
          replicaCount: ctx.env.tier === "prod" ? 2 : 1,
          // Certificates for Gateway listeners come from the gateway-shim (cert-manager.io/cluster-issuer on the Gateway).
          config: { apiVersion: "controller.config.cert-manager.io/v1alpha1", kind: "ControllerConfiguration", enableGatewayAPI: true },
          // Self-checks of DNS01 records go through the cluster resolver, so the namespace needs no egress to port 53 anywhere.
          extraArgs: ["--dns01-recursive-nameservers-only"],
          serviceAccount: { annotations: serviceAccountAnnotations(ctx, "cert-manager") },
          resources: sized(sizing(ctx).certManager.controller),
          webhook: { resources: sized(sizing(ctx).certManager.webhook) },
          cainjector: { resources: sized(sizing(ctx).certManager.cainjector) },
          startupapicheck: { resources: sized(sizing(ctx).certManager.startupapicheck) },
          prometheus: { enabled: true, servicemonitor: { enabled: ctx.enabled.has("kube-prometheus-stack") } },
        },
      },
    ],
    resources: issuers(ctx),
    identity: ctx.capabilities.publicDns
      ? {
          serviceAccount: "cert-manager",
          gcpRoles: [
            { role: "roles/dns.admin", on: "dns-zone" },
            // Listing managed zones is a project-level permission; reader grants nothing else writable.
            { role: "roles/dns.reader", on: "project" },
          ],
          awsStatements: [
            { sid: "ChangeStatus", actions: ["route53:GetChange"], on: "dns-changes" },
            { sid: "ZoneRecords", actions: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets"], on: "dns-zone" },
            { sid: "FindZone", actions: ["route53:ListHostedZonesByName"], on: "any" },
          ],
        }
      : undefined,
    // 10250: the webhook the API server calls.
    network: { ingressPorts: [10250], egressApiServer: true, egressInternet: ctx.capabilities.publicDns !== undefined },
  }),
};

import type { AddonContext, AddonDefinition, ChartRef, KubernetesObject } from "./addon";
import { afterMonitoringCrds, resources, serviceAccountAnnotations } from "./addon";
import { VAULT_ADDRESS, VAULT_ROLE } from "./vault";

export const EXTERNAL_SECRETS_CHARTS = {
  eso: { repository: "https://charts.external-secrets.io", name: "external-secrets", version: "1.3.1" },
} as const satisfies Record<string, ChartRef>;

export const EXTERNAL_SECRETS_NAMESPACE = "external-secrets";
/** The ClusterSecretStore the apps' ExternalSecrets name (the `SecretStore.storeName` contract). */
export const CLUSTER_SECRET_STORE = "platform";

function provider(ctx: AddonContext): Record<string, unknown> {
  const { env } = ctx;
  switch (env.secrets.backend) {
    case "gcp-secret-manager":
      if (env.target !== "gcp") break;
      // Credentials: the controller's Workload Identity.
      return { gcpsm: { projectID: env.gcp.projectId } };
    case "aws-secrets-manager":
      if (env.target !== "aws") break;
      // Credentials: the controller's Pod Identity association.
      return { aws: { service: "SecretsManager", region: env.aws.region } };
    case "vault-dev":
      return {
        vault: {
          server: VAULT_ADDRESS,
          path: "secret",
          version: "v2",
          auth: { kubernetes: { mountPath: "kubernetes", role: VAULT_ROLE, serviceAccountRef: { name: "external-secrets", namespace: EXTERNAL_SECRETS_NAMESPACE } } },
        },
      };
    case "kubernetes":
      // Source secrets live in this namespace, which only platform admins can write.
      return {
        kubernetes: {
          remoteNamespace: EXTERNAL_SECRETS_NAMESPACE,
          server: { caProvider: { type: "ConfigMap", name: "kube-root-ca.crt", key: "ca.crt", namespace: EXTERNAL_SECRETS_NAMESPACE } },
          auth: { serviceAccount: { name: "external-secrets", namespace: EXTERNAL_SECRETS_NAMESPACE } },
        },
      };
  }
  throw new Error(`external-secrets: secrets.backend "${env.secrets.backend}" is not available on target "${env.target}"`);
}

function storeObjects(ctx: AddonContext): KubernetesObject[] {
  const store: KubernetesObject = {
    apiVersion: "external-secrets.io/v1",
    kind: "ClusterSecretStore",
    metadata: { name: CLUSTER_SECRET_STORE },
    spec: { provider: provider(ctx) },
  };
  if (ctx.env.secrets.backend !== "kubernetes") return [store];
  // The kubernetes provider reads secrets with the controller's own service account: read access here only,
  // plus the cluster-scoped SelfSubjectRulesReview it uses to validate the store.
  const sa = [{ kind: "ServiceAccount", name: "external-secrets", namespace: EXTERNAL_SECRETS_NAMESPACE }];
  return [
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: { name: "secret-store-reader", namespace: EXTERNAL_SECRETS_NAMESPACE },
      rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get", "list", "watch"] }],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: "secret-store-reader", namespace: EXTERNAL_SECRETS_NAMESPACE },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "secret-store-reader" },
      subjects: sa,
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: "external-secrets-store-review" },
      rules: [{ apiGroups: ["authorization.k8s.io"], resources: ["selfsubjectrulesreviews"], verbs: ["create"] }],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "external-secrets-store-review" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "external-secrets-store-review" },
      subjects: sa,
    },
    store,
  ];
}

/** External Secrets Operator (`external-secrets.io/v1`) with one ClusterSecretStore for the target's backend. */
export const externalSecrets: AddonDefinition = {
  id: "external-secrets",
  description: "External Secrets Operator and the ClusterSecretStore of secrets.backend",
  enabled: () => true,
  spec: (ctx) => {
    const cloud = ctx.env.secrets.backend === "gcp-secret-manager" || ctx.env.secrets.backend === "aws-secrets-manager";
    return {
      namespace: { name: EXTERNAL_SECRETS_NAMESPACE, podSecurity: "restricted" },
      dependsOn: [...(ctx.env.secrets.backend === "vault-dev" ? ["vault"] : []), ...afterMonitoringCrds(ctx)],
      releases: [
        {
          name: "external-secrets",
          chart: EXTERNAL_SECRETS_CHARTS.eso,
          values: {
            installCRDs: true,
            fullnameOverride: "external-secrets",
            serviceAccount: { name: "external-secrets", annotations: serviceAccountAnnotations(ctx, "external-secrets") },
            resources: resources("50m", "128Mi", "256Mi"),
            webhook: { resources: resources("20m", "64Mi", "128Mi") },
            certController: { resources: resources("20m", "64Mi", "128Mi") },
            serviceMonitor: { enabled: ctx.enabled.has("kube-prometheus-stack") },
          },
        },
      ],
      resources: storeObjects(ctx),
      identity: cloud
        ? {
            serviceAccount: "external-secrets",
            gcpRoles: [{ role: "roles/secretmanager.secretAccessor", on: "app-secrets" }],
            awsStatements: [
              { sid: "ReadAppSecrets", actions: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret", "secretsmanager:ListSecretVersionIds"], on: "app-secrets" },
            ],
          }
        : undefined,
      // 10250: the webhook the API server calls.
      network: {
        ingressPorts: [10250],
        egressApiServer: true,
        egressInternet: cloud,
        egressToNamespaces: ctx.env.secrets.backend === "vault-dev" ? ["vault"] : [],
      },
    };
  },
};

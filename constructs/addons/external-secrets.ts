import type { EnvironmentConfig } from "../../environments/schema";
import type { AddonContext, AddonDefinition, ChartRef, KubernetesObject } from "./addon";
import { afterMonitoringCrds, APP_NAMESPACE, serviceAccountAnnotations } from "./addon";
import { sized, sizing } from "./sizing";
import { VAULT_ADDRESS, VAULT_ROLE } from "./vault";

export const EXTERNAL_SECRETS_CHARTS = {
  eso: { repository: "https://charts.external-secrets.io", name: "external-secrets", version: "1.3.1" },
} as const satisfies Record<string, ChartRef>;

export const EXTERNAL_SECRETS_NAMESPACE = "external-secrets";
/** The controller's service account (the chart's `serviceAccount.name`). */
export const EXTERNAL_SECRETS_SERVICE_ACCOUNT = "external-secrets";
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
          auth: { kubernetes: { mountPath: "kubernetes", role: VAULT_ROLE, serviceAccountRef: { name: EXTERNAL_SECRETS_SERVICE_ACCOUNT, namespace: EXTERNAL_SECRETS_NAMESPACE } } },
        },
      };
    case "kubernetes":
      // Source secrets live in this namespace, which only platform admins can write.
      return kubernetesProvider(EXTERNAL_SECRETS_NAMESPACE);
  }
  throw new Error(`external-secrets: secrets.backend "${env.secrets.backend}" is not available on target "${env.target}"`);
}

/**
 * ESO's kubernetes provider reading Secrets of `remoteNamespace` in this cluster with the controller's own
 * service account, which needs `get` on those Secrets there (a Role the caller creates).
 */
export function kubernetesProvider(remoteNamespace: string): Record<string, unknown> {
  return {
    kubernetes: {
      remoteNamespace,
      server: { caProvider: { type: "ConfigMap", name: "kube-root-ca.crt", key: "ca.crt", namespace: EXTERNAL_SECRETS_NAMESPACE } },
      auth: { serviceAccount: { name: EXTERNAL_SECRETS_SERVICE_ACCOUNT, namespace: EXTERNAL_SECRETS_NAMESPACE } },
    },
  };
}

/**
 * A ClusterSecretStore through which the apps' namespace (only) copies the named Secrets of an in-cluster
 * service's namespace (credentials the service generated itself), with the Role that lets ESO read exactly
 * those Secrets there.
 */
export function credentialsStore(name: string, namespace: string, secretNames: readonly string[]): KubernetesObject[] {
  const role = `${name}-reader`;
  return [
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: { name: role, namespace },
      rules: [{ apiGroups: [""], resources: ["secrets"], resourceNames: [...secretNames], verbs: ["get"] }],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: { name: role, namespace },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role },
      subjects: [{ kind: "ServiceAccount", name: EXTERNAL_SECRETS_SERVICE_ACCOUNT, namespace: EXTERNAL_SECRETS_NAMESPACE }],
    },
    {
      apiVersion: "external-secrets.io/v1",
      kind: "ClusterSecretStore",
      metadata: { name },
      spec: { provider: kubernetesProvider(namespace), conditions: [{ namespaces: [APP_NAMESPACE] }] },
    },
  ];
}

/**
 * A random secret generated once in the cluster by ESO's Password generator (never in Terraform state or
 * config): the Secret `name` in `namespace`, with one key per `template` entry rendered from the generated
 * `.password` (ESO template syntax), e.g. `{ value: "{{ .password }}" }`.
 */
export function generatedSecret(name: string, namespace: string, template: Readonly<Record<string, string>>, length = 48): KubernetesObject[] {
  return [
    {
      apiVersion: "generators.external-secrets.io/v1alpha1",
      kind: "Password",
      metadata: { name, namespace },
      // Letters and digits: safe in URLs, ACL files and shell words.
      spec: { length, digits: 10, symbols: 0, noUpper: false, allowRepeat: true },
    },
    {
      apiVersion: "external-secrets.io/v1",
      kind: "ExternalSecret",
      metadata: { name, namespace },
      spec: {
        // Generated at creation, never regenerated (a new value would lock clients out).
        refreshPolicy: "CreatedOnce",
        target: { name, creationPolicy: "Owner", deletionPolicy: "Retain", template: { engineVersion: "v2", data: { ...template } } },
        dataFrom: [{ sourceRef: { generatorRef: { apiVersion: "generators.external-secrets.io/v1alpha1", kind: "Password", name } } }],
      },
    },
  ];
}

/** Backends with no cloud layer to generate the API's secrets: the platform generates them in the cluster. */
export function generatesAppSecrets(env: EnvironmentConfig): boolean {
  return env.secrets.backend === "kubernetes" || env.secrets.backend === "vault-dev";
}

/** Name prefix of the API secrets the platform generates (Vault's policy lets ESO write only these). */
export const generatedAppSecretPrefix = (env: EnvironmentConfig) => `${env.name}-api-`;

/** Names, in the environment's store, of the API secrets the platform generates (see `generatesAppSecrets`). */
export function generatedAppSecretNames(env: EnvironmentConfig): { readonly jwtSecret: string; readonly apiKeyEncryptionKey: string } {
  const prefix = generatedAppSecretPrefix(env);
  return { jwtSecret: `${prefix}jwt-secret`, apiKeyEncryptionKey: `${prefix}key-encryption-key` };
}

/**
 * The API's JWT secret and API-key encryption key, generated once in this namespace (key `value`, as map
 * stores hold application secrets); with Vault they are also pushed into Vault, again after every restart
 * of the in-memory dev server.
 */
function appSecretObjects(env: EnvironmentConfig): KubernetesObject[] {
  const names = generatedAppSecretNames(env);
  const objects = [
    ...generatedSecret(names.jwtSecret, EXTERNAL_SECRETS_NAMESPACE, { value: "{{ .password }}" }),
    // 64 hex digits: the 32-byte AES key the API expects.
    ...generatedSecret(names.apiKeyEncryptionKey, EXTERNAL_SECRETS_NAMESPACE, { value: "{{ .password | sha256sum }}" }),
  ];
  if (env.secrets.backend !== "vault-dev") return objects;
  const push = (name: string): KubernetesObject => ({
    apiVersion: "external-secrets.io/v1alpha1",
    kind: "PushSecret",
    metadata: { name, namespace: EXTERNAL_SECRETS_NAMESPACE },
    spec: {
      refreshInterval: "1m",
      updatePolicy: "Replace",
      secretStoreRefs: [{ name: CLUSTER_SECRET_STORE, kind: "ClusterSecretStore" }],
      selector: { secret: { name } },
      data: [{ match: { secretKey: "value", remoteRef: { remoteKey: name, property: "value" } } }],
    },
  });
  return [...objects, push(names.jwtSecret), push(names.apiKeyEncryptionKey)];
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
  const sa = [{ kind: "ServiceAccount", name: EXTERNAL_SECRETS_SERVICE_ACCOUNT, namespace: EXTERNAL_SECRETS_NAMESPACE }];
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
            serviceAccount: { name: EXTERNAL_SECRETS_SERVICE_ACCOUNT, annotations: serviceAccountAnnotations(ctx, "external-secrets") },
            resources: sized(sizing(ctx).externalSecrets.controller),
            webhook: { resources: sized(sizing(ctx).externalSecrets.webhook) },
            certController: { resources: sized(sizing(ctx).externalSecrets.certController) },
            serviceMonitor: { enabled: ctx.enabled.has("kube-prometheus-stack") },
          },
        },
      ],
      resources: [...storeObjects(ctx), ...(generatesAppSecrets(ctx.env) ? appSecretObjects(ctx.env) : [])],
      identity: cloud
        ? {
            serviceAccount: EXTERNAL_SECRETS_SERVICE_ACCOUNT,
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

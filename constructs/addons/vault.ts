import type { AddonDefinition, ChartRef } from "./addon";
import { RESTRICTED_CONTAINER } from "./addon";
import { generatedAppSecretPrefix } from "./external-secrets";
import { sized, sizing } from "./sizing";

export const VAULT_CHARTS = {
  vault: { repository: "https://helm.releases.hashicorp.com", name: "vault", version: "0.34.1" },
} as const satisfies Record<string, ChartRef>;

export const VAULT_ADDRESS = "http://vault.vault.svc:8200";
/** The Vault Kubernetes-auth role External Secrets logs in with. */
export const VAULT_ROLE = "external-secrets";

/**
 * Configures Vault's Kubernetes auth for External Secrets once the dev server answers (the chart's
 * `server.postStart`: dev mode keeps everything in memory, so it must run on every start of the pod, which a
 * one-shot Job would not). Vault checks ESO's service-account token with the TokenReview API (the chart's
 * `authDelegator`); the role admits only that service account. Its policy reads only the environment's
 * application secrets (`secret/<env>-*`, the names the apps' ExternalSecrets use), never the whole mount, and
 * writes only those under `writablePrefix` (the API secrets the platform generates and pushes here).
 */
export function configureKubernetesAuth(envName: string, writablePrefix: string): string {
  const policy = [
    `path "secret/data/${envName}-*" { capabilities = ["read"] }`,
    `path "secret/metadata/${envName}-*" { capabilities = ["read", "list"] }`,
    `path "secret/data/${writablePrefix}*" { capabilities = ["create", "read", "update"] }`,
    `path "secret/metadata/${writablePrefix}*" { capabilities = ["create", "read", "update", "list"] }`,
  ].join("\\n");
  return [
    "until vault status >/dev/null 2>&1; do sleep 1; done",
    "vault auth enable kubernetes || true",
    'vault write auth/kubernetes/config kubernetes_host="https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT"',
    `printf '${policy}\\n' | vault policy write ${VAULT_ROLE} -`,
    `vault write auth/kubernetes/role/${VAULT_ROLE} bound_service_account_names=external-secrets bound_service_account_namespaces=external-secrets policies=${VAULT_ROLE} ttl=1h`,
  ].join(" && ");
}

/** Vault in dev mode (in memory, fixed root token): a local secrets backend only; the schema refuses it for prod. */
export const vault: AddonDefinition = {
  id: "vault",
  description: "Vault dev server with Kubernetes auth for External Secrets (secrets.backend vault-dev)",
  enabled: ({ env }) => env.secrets.backend === "vault-dev",
  spec: (ctx) => ({
    namespace: { name: "vault", podSecurity: "restricted" },
    releases: [
      {
        name: "vault",
        chart: VAULT_CHARTS.vault,
        values: {
          injector: { enabled: false },
          ui: { enabled: false },
          server: {
            // Dev mode: unsealed, in memory, root token "root". Only for throwaway local clusters.
            dev: { enabled: true, devRootToken: "root" },
            dataStorage: { enabled: false },
            authDelegator: { enabled: true },
            extraEnvironmentVars: { VAULT_ADDR: "http://127.0.0.1:8200", VAULT_TOKEN: "root" },
            postStart: ["/bin/sh", "-c", configureKubernetesAuth(ctx.env.name, generatedAppSecretPrefix(ctx.env))],
            resources: sized(sizing(ctx).vault),
            statefulSet: {
              securityContext: {
                pod: { runAsNonRoot: true, runAsUser: 100, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } },
                container: RESTRICTED_CONTAINER,
              },
            },
          },
        },
      },
    ],
    network: { ingressFromNamespaces: ["external-secrets"], egressApiServer: true },
  }),
};

import type { AddonDefinition, ChartRef } from "./addon";
import { RESTRICTED_CONTAINER } from "./addon";
import { sized, sizing } from "./sizing";

export const VAULT_CHARTS = {
  vault: { repository: "https://helm.releases.hashicorp.com", name: "vault", version: "0.34.1" },
} as const satisfies Record<string, ChartRef>;

export const VAULT_ADDRESS = "http://vault.vault.svc:8200";
/** The Vault Kubernetes-auth role External Secrets logs in with. */
export const VAULT_ROLE = "external-secrets";

/**
 * Configures Vault's Kubernetes auth for External Secrets once the dev server answers. Dev mode keeps
 * everything in memory, so this runs on every start of the pod.
 */
const CONFIGURE_KUBERNETES_AUTH = [
  "until vault status >/dev/null 2>&1; do sleep 1; done",
  "vault auth enable kubernetes || true",
  'vault write auth/kubernetes/config kubernetes_host="https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT"',
  `printf 'path "secret/data/*" { capabilities = ["read"] }\\npath "secret/metadata/*" { capabilities = ["read", "list"] }\\n' | vault policy write ${VAULT_ROLE} -`,
  `vault write auth/kubernetes/role/${VAULT_ROLE} bound_service_account_names=external-secrets bound_service_account_namespaces=external-secrets policies=${VAULT_ROLE} ttl=1h`,
].join(" && ");

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
            postStart: ["/bin/sh", "-c", CONFIGURE_KUBERNETES_AUTH],
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

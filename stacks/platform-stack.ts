import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../environments/schema";
import type { ClusterAccess } from "../constructs/core/contracts";
import { ClusterProviders } from "../constructs/kubernetes/providers";
import { Namespace, type NamespaceProps } from "../constructs/kubernetes/namespace";
import { configureBackend } from "./backend";

export interface PlatformStackProps {
  readonly env: EnvironmentConfig;
  /** From the infra stack. */
  readonly access: ClusterAccess;
}

/**
 * The namespaces of the in-cluster platform services the environment runs, derived from its config.
 * Components that need host access declare a looser Pod Security level here, with the reason.
 */
export function platformNamespaces(env: EnvironmentConfig): NamespaceProps[] {
  const ns: NamespaceProps[] = [
    { name: "cert-manager" },
    { name: "external-secrets" },
    // Alloy tails node log files through hostPath volumes.
    { name: "observability", podSecurity: "privileged" },
  ];
  if (env.ingress.controller === "istio") {
    ns.push({ name: "istio-system", podSecurity: "privileged" }, { name: "istio-ingress", podSecurity: "baseline" });
  } else {
    ns.push({ name: "nginx-gateway", podSecurity: "baseline" });
  }
  if (env.kafka.mode === "strimzi") ns.push({ name: "kafka" });
  if (env.target !== "local") ns.push({ name: "external-dns" });
  if (env.secrets.backend === "vault-dev") ns.push({ name: "vault" });
  // Targets without managed data services run PostgreSQL (CloudNativePG) and Valkey in the cluster.
  if (env.target === "local") ns.push({ name: "data" });
  return ns;
}

/** `<env>-platform`: in-cluster services shared by the apps (gateway, certificates, secrets, Kafka, logs). */
export class PlatformStack extends TerraformStack {
  readonly namespaces: Record<string, Namespace> = {};

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    configureBackend(this, props.env, "platform");
    new ClusterProviders(this, "cluster", props.access);
    for (const ns of platformNamespaces(props.env)) {
      this.namespaces[ns.name] = new Namespace(this, `ns-${ns.name}`, ns);
    }
    new TerraformOutput(this, "namespaces", { value: Object.keys(this.namespaces), description: "Platform namespaces" });
  }
}

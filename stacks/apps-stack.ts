import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../environments/schema";
import type { ClusterAccess } from "../constructs/core/contracts";
import { ClusterProviders } from "../constructs/kubernetes/providers";
import { Namespace } from "../constructs/kubernetes/namespace";
import { configureBackend } from "./backend";

export interface AppsStackProps {
  readonly env: EnvironmentConfig;
  /** From the infra stack. */
  readonly access: ClusterAccess;
}

/** Namespace the engine, API and frontend run in. */
export const APPS_NAMESPACE = "exchange";

/** `<env>-apps`: the engine, API and frontend releases and the environment's outputs for app teams. */
export class AppsStack extends TerraformStack {
  readonly namespace: Namespace;

  constructor(scope: Construct, id: string, props: AppsStackProps) {
    super(scope, id);
    configureBackend(this, props.env, "apps");
    new ClusterProviders(this, "cluster", props.access);
    this.namespace = new Namespace(this, "ns-exchange", {
      name: APPS_NAMESPACE,
      meshInjection: props.env.ingress.controller === "istio",
      labels: { "orderbook.dev/environment": props.env.name },
    });
    new TerraformOutput(this, "apps_namespace", { value: this.namespace.name, description: "Namespace of the bundled apps" });
  }
}

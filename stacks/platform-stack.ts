import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../environments/schema";
import type { ClusterAccess } from "../constructs/core/contracts";
import type { PlatformInfraInputs } from "../constructs/addons/addon";
import { Addon } from "../constructs/addons/addon-construct";
import { platformQuotas } from "../constructs/addons/quota";
import { resolveAddons } from "../constructs/addons/registry";
import { ClusterProviders } from "../constructs/kubernetes/providers";
import { configureBackend } from "./backend";
import { clusterAccessFrom, InfraRemoteState } from "./infra-outputs";
import { platformInputsFrom } from "./infra-stack";

export interface PlatformStackProps {
  readonly env: EnvironmentConfig;
  /**
   * The infra stack's cluster access. Only its shape and exec plugin are used: every value the infra stack
   * creates is read back from its named outputs (`clusterAccessFrom`).
   */
  readonly access: ClusterAccess;
  /**
   * Overrides of what the infra stack hands the platform (log bucket, DNS zone, VPC, per-add-on
   * service-account annotations), merged over what is read from its named outputs.
   * @default - the infra stack's outputs only
   */
  readonly infra?: PlatformInfraInputs;
}

/**
 * `<env>-platform`: the in-cluster platform, one `Addon` per add-on the registry derives from the
 * environment (gateway, certificates, DNS, secrets, Kafka, data services, observability, autoscaling).
 */
export class PlatformStack extends TerraformStack {
  /** The add-ons, by id. */
  readonly addons: Record<string, Addon> = {};

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    configureBackend(this, props.env, "platform");
    const state = new InfraRemoteState(this, "infra", props.env);
    const access = clusterAccessFrom(state, props.access);
    new ClusterProviders(this, "cluster", access);
    const infra: PlatformInfraInputs = { clusterName: access.clusterName, ...platformInputsFrom(state, props.env), ...props.infra };
    const addons = resolveAddons(props.env, infra);
    const quotas = platformQuotas(props.env, addons);
    for (const { id: addonId, spec } of addons) {
      const after = (spec.dependsOn ?? []).flatMap((dep) => this.addons[dep].ready);
      this.addons[addonId] = new Addon(this, `addon-${addonId}`, { id: addonId, spec, after, quota: quotas.get(spec.namespace.name) });
    }
    new TerraformOutput(this, "addons", { value: Object.keys(this.addons), description: "Platform add-ons installed, in install order" });
    new TerraformOutput(this, "namespaces", {
      // An add-on may run in another's namespace (the Kafka UI next to the brokers): each listed once.
      value: [...new Set(Object.values(this.addons).map((a) => a.namespaceName))],
      description: "Namespaces of the platform add-ons",
    });
  }
}

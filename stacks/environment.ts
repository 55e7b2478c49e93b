import { Aspects, type App } from "cdktf";
import type { EnvironmentConfig } from "../environments/schema";
import { TaggingAspect } from "../constructs/core/tagging-aspect";
import { AppsStack } from "./apps-stack";
import { BootstrapStack } from "./bootstrap-stack";
import { InfraStack } from "./infra-stack";
import { PlatformStack } from "./platform-stack";

/** The three stacks of one environment, in deployment order. */
export interface EnvironmentStacks {
  readonly infra: InfraStack;
  readonly platform: PlatformStack;
  readonly apps: AppsStack;
  /** Cloud environments with `ci` set: state bucket and CI identities, applied once before the rest. */
  readonly bootstrap?: BootstrapStack;
}

/**
 * Builds `<env>-infra`, `<env>-platform` and `<env>-apps`. The upper layers read the cluster and the
 * infra stack's services from its named outputs through `terraform_remote_state` (infra-outputs.ts).
 */
export function buildEnvironment(app: App, env: EnvironmentConfig): EnvironmentStacks {
  const infra = new InfraStack(app, `${env.name}-infra`, { env });
  const platform = new PlatformStack(app, `${env.name}-platform`, { env, access: infra.access });
  const apps = new AppsStack(app, `${env.name}-apps`, { env, access: infra.access });
  // Both read the infra stack's named outputs from its state; the apps need the platform's gateway,
  // secrets and Kafka in place.
  platform.addDependency(infra);
  apps.addDependency(platform);

  const tagging = new TaggingAspect({ environment: env.name, owner: env.owner, costCenter: env.costCenter, extra: env.labels });
  const ci = env.ci;
  const bootstrap = env.target !== "local" && ci ? new BootstrapStack(app, `${env.name}-bootstrap`, { env: { ...env, ci } }) : undefined;
  for (const stack of [infra, platform, apps, ...(bootstrap ? [bootstrap] : [])]) Aspects.of(stack).add(tagging);
  return { infra, platform, apps, bootstrap };
}

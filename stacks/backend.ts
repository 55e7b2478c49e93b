import { GcsBackend, LocalBackend, S3Backend, type TerraformStack } from "cdktf";
import type { EnvironmentConfig } from "../environments/schema";

/** The layers every environment has, in deployment order. */
export const LAYERS = ["infra", "platform", "apps"] as const;
export type Layer = (typeof LAYERS)[number];

/**
 * Configures the stack's state backend from the environment's `state` field: one state per layer.
 * Local state lives at the project root (not under cdktf.out, which every synth rewrites).
 */
export function configureBackend(stack: TerraformStack, env: EnvironmentConfig, layer: Layer): void {
  const state = env.state;
  switch (state.backend) {
    case "local":
      // Relative to cdktf.out/stacks/<stack>, where terraform runs.
      new LocalBackend(stack, { path: `../../../${state.path}/${env.name}-${layer}.tfstate` });
      return;
    case "gcs":
      new GcsBackend(stack, { bucket: state.bucket, prefix: `${state.prefix}/${layer}` });
      return;
    case "s3":
      new S3Backend(stack, { bucket: state.bucket, key: `${state.keyPrefix}/${layer}.tfstate`, region: state.region, encrypt: true });
      // S3-native locking (Terraform >= 1.10, OpenTofu >= 1.10); no DynamoDB table to manage. cdktf 0.21's
      // S3BackendConfig predates the option, hence the override.
      stack.addOverride("terraform.backend.s3.use_lockfile", true);
      return;
  }
}

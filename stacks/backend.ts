import {
  DataTerraformRemoteStateGcs,
  DataTerraformRemoteStateLocal,
  DataTerraformRemoteStateS3,
  GcsBackend,
  LocalBackend,
  S3Backend,
  type TerraformRemoteState,
  type TerraformStack,
} from "cdktf";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../environments/schema";

/** The layers every environment has, in deployment order. */
export const LAYERS = ["infra", "platform", "apps"] as const;
export type Layer = (typeof LAYERS)[number];

/** Where one layer's state lives, in the shape both the backend and `terraform_remote_state` take. */
type StateLocation =
  | { readonly backend: "local"; readonly path: string }
  | { readonly backend: "gcs"; readonly bucket: string; readonly prefix: string }
  | { readonly backend: "s3"; readonly bucket: string; readonly key: string; readonly region: string };

function stateLocation(env: EnvironmentConfig, layer: Layer): StateLocation {
  const state = env.state;
  switch (state.backend) {
    case "local":
      // Relative to cdktf.out/stacks/<stack>, where terraform runs.
      return { backend: "local", path: `../../../${state.path}/${env.name}-${layer}.tfstate` };
    case "gcs":
      return { backend: "gcs", bucket: state.bucket, prefix: `${state.prefix}/${layer}` };
    case "s3":
      return { backend: "s3", bucket: state.bucket, key: `${state.keyPrefix}/${layer}.tfstate`, region: state.region };
  }
}

/**
 * Configures the stack's state backend from the environment's `state` field: one state per layer.
 * Local state lives at the project root (not under cdktf.out, which every synth rewrites).
 */
export function configureBackend(stack: TerraformStack, env: EnvironmentConfig, layer: Layer): void {
  const at = stateLocation(env, layer);
  switch (at.backend) {
    case "local":
      new LocalBackend(stack, { path: at.path });
      return;
    case "gcs":
      new GcsBackend(stack, { bucket: at.bucket, prefix: at.prefix });
      return;
    case "s3":
      new S3Backend(stack, { bucket: at.bucket, key: at.key, region: at.region, encrypt: true });
      // S3-native locking (Terraform >= 1.10, OpenTofu >= 1.10); no DynamoDB table to manage. cdktf 0.21's
      // S3BackendConfig predates the option, hence the override.
      stack.addOverride("terraform.backend.s3.use_lockfile", true);
      return;
  }
}

/**
 * A `terraform_remote_state` of one of the environment's layers, read where `configureBackend` put it.
 * The upper stacks read the layer below through its named outputs only.
 */
export function layerRemoteState(scope: Construct, id: string, env: EnvironmentConfig, layer: Layer): TerraformRemoteState {
  const at = stateLocation(env, layer);
  switch (at.backend) {
    case "local":
      return new DataTerraformRemoteStateLocal(scope, id, { path: at.path });
    case "gcs":
      return new DataTerraformRemoteStateGcs(scope, id, { bucket: at.bucket, prefix: at.prefix });
    case "s3":
      return new DataTerraformRemoteStateS3(scope, id, { bucket: at.bucket, key: at.key, region: at.region });
  }
}

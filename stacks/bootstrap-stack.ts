import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { AwsEnvironment, GcpEnvironment } from "../environments/schema";
import type { CiConfig } from "../environments/schema-bootstrap";
import { AwsBootstrap } from "../constructs/bootstrap/aws-bootstrap";
import { GcpBootstrap } from "../constructs/bootstrap/gcp-bootstrap";

export interface BootstrapStackProps {
  readonly env: (GcpEnvironment | AwsEnvironment) & { readonly ci: CiConfig };
}

/**
 * `<env>-bootstrap`: what must exist before the first deploy of a cloud environment, applied once by a
 * person with admin rights: the state bucket the other stacks' backends point to, and the identities
 * CI plans and deploys with. Its own state is a local file (the bucket it creates cannot hold it
 * before it exists); keep that file, or import the resources again, to change the bootstrap later.
 */
export class BootstrapStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: BootstrapStackProps) {
    super(scope, id);
    const { env } = props;
    // Relative to cdktf.out/stacks/<stack>, where terraform runs; next to local environments' state.
    new LocalBackend(this, { path: `../../../terraform-state/${env.name}-bootstrap.tfstate` });
    if (env.target === "gcp") {
      new GoogleProvider(this, "google", { project: env.gcp.projectId, region: env.gcp.region });
      if (env.state.backend !== "gcs") throw new Error(`${env.name}: a GCP bootstrap creates a GCS state bucket; state.backend is "${env.state.backend}"`);
      const b = new GcpBootstrap(this, "bootstrap", { projectId: env.gcp.projectId, region: env.gcp.region, stateBucket: env.state.bucket, prefix: env.name, ci: env.ci });
      new TerraformOutput(this, "state_bucket", { value: b.stateBucket.name, description: "GCS bucket holding the environment's Terraform state" });
      new TerraformOutput(this, "workload_identity_provider", { value: b.provider.name, description: "GitHub variable GCP_WORKLOAD_IDENTITY_PROVIDER" });
      new TerraformOutput(this, "plan_service_account", { value: b.planServiceAccount.email, description: "GitHub variable GCP_PLAN_SERVICE_ACCOUNT (plan environment)" });
      new TerraformOutput(this, "deploy_service_account", { value: b.deployServiceAccount.email, description: "GitHub variable GCP_DEPLOY_SERVICE_ACCOUNT (deploy environment)" });
    } else {
      new AwsProvider(this, "aws", { region: env.aws.region, allowedAccountIds: [env.aws.accountId] });
      if (env.state.backend !== "s3") throw new Error(`${env.name}: an AWS bootstrap creates an S3 state bucket; state.backend is "${env.state.backend}"`);
      const b = new AwsBootstrap(this, "bootstrap", { accountId: env.aws.accountId, region: env.aws.region, stateBucket: env.state.bucket, prefix: env.name, ci: env.ci });
      new TerraformOutput(this, "state_bucket", { value: b.stateBucket.bucket, description: "S3 bucket holding the environment's Terraform state" });
      new TerraformOutput(this, "plan_role_arn", { value: b.planRole.arn, description: "GitHub variable AWS_PLAN_ROLE_ARN (plan environment)" });
      new TerraformOutput(this, "deploy_role_arn", { value: b.deployRole.arn, description: "GitHub variable AWS_DEPLOY_ROLE_ARN (deploy environment)" });
    }
  }
}

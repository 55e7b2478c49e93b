import { IamWorkloadIdentityPool } from "@cdktf/provider-google/lib/iam-workload-identity-pool";
import { IamWorkloadIdentityPoolProvider } from "@cdktf/provider-google/lib/iam-workload-identity-pool-provider";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { ServiceAccountIamMember } from "@cdktf/provider-google/lib/service-account-iam-member";
import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import { Construct } from "constructs";
import type { CiConfig } from "../../environments/schema-bootstrap";

export interface GcpBootstrapProps {
  readonly projectId: string;
  readonly region: string;
  /** Name of the state bucket (the environment's `state.bucket`). */
  readonly stateBucket: string;
  /** Short prefix of the pool and service-account ids (the environment's name). */
  readonly prefix: string;
  readonly ci: CiConfig;
}

/** GitHub Actions' OIDC issuer. */
export const GITHUB_OIDC_ISSUER = "https://token.actions.githubusercontent.com";

/**
 * Project roles of the deploy identity: what the infra, platform and apps layers create (network, GKE,
 * Cloud SQL, Memorystore, Secret Manager, Artifact Registry, DNS, the workloads' service accounts and
 * their Workload Identity bindings), and nothing broader such as Owner or Editor.
 */
export const GCP_DEPLOY_ROLES = [
  "roles/compute.networkAdmin",
  "roles/compute.securityAdmin",
  "roles/container.admin",
  "roles/cloudsql.admin",
  "roles/redis.admin",
  "roles/secretmanager.admin",
  "roles/artifactregistry.admin",
  "roles/dns.admin",
  "roles/iam.serviceAccountAdmin",
  "roles/iam.serviceAccountUser",
  "roles/resourcemanager.projectIamAdmin",
  "roles/serviceusage.serviceUsageAdmin",
  "roles/cloudkms.admin",
  "roles/logging.configWriter",
] as const;

/**
 * What a GCP environment needs before its first deploy: the versioned, private state bucket, and a
 * Workload Identity Federation pool trusting GitHub Actions' tokens of one repository, with two
 * service accounts: `plan` (read-only, any workflow of the repository) and `deploy` (the roles above,
 * only jobs of the deploy GitHub environment, which carries the approval rules).
 */
export class GcpBootstrap extends Construct {
  readonly stateBucket: StorageBucket;
  readonly provider: IamWorkloadIdentityPoolProvider;
  readonly planServiceAccount: ServiceAccount;
  readonly deployServiceAccount: ServiceAccount;

  constructor(scope: Construct, id: string, props: GcpBootstrapProps) {
    super(scope, id);
    const { projectId, ci } = props;
    this.stateBucket = new StorageBucket(this, "state", {
      name: props.stateBucket,
      location: props.region,
      // Every state version is kept: a bad apply can be rolled back to the previous state.
      versioning: { enabled: true },
      uniformBucketLevelAccess: true,
      publicAccessPrevention: "enforced",
      // Losing state orphans every resource: the bucket is never destroyed with objects in it.
      forceDestroy: false,
      lifecycleRule: [{ condition: { numNewerVersions: 50, withState: "ARCHIVED" }, action: { type: "Delete" } }],
    });

    const pool = new IamWorkloadIdentityPool(this, "pool", {
      // GCP refuses pool ids starting with "gcp-" (reserved), which our environment names do.
      workloadIdentityPoolId: `github-${props.prefix}`,
      displayName: `GitHub Actions (${props.prefix})`,
    });
    this.provider = new IamWorkloadIdentityPoolProvider(this, "github", {
      workloadIdentityPoolId: pool.workloadIdentityPoolId,
      workloadIdentityPoolProviderId: "github",
      oidc: { issuerUri: GITHUB_OIDC_ISSUER },
      attributeMapping: {
        "google.subject": "assertion.sub",
        "attribute.repository": "assertion.repository",
        "attribute.environment": "assertion.environment",
      },
      // Tokens of any other repository are refused before any binding is looked at.
      attributeCondition: `assertion.repository == "${ci.githubRepository}"`,
    });

    const principalSet = (attribute: string, value: string) =>
      `principalSet://iam.googleapis.com/${pool.name}/attribute.${attribute}/${value}`;

    this.planServiceAccount = new ServiceAccount(this, "plan", { accountId: `${props.prefix}-ci-plan`, displayName: "CI plan (read-only)" });
    new ProjectIamMember(this, "plan-viewer", { project: projectId, role: "roles/viewer", member: this.planServiceAccount.member });
    new ServiceAccountIamMember(this, "plan-wif", {
      serviceAccountId: this.planServiceAccount.name,
      role: "roles/iam.workloadIdentityUser",
      member: principalSet("environment", ci.planEnvironment),
    });

    this.deployServiceAccount = new ServiceAccount(this, "deploy", { accountId: `${props.prefix}-ci-deploy`, displayName: "CI deploy" });
    GCP_DEPLOY_ROLES.forEach((role) => {
      new ProjectIamMember(this, `deploy-${role.replace(/^roles\//, "").replace(/\./g, "-")}`, { project: projectId, role, member: this.deployServiceAccount.member });
    });
    new ServiceAccountIamMember(this, "deploy-wif", {
      serviceAccountId: this.deployServiceAccount.name,
      role: "roles/iam.workloadIdentityUser",
      member: principalSet("environment", ci.deployEnvironment),
    });

    // State: the deployer reads and writes it (and its lock object); plans only read (they run with -lock=false).
    new StorageBucketIamMember(this, "state-deploy", { bucket: this.stateBucket.name, role: "roles/storage.objectUser", member: this.deployServiceAccount.member });
    new StorageBucketIamMember(this, "state-plan", { bucket: this.stateBucket.name, role: "roles/storage.objectViewer", member: this.planServiceAccount.member });
  }
}

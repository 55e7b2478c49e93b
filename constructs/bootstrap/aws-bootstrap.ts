import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import type { CiConfig } from "../../environments/schema-bootstrap";

export interface AwsBootstrapProps {
  readonly accountId: string;
  readonly region: string;
  /** Name of the state bucket (the environment's `state.bucket`). */
  readonly stateBucket: string;
  /** Prefix of the roles' names (the environment's name). */
  readonly prefix: string;
  readonly ci: CiConfig;
}

const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

/**
 * Services the deploy role manages: what the infra, platform and apps layers create (VPC, EKS and its
 * node groups and Pod Identity, RDS, ElastiCache, Secrets Manager, ECR, Route 53, KMS keys, log groups).
 * IAM is limited to roles and policies named after the environment.
 */
export const AWS_DEPLOY_ACTIONS = [
  "ec2:*",
  "eks:*",
  "rds:*",
  "elasticache:*",
  "secretsmanager:*",
  "ecr:*",
  "route53:*",
  "kms:*",
  "logs:*",
  "autoscaling:Describe*",
  "elasticloadbalancing:Describe*",
  "sts:GetCallerIdentity",
] as const;

/**
 * What an AWS environment needs before its first deploy: the versioned, encrypted, private state
 * bucket; GitHub Actions' OIDC provider; a `plan` role (read-only, jobs of the plan GitHub environment)
 * and a `deploy` role (the services above, only jobs of the deploy GitHub environment).
 */
export class AwsBootstrap extends Construct {
  readonly stateBucket: S3Bucket;
  readonly planRole: IamRole;
  readonly deployRole: IamRole;

  constructor(scope: Construct, id: string, props: AwsBootstrapProps) {
    super(scope, id);
    const { ci, prefix } = props;
    this.stateBucket = new S3Bucket(this, "state", { bucket: props.stateBucket, forceDestroy: false });
    new S3BucketVersioningA(this, "state-versioning", { bucket: this.stateBucket.id, versioningConfiguration: { status: "Enabled" } });
    // State holds every resource's attributes: encrypt it with our own key, readable only by the CI roles below.
    const stateKey = new KmsKey(this, "state-key", { description: `${prefix} Terraform state`, enableKeyRotation: true, deletionWindowInDays: 30 });
    new S3BucketServerSideEncryptionConfigurationA(this, "state-encryption", {
      bucket: this.stateBucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: stateKey.arn }, bucketKeyEnabled: true }],
    });
    new S3BucketPublicAccessBlock(this, "state-public-access", {
      bucket: this.stateBucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "state-ownership", { bucket: this.stateBucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } });
    const tlsOnly = new DataAwsIamPolicyDocument(this, "state-tls-only", {
      statement: [
        {
          sid: "DenyInsecureTransport",
          effect: "Deny",
          principals: [{ type: "*", identifiers: ["*"] }],
          actions: ["s3:*"],
          resources: [this.stateBucket.arn, `${this.stateBucket.arn}/*`],
          condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
      ],
    });
    new S3BucketPolicy(this, "state-policy", { bucket: this.stateBucket.id, policy: tlsOnly.json });

    const oidc = new IamOpenidConnectProvider(this, "github", { url: `https://${GITHUB_OIDC_HOST}`, clientIdList: ["sts.amazonaws.com"] });
    const trust = (name: string, githubEnvironment: string) =>
      new DataAwsIamPolicyDocument(this, `${name}-trust`, {
        statement: [
          {
            effect: "Allow",
            actions: ["sts:AssumeRoleWithWebIdentity"],
            principals: [{ type: "Federated", identifiers: [oidc.arn] }],
            condition: [
              { test: "StringEquals", variable: `${GITHUB_OIDC_HOST}:aud`, values: ["sts.amazonaws.com"] },
              // Only jobs of this repository's GitHub environment: other branches, forks and repositories are refused.
              { test: "StringEquals", variable: `${GITHUB_OIDC_HOST}:sub`, values: [`repo:${ci.githubRepository}:environment:${githubEnvironment}`] },
            ],
          },
        ],
      });

    this.planRole = new IamRole(this, "plan", { name: `${prefix}-ci-plan`, assumeRolePolicy: trust("plan", ci.planEnvironment).json, maxSessionDuration: 3600 });
    new IamRolePolicyAttachment(this, "plan-read-only", { role: this.planRole.name, policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" });
    // ReadOnlyAccess cannot decrypt: a plan reads the state, so it may use the state key (and nothing else).
    const planStateKey = new DataAwsIamPolicyDocument(this, "plan-state-key", {
      statement: [{ sid: "StateKey", effect: "Allow", actions: ["kms:Decrypt", "kms:GenerateDataKey"], resources: [stateKey.arn] }],
    });
    new IamRolePolicy(this, "plan-state-key-access", { role: this.planRole.id, name: `${prefix}-ci-plan-state-key`, policy: planStateKey.json });

    this.deployRole = new IamRole(this, "deploy", { name: `${prefix}-ci-deploy`, assumeRolePolicy: trust("deploy", ci.deployEnvironment).json, maxSessionDuration: 7200 });
    const iamScope = [`arn:aws:iam::${props.accountId}:role/${prefix}-*`, `arn:aws:iam::${props.accountId}:policy/${prefix}-*`];
    const deployPolicy = new DataAwsIamPolicyDocument(this, "deploy-policy", {
      statement: [
        { sid: "Services", effect: "Allow", actions: [...AWS_DEPLOY_ACTIONS], resources: ["*"] },
        {
          sid: "EnvironmentRolesOnly",
          effect: "Allow",
          actions: ["iam:*Role*", "iam:*Policy*", "iam:PassRole", "iam:TagRole", "iam:UntagRole"],
          resources: iamScope,
        },
        { sid: "ServiceLinkedRoles", effect: "Allow", actions: ["iam:CreateServiceLinkedRole", "iam:GetRole", "iam:ListAttachedRolePolicies", "iam:ListRolePolicies"], resources: ["*"] },
        { sid: "OidcProviders", effect: "Allow", actions: ["iam:*OpenIDConnectProvider*"], resources: [`arn:aws:iam::${props.accountId}:oidc-provider/*`] },
        { sid: "State", effect: "Allow", actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket"], resources: [this.stateBucket.arn, `${this.stateBucket.arn}/*`] },
        { sid: "StateKey", effect: "Allow", actions: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], resources: [stateKey.arn] },
      ],
    });
    new IamRolePolicy(this, "deploy-permissions", { role: this.deployRole.id, name: `${prefix}-ci-deploy`, policy: deployPolicy.json });
  }
}

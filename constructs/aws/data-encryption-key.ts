import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import type { Naming } from "../core/naming";

/** AWS services that may use the key on a caller's behalf (`kms:ViaService`). */
export type KeyService = "rds" | "elasticache" | "secretsmanager" | "s3" | "ecr" | "kafka";

export interface DataEncryptionKeyProps {
  readonly naming: Naming;
  readonly region: string;
  readonly accountId: string;
  /** The services whose stores the key encrypts. */
  readonly services: readonly KeyService[];
}

/**
 * One customer-managed KMS key for the environment's data stores (RDS, ElastiCache, Secrets Manager, S3,
 * ECR, MSK): one key to rotate, audit and grant, instead of a copy per service. Rotation is on. The key
 * policy lets the account administer the key, and lets principals of this account encrypt and decrypt only
 * through the listed services in this region: a role with `kms:Decrypt` in IAM still cannot decrypt a
 * ciphertext it copied out of a store.
 */
export class DataEncryptionKey extends Construct {
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: DataEncryptionKeyProps) {
    super(scope, id);
    if (props.services.length === 0) throw new Error("DataEncryptionKey: services must name at least one service");
    const root = `arn:aws:iam::${props.accountId}:root`;
    this.key = new KmsKey(this, "key", {
      description: `Data stores of ${props.naming.prefix} (${props.services.join(", ")})`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: Fn.jsonencode({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "AccountAdministers",
            Effect: "Allow",
            Principal: { AWS: root },
            Action: [
              "kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*",
              "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion",
              "kms:CancelKeyDeletion", "kms:RotateKeyOnDemand",
            ],
            Resource: "*",
          },
          {
            Sid: "UseThroughTheDataServices",
            Effect: "Allow",
            Principal: { AWS: root },
            Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"],
            Resource: "*",
            Condition: {
              StringEquals: {
                "kms:CallerAccount": props.accountId,
                "kms:ViaService": props.services.map((s) => `${s}.${props.region}.amazonaws.com`),
              },
            },
          },
        ],
      }),
    });
    new KmsAlias(this, "alias", { name: `alias/${props.naming.name(["data"])}`, targetKeyId: this.key.keyId });
  }
}

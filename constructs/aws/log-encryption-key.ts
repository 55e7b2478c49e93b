import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import type { Naming } from "../core/naming";

export interface LogEncryptionKeyProps {
  readonly naming: Naming;
  /** Region of the log groups the key encrypts (CloudWatch Logs' service principal is regional). */
  readonly region: string;
}

/**
 * A customer-managed KMS key for the environment's CloudWatch log groups (VPC flow logs, EKS control plane
 * logs): the logs hold IPs, principals and API calls. The key policy lets the account administer the key
 * and CloudWatch Logs in this region use it, only for log groups of this account.
 */
export class LogEncryptionKey extends Construct {
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: LogEncryptionKeyProps) {
    super(scope, id);
    const account = new DataAwsCallerIdentity(this, "account");
    const partition = new DataAwsPartition(this, "partition");
    this.key = new KmsKey(this, "key", {
      description: `CloudWatch Logs encryption for ${props.naming.prefix}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: Fn.jsonencode({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "AccountAdministers",
            Effect: "Allow",
            Principal: { AWS: `arn:${partition.partition}:iam::${account.accountId}:root` },
            Action: "kms:*",
            Resource: "*",
          },
          {
            Sid: "CloudWatchLogsUses",
            Effect: "Allow",
            Principal: { Service: `logs.${props.region}.amazonaws.com` },
            Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
            Resource: "*",
            Condition: {
              ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${partition.partition}:logs:${props.region}:${account.accountId}:log-group:*` },
            },
          },
        ],
      }),
    });
    new KmsAlias(this, "alias", { name: `alias/${props.naming.name(["logs"])}`, targetKeyId: this.key.keyId });
  }
}

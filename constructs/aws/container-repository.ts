import { EcrLifecyclePolicy } from "@cdktf/provider-aws/lib/ecr-lifecycle-policy";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";

export interface ContainerRepositoryProps {
  /** Repository name, e.g. `orderbook/api`. */
  readonly name: string;
  readonly key: KmsKey;
  /**
   * Tagged images kept; older ones expire. Untagged images expire after a day.
   * @default 50
   */
  readonly keepImages?: number;
}

/**
 * An ECR repository: immutable tags (a deployed tag always means the same image), scan on push,
 * KMS-encrypted, and a lifecycle policy so old images do not accumulate.
 */
export class ContainerRepository extends Construct {
  readonly repository: EcrRepository;

  constructor(scope: Construct, id: string, props: ContainerRepositoryProps) {
    super(scope, id);
    if (!/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/.test(props.name)) {
      throw new Error(`ContainerRepository: "${props.name}" is not a valid ECR repository name (lowercase path segments)`);
    }
    this.repository = new EcrRepository(this, "repository", {
      name: props.name,
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: "KMS", kmsKey: props.key.arn }],
    });
    new EcrLifecyclePolicy(this, "lifecycle", {
      repository: this.repository.name,
      policy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: "Expire untagged images after a day",
            selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 1 },
            action: { type: "expire" },
          },
          {
            rulePriority: 2,
            description: `Keep the newest ${props.keepImages ?? 50} tagged images`,
            selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: props.keepImages ?? 50 },
            action: { type: "expire" },
          },
        ],
      }),
    });
  }
}

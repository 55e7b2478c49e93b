import { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import type { Naming } from "../core/naming";

/** One statement of an IAM policy. `Resource` lists the ARNs the workload may touch; `*` only where AWS has no resource ARN. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action: readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: Record<string, Record<string, string | readonly string[]>>;
}

export interface PodIdentityRoleProps {
  readonly naming: Naming;
  /** Short name of the workload, part of the role name (`<env>-pod-<name>`). */
  readonly name: string;
  readonly accountId: string;
  readonly clusterName: string;
  /** ARN of the cluster; the trust policy admits sessions only for this cluster. */
  readonly clusterArn: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** Inline policy statements, scoped to the workload's resources. */
  readonly statements?: readonly PolicyStatement[];
  /**
   * AWS managed policies to attach (only for AWS-maintained controllers whose policy AWS keeps current).
   * @default - none
   */
  readonly managedPolicyArns?: readonly string[];
  /**
   * Create the `aws_eks_pod_identity_association`. Off for EKS add-ons, which take the role in their own
   * `pod_identity_association` block.
   * @default true
   */
  readonly associate?: boolean;
}

/**
 * An IAM role a Kubernetes service account assumes through EKS Pod Identity, and its association. The trust
 * policy admits the Pod Identity service only for this account and cluster (confused-deputy guard).
 */
export class PodIdentityRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: PodIdentityRoleProps) {
    super(scope, id);
    if ((props.statements ?? []).length === 0 && (props.managedPolicyArns ?? []).length === 0) {
      throw new Error(`PodIdentityRole ${props.name}: give statements or managedPolicyArns; a role without permissions is a mistake`);
    }
    this.role = new IamRole(this, "role", {
      name: props.naming.name(["pod", props.name], 64),
      description: `Pod Identity of ${props.namespace}/${props.serviceAccount}`,
      assumeRolePolicy: Fn.jsonencode({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "pods.eks.amazonaws.com" },
            Action: ["sts:AssumeRole", "sts:TagSession"],
            Condition: {
              StringEquals: { "aws:SourceAccount": props.accountId },
              ArnEquals: { "aws:SourceArn": props.clusterArn },
            },
          },
        ],
      }),
    });
    if (props.statements && props.statements.length > 0) {
      new IamRolePolicy(this, "policy", {
        name: props.name,
        role: this.role.id,
        policy: Fn.jsonencode({ Version: "2012-10-17", Statement: props.statements }),
      });
    }
    (props.managedPolicyArns ?? []).forEach(
      (arn, i) => new IamRolePolicyAttachment(this, `managed-${i}`, { role: this.role.name, policyArn: arn }),
    );
    if (props.associate ?? true) {
      new EksPodIdentityAssociation(this, "association", {
        clusterName: props.clusterName,
        namespace: props.namespace,
        serviceAccount: props.serviceAccount,
        roleArn: this.role.arn,
      });
    }
  }
}

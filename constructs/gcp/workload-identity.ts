import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { ServiceAccountIamMember } from "@cdktf/provider-google/lib/service-account-iam-member";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import type { Naming } from "../core/naming";

export interface WorkloadIdentityProps {
  readonly naming: Naming;
  readonly projectId: string;
  /** Short name of the identity, e.g. `eso`; part of the account id. */
  readonly name: string;
  /** The Kubernetes service account that impersonates it. */
  readonly namespace: string;
  readonly kubernetesServiceAccount: string;
  /** The cluster: its workload identity pool exists only once it does. */
  readonly cluster: ITerraformDependable;
}

/**
 * A Google service account that exactly one Kubernetes service account may act as (Workload Identity).
 * It holds no roles of its own; callers grant it roles on single resources.
 */
export class WorkloadIdentity extends Construct {
  readonly account: ServiceAccount;
  /** `serviceAccount:<email>`, for IAM members on resources. */
  readonly member: string;

  constructor(scope: Construct, id: string, props: WorkloadIdentityProps) {
    super(scope, id);
    this.account = new ServiceAccount(this, "account", {
      project: props.projectId,
      accountId: props.naming.name([props.name], 30),
      displayName: `${props.namespace}/${props.kubernetesServiceAccount} (Workload Identity)`,
    });
    new ServiceAccountIamMember(this, "workload-identity-user", {
      serviceAccountId: this.account.name,
      role: "roles/iam.workloadIdentityUser",
      member: `serviceAccount:${props.projectId}.svc.id.goog[${props.namespace}/${props.kubernetesServiceAccount}]`,
      dependsOn: [props.cluster],
    });
    this.member = this.account.member;
  }
}

import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import type { Construct } from "constructs";
import type { AwsNetwork } from "./network";

export interface NodesOnlySecurityGroupProps {
  readonly name: string;
  readonly description: string;
  readonly network: AwsNetwork;
  /** The one port clients reach the service on. */
  readonly port: number;
  /** Description of the ingress rule, e.g. "PostgreSQL from the EKS nodes". */
  readonly ruleDescription: string;
  /** The security group of the clients (the EKS nodes). */
  readonly clientSecurityGroupId: string;
}

/**
 * A data service's security group that admits only the cluster's nodes, on the service's one port. Creates
 * `sg` and `from-nodes` directly in `scope` (the service construct), so their addresses are the service's own.
 */
export function nodesOnlySecurityGroup(scope: Construct, props: NodesOnlySecurityGroupProps): SecurityGroup {
  const sg = new SecurityGroup(scope, "sg", {
    name: props.name,
    description: props.description,
    vpcId: props.network.vpc.id,
    tags: { Name: props.name },
  });
  new VpcSecurityGroupIngressRule(scope, "from-nodes", {
    securityGroupId: sg.id,
    description: props.ruleDescription,
    ipProtocol: "tcp",
    fromPort: props.port,
    toPort: props.port,
    referencedSecurityGroupId: props.clientSecurityGroupId,
  });
  return sg;
}

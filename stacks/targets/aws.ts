import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { Construct } from "constructs";
import type { AwsEnvironment } from "../../environments/schema";
import { EksCluster } from "../../constructs/aws/eks-cluster";
import { LogEncryptionKey } from "../../constructs/aws/log-encryption-key";
import { AwsNetwork } from "../../constructs/aws/network";
import type { Naming } from "../../constructs/core/naming";
import { standardTags } from "../../constructs/core/tagging-aspect";
import { nodePoolSpecs, type InfraOutputs } from "./target";

/** AWS: a VPC across the environment's zones and an EKS cluster with managed node groups. */
export function awsInfra(scope: Construct, env: AwsEnvironment, naming: Naming): InfraOutputs {
  // allowed_account_ids: credentials for the wrong account fail the plan instead of changing it.
  new AwsProvider(scope, "aws", { region: env.aws.region, allowedAccountIds: [env.aws.accountId] });
  const clusterName = naming.name(["eks"], 100);
  const logKey = new LogEncryptionKey(scope, "log-key", { naming, region: env.aws.region }).key;
  const network = new AwsNetwork(scope, "network", {
    naming,
    region: env.aws.region,
    accountId: env.aws.accountId,
    cidr: env.network.cidr,
    zoneCount: env.network.zoneCount,
    subnets: env.aws.subnets,
    singleNatGateway: env.cost.singleNatGateway,
    clusterName,
    flowLogRetentionDays: env.observability.logRetentionDays,
    logKey,
  });
  const eks = new EksCluster(scope, "eks", {
    naming,
    region: env.aws.region,
    accountId: env.aws.accountId,
    network,
    kubernetesVersion: env.cluster.kubernetesVersion,
    servicesCidr: env.network.servicesCidr,
    privateEndpoint: env.cluster.privateEndpoint,
    authorizedNetworks: env.cluster.authorizedNetworks,
    deletionProtection: env.cluster.deletionProtection,
    deployRoleArn: env.aws.access.deployRoleArn,
    adminPrincipalArns: env.aws.access.adminPrincipalArns,
    logRetentionDays: env.observability.logRetentionDays,
    logKey,
    nodeGroups: nodePoolSpecs(env),
    launchTags: standardTags({ environment: env.name, owner: env.owner, costCenter: env.costCenter, extra: env.labels }),
  });
  return { access: eks.access };
}

"""What is in a running moto, and one deliberate drift, for scripts/lib/prove-aws.ts.

  inventory.py --endpoint URL --region R inventory     prints JSON: {"account": ..., "resources": {kind: [ids]},
                                                       "errors": {kind: message}} for the kinds a stack of ours
                                                       creates (moto also holds its own defaults, such as the
                                                       default VPC: compare with a listing taken before apply)
  inventory.py --endpoint URL --region R tag-ec2 ID KEY VALUE
                                                       adds a tag to an EC2 resource behind Terraform's back

Runs with moto's virtualenv python (boto3 is there): scripts/moto.sh python scripts/moto-shim/inventory.py ...
Credentials come from the environment (any value: moto does not check them).
"""
import argparse
import json
import sys
from typing import Any, Callable

import boto3
import botocore.exceptions


def pages(client: Any, operation: str, key: str, **kwargs: Any) -> list[Any]:
    out: list[Any] = []
    if client.can_paginate(operation):
        for page in client.get_paginator(operation).paginate(**kwargs):
            out.extend(page.get(key, []))
    else:
        out.extend(getattr(client, operation)(**kwargs).get(key, []))
    return out


def listers(session: Any, endpoint: str) -> dict[str, Callable[[], list[str]]]:
    """One function per resource kind, each returning the ids of what exists (deleted things excluded)."""

    def c(service: str) -> Any:
        return session.client(service, endpoint_url=endpoint)

    def eks_children(kind: str) -> list[str]:
        eks = c("eks")
        ids = []
        for cluster in pages(eks, "list_clusters", "clusters"):
            if kind == "nodegroups":
                ids += [f"{cluster}/{n}" for n in pages(eks, "list_nodegroups", "nodegroups", clusterName=cluster)]
            else:
                ids += [f"{cluster}/{a}" for a in pages(eks, "list_addons", "addons", clusterName=cluster)]
        return ids

    return {
        "ec2 vpc": lambda: [v["VpcId"] for v in pages(c("ec2"), "describe_vpcs", "Vpcs")],
        "ec2 subnet": lambda: [s["SubnetId"] for s in pages(c("ec2"), "describe_subnets", "Subnets")],
        "ec2 security group": lambda: [g["GroupId"] for g in pages(c("ec2"), "describe_security_groups", "SecurityGroups")],
        "ec2 internet gateway": lambda: [g["InternetGatewayId"] for g in pages(c("ec2"), "describe_internet_gateways", "InternetGateways")],
        "ec2 nat gateway": lambda: [
            g["NatGatewayId"] for g in pages(c("ec2"), "describe_nat_gateways", "NatGateways") if g.get("State") not in ("deleted", "deleting")
        ],
        "ec2 elastic ip": lambda: [a.get("AllocationId", a.get("PublicIp")) for a in c("ec2").describe_addresses()["Addresses"]],
        "ec2 route table": lambda: [t["RouteTableId"] for t in pages(c("ec2"), "describe_route_tables", "RouteTables")],
        "ec2 launch template": lambda: [t["LaunchTemplateId"] for t in pages(c("ec2"), "describe_launch_templates", "LaunchTemplates")],
        "ec2 flow log": lambda: [f["FlowLogId"] for f in pages(c("ec2"), "describe_flow_logs", "FlowLogs")],
        "eks cluster": lambda: pages(c("eks"), "list_clusters", "clusters"),
        "eks node group": lambda: eks_children("nodegroups"),
        "eks add-on": lambda: eks_children("addons"),
        "iam role": lambda: [r["RoleName"] for r in pages(c("iam"), "list_roles", "Roles")],
        "iam policy (customer managed)": lambda: [p["Arn"] for p in pages(c("iam"), "list_policies", "Policies", Scope="Local")],
        "kms key (enabled)": lambda: [
            k["KeyId"] for k in pages(c("kms"), "list_keys", "Keys")
            if c("kms").describe_key(KeyId=k["KeyId"])["KeyMetadata"]["KeyState"] not in ("PendingDeletion", "Disabled")
        ],
        "kms alias": lambda: [a["AliasName"] for a in pages(c("kms"), "list_aliases", "Aliases") if not a["AliasName"].startswith("alias/aws/")],
        "logs log group": lambda: [g["logGroupName"] for g in pages(c("logs"), "describe_log_groups", "logGroups")],
        "rds db instance": lambda: [d["DBInstanceIdentifier"] for d in pages(c("rds"), "describe_db_instances", "DBInstances")],
        "rds db subnet group": lambda: [g["DBSubnetGroupName"] for g in pages(c("rds"), "describe_db_subnet_groups", "DBSubnetGroups")],
        "elasticache replication group": lambda: [
            g["ReplicationGroupId"] for g in pages(c("elasticache"), "describe_replication_groups", "ReplicationGroups")
        ],
        "secretsmanager secret": lambda: [s["Name"] for s in pages(c("secretsmanager"), "list_secrets", "SecretList")],
        "ecr repository": lambda: [r["repositoryName"] for r in pages(c("ecr"), "describe_repositories", "repositories")],
        "route53 hosted zone": lambda: [z["Id"] for z in pages(c("route53"), "list_hosted_zones", "HostedZones")],
        "s3 bucket": lambda: [b["Name"] for b in c("s3").list_buckets().get("Buckets", [])],
    }


def inventory(session: Any, endpoint: str) -> dict[str, Any]:
    resources: dict[str, list[str]] = {}
    errors: dict[str, str] = {}
    for kind, lister in listers(session, endpoint).items():
        try:
            resources[kind] = sorted(lister())
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
            errors[kind] = str(e)
    account = session.client("sts", endpoint_url=endpoint).get_caller_identity()["Account"]
    return {"account": account, "resources": resources, "errors": errors}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--region", required=True)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("inventory")
    tag = sub.add_parser("tag-ec2")
    tag.add_argument("resource_id")
    tag.add_argument("key")
    tag.add_argument("value")
    args = parser.parse_args()
    if not args.endpoint.startswith(("http://127.", "http://localhost")):
        parser.error(f"--endpoint must be a loopback URL, got {args.endpoint}")
    session = boto3.session.Session(region_name=args.region)
    if args.command == "inventory":
        json.dump(inventory(session, args.endpoint), sys.stdout)
    else:
        session.client("ec2", endpoint_url=args.endpoint).create_tags(
            Resources=[args.resource_id], Tags=[{"Key": args.key, "Value": args.value}]
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Helpers for the patches' gap probes: throw-away EKS clusters, node groups and launch templates in moto's
in-process mock (moto.mock_aws), read back through boto3 exactly as a client would see them. All probes share
one mock (creating moto's EC2 backend is the slow part), so each probe names its resources after itself."""
from contextlib import contextmanager
from typing import Any, Iterator

REGION = "eu-central-1"
ROLE = "arn:aws:iam::123456789012:role/probe"


@contextmanager
def mocked() -> Iterator[Any]:
    """Yields a boto3 session whose clients talk to moto's in-process mock; all state is dropped after."""
    import boto3
    from moto import mock_aws

    with mock_aws():
        yield boto3.session.Session(region_name=REGION, aws_access_key_id="probe", aws_secret_access_key="probe")


def cluster(session: Any, name: str, **extra: Any) -> dict[str, Any]:
    """Creates cluster `name` with `extra` request fields; returns what DescribeCluster answers."""
    eks = session.client("eks")
    eks.create_cluster(name=name, roleArn=ROLE, resourcesVpcConfig={"subnetIds": ["subnet-probe"]}, **extra)
    return eks.describe_cluster(name=name)["cluster"]


def launch_template(session: Any, name: str, **extra: Any) -> str:
    """Creates launch template `name` (with `extra` request fields); returns its id."""
    ec2 = session.client("ec2")
    return ec2.create_launch_template(LaunchTemplateName=name, LaunchTemplateData={"InstanceType": "t3.small"}, **extra)[
        "LaunchTemplate"
    ]["LaunchTemplateId"]


def nodegroup(session: Any, name: str, **extra: Any) -> dict[str, Any]:
    """Creates cluster `name` and, on a launch template `name` without a key pair, node group `name` with
    `extra` request fields; returns what DescribeNodegroup answers."""
    cluster(session, name)
    template = launch_template(session, name)
    eks = session.client("eks")
    eks.create_nodegroup(
        clusterName=name, nodegroupName=name, nodeRole=ROLE, subnets=["subnet-probe"],
        launchTemplate={"id": template, "version": "1"}, **extra,
    )
    return eks.describe_nodegroup(clusterName=name, nodegroupName=name)["nodegroup"]

"""Helpers for the patches' gap probes: a throw-away EKS cluster, node group and launch template in moto's
in-process mock (moto.mock_aws), read back through boto3 exactly as a client would see them."""
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


def cluster(session: Any, **extra: Any) -> dict[str, Any]:
    """Creates cluster `probe` with `extra` request fields; returns what DescribeCluster answers."""
    eks = session.client("eks")
    eks.create_cluster(name="probe", roleArn=ROLE, resourcesVpcConfig={"subnetIds": ["subnet-probe"]}, **extra)
    return eks.describe_cluster(name="probe")["cluster"]


def launch_template(session: Any, **extra: Any) -> str:
    """Creates launch template `probe` (with `extra` request fields); returns its id."""
    ec2 = session.client("ec2")
    return ec2.create_launch_template(LaunchTemplateName="probe", LaunchTemplateData={"InstanceType": "t3.small"}, **extra)[
        "LaunchTemplate"
    ]["LaunchTemplateId"]


def nodegroup(session: Any, **extra: Any) -> dict[str, Any]:
    """Creates cluster `probe` and, on a launch template without a key pair, node group `probe` with `extra`
    request fields; returns what DescribeNodegroup answers."""
    cluster(session)
    template = launch_template(session)
    eks = session.client("eks")
    eks.create_nodegroup(
        clusterName="probe", nodegroupName="probe", nodeRole=ROLE, subnets=["subnet-probe"],
        launchTemplate={"id": template, "version": "1"}, **extra,
    )
    return eks.describe_nodegroup(clusterName="probe", nodegroupName="probe")["nodegroup"]

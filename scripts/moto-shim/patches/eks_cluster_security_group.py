"""moto creates no EKS cluster security group: DescribeCluster answers no resourcesVpcConfig.clusterSecurityGroupId.

EKS creates one security group per cluster ("eks-cluster-sg-<name>-<suffix>", in the VPC of the cluster's
subnets, tagged with the cluster's name), attaches it to the control plane's and managed nodes' network
interfaces and deletes it with the cluster. Rules that reference it (the database's and cache's ingress
from the nodes) otherwise get an empty group id. The patch creates that group in moto's EC2 backend with
the cluster and deletes it with the cluster; the group's rules are moto's defaults (EKS's own rules are
not modelled: nothing in the stacks reads them).
"""
import uuid
from typing import Any

from . import _probe


def gap_present(session: Any) -> bool:
    return not _probe.cluster(session, "eks-cluster-sg").get("resourcesVpcConfig", {}).get("clusterSecurityGroupId")


def _ec2(backend: Any) -> Any:
    from moto.ec2.models import ec2_backends

    return ec2_backends[backend.account_id][backend.region_name]


def apply() -> None:
    from moto.ec2.exceptions import InvalidSubnetIdError
    from moto.eks.models import EKSBackend

    create_cluster = EKSBackend.create_cluster
    delete_cluster = EKSBackend.delete_cluster

    def create_with_security_group(self: EKSBackend, name: str, *args: Any, **kwargs: Any) -> Any:
        cluster = create_cluster(self, name, *args, **kwargs)
        ec2 = _ec2(self)
        config = cluster.resources_vpc_config
        vpc_id = None
        for subnet_id in config.get("subnetIds") or []:
            try:
                vpc_id = ec2.get_subnet(subnet_id).vpc_id
                break
            except InvalidSubnetIdError:
                continue
        group = ec2.create_security_group(
            name=f"eks-cluster-sg-{name}-{uuid.uuid4().hex[:10]}",
            description="EKS created security group applied to ENI that is attached to EKS Control Plane master nodes, as well as any managed workloads.",
            vpc_id=vpc_id,
            tags={"kubernetes.io/cluster/" + name: "owned", "aws:eks:cluster-name": name},
        )
        config["clusterSecurityGroupId"] = group.id
        if vpc_id:
            config.setdefault("vpcId", vpc_id)
        return cluster

    def delete_with_security_group(self: EKSBackend, name: str) -> Any:
        cluster = delete_cluster(self, name)
        group_id = (cluster.resources_vpc_config or {}).get("clusterSecurityGroupId")
        if group_id:
            _ec2(self).delete_security_group(group_id=group_id)
        return cluster

    EKSBackend.create_cluster = create_with_security_group
    EKSBackend.delete_cluster = delete_with_security_group

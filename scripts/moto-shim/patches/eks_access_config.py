"""moto drops EKS accessConfig: CreateCluster/UpdateClusterConfig ignore it and DescribeCluster omits it.

Without it the aws provider reads no access_config and plans to replace the cluster (bootstrap_cluster_creator_
admin_permissions forces replacement). Kept as EKS does: DescribeCluster answers authenticationMode (default
CONFIG_MAP) and not bootstrapClusterCreatorAdminPermissions, a create-only field EKS does not return.
"""
from typing import Any

from . import _probe


def gap_present(session: Any) -> bool:
    return "accessConfig" not in _probe.cluster(session, "eks-access-config", accessConfig={"authenticationMode": "API"})


def apply() -> None:
    from moto.eks.responses import EKSResponse

    create_cluster = EKSResponse.create_cluster
    update_cluster_config = EKSResponse.update_cluster_config

    def create_with_access_config(self: EKSResponse):  # type: ignore[no-untyped-def]
        result = create_cluster(self)
        requested = self._get_param("accessConfig") or {}
        self.eks_backend.describe_cluster(name=self._get_param("name")).access_config = {
            "authenticationMode": requested.get("authenticationMode", "CONFIG_MAP")
        }
        return result

    def update_with_access_config(self: EKSResponse):  # type: ignore[no-untyped-def]
        requested = self._get_param("accessConfig")
        if requested and requested.get("authenticationMode"):
            cluster = self.eks_backend.describe_cluster(name=self._get_param("name"))
            cluster.access_config = {"authenticationMode": requested["authenticationMode"]}
        return update_cluster_config(self)

    EKSResponse.create_cluster = create_with_access_config
    EKSResponse.update_cluster_config = update_with_access_config

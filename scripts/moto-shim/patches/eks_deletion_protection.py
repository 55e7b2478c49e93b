"""moto drops EKS deletionProtection: CreateCluster/UpdateClusterConfig ignore it, DescribeCluster omits it and DeleteCluster deletes a protected cluster.

Without it the aws provider reads deletion_protection = false and plans to turn it on in prod forever, and a
destroy succeeds that EKS would refuse. Kept as EKS does: as requested (false when not requested), and
DeleteCluster of a protected cluster is refused with InvalidRequestException.
"""
from typing import Any

from . import _probe


def gap_present(session: Any) -> bool:
    return "deletionProtection" not in _probe.cluster(session, "eks-deletion-protection", deletionProtection=True)


def apply() -> None:
    from moto.eks.exceptions import InvalidRequestException
    from moto.eks.responses import EKSResponse

    create_cluster = EKSResponse.create_cluster
    update_cluster_config = EKSResponse.update_cluster_config
    delete_cluster = EKSResponse.delete_cluster

    def create_with_protection(self: EKSResponse):  # type: ignore[no-untyped-def]
        result = create_cluster(self)
        cluster = self.eks_backend.describe_cluster(name=self._get_param("name"))
        cluster.deletion_protection = bool(self._get_param("deletionProtection"))
        return result

    def update_with_protection(self: EKSResponse):  # type: ignore[no-untyped-def]
        requested = self._get_param("deletionProtection")
        if requested is not None:
            self.eks_backend.describe_cluster(name=self._get_param("name")).deletion_protection = bool(requested)
        return update_cluster_config(self)

    def delete_unless_protected(self: EKSResponse):  # type: ignore[no-untyped-def]
        name = self._get_param("name")
        if getattr(self.eks_backend.describe_cluster(name=name), "deletion_protection", False):
            raise InvalidRequestException(
                message=f"Cluster {name} has deletion protection enabled. Disable deletion protection before deleting the cluster."
            )
        return delete_cluster(self)

    EKSResponse.create_cluster = create_with_protection
    EKSResponse.update_cluster_config = update_with_protection
    EKSResponse.delete_cluster = delete_unless_protected

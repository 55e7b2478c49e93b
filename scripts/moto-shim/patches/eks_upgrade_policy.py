"""moto drops EKS upgradePolicy: CreateCluster/UpdateClusterConfig ignore it and DescribeCluster omits it.

Without it the aws provider reads no upgrade_policy and plans an update forever. Kept as EKS does:
supportType as requested, EXTENDED when not requested (EKS's default).
"""
from typing import Any

from . import _probe


def gap_present(session: Any) -> bool:
    return "upgradePolicy" not in _probe.cluster(session, "eks-upgrade-policy", upgradePolicy={"supportType": "STANDARD"})


def apply() -> None:
    from moto.eks.responses import EKSResponse

    create_cluster = EKSResponse.create_cluster
    update_cluster_config = EKSResponse.update_cluster_config

    def create_with_upgrade_policy(self: EKSResponse):  # type: ignore[no-untyped-def]
        result = create_cluster(self)
        requested = self._get_param("upgradePolicy") or {}
        self.eks_backend.describe_cluster(name=self._get_param("name")).upgrade_policy = {
            "supportType": requested.get("supportType", "EXTENDED")
        }
        return result

    def update_with_upgrade_policy(self: EKSResponse):  # type: ignore[no-untyped-def]
        requested = self._get_param("upgradePolicy")
        if requested and requested.get("supportType"):
            self.eks_backend.describe_cluster(name=self._get_param("name")).upgrade_policy = {
                "supportType": requested["supportType"]
            }
        return update_cluster_config(self)

    EKSResponse.create_cluster = create_with_upgrade_policy
    EKSResponse.update_cluster_config = update_with_upgrade_policy

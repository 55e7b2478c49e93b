"""moto's CreateNodegroup drops updateConfig and nodeRepairConfig (UpdateNodegroupConfig keeps them).

Without them the aws provider reads no update_config and plans an update forever. Kept as requested;
updateConfig defaults to maxUnavailable 1 as on EKS.
"""
from typing import Any

from . import _probe


def gap_present(session: Any) -> bool:
    return "updateConfig" not in _probe.nodegroup(session, "eks-nodegroup-update-config", updateConfig={"maxUnavailable": 2})


def apply() -> None:
    from moto.eks.responses import EKSResponse

    create_nodegroup = EKSResponse.create_nodegroup

    def create_with_update_config(self: EKSResponse):  # type: ignore[no-untyped-def]
        result = create_nodegroup(self)
        nodegroup = self.eks_backend.describe_nodegroup(
            cluster_name=self._get_param("name"), nodegroup_name=self._get_param("nodegroupName")
        )
        nodegroup.update_config = self._get_param("updateConfig") or {"maxUnavailable": 1}
        if self._get_param("nodeRepairConfig") is not None:
            nodegroup.node_repair_config = self._get_param("nodeRepairConfig")
        return result

    EKSResponse.create_nodegroup = create_with_update_config

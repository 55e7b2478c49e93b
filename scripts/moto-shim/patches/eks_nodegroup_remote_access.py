"""moto invents a node group remote-access key: without remoteAccess it answers ec2SshKey "eksKeypair" and a remote-access security group.

EKS answers no remoteAccess for a node group created without one (always the case with a launch template),
and the aws provider plans to replace such a node group (remote_access forces replacement).
"""
from typing import Any

from . import _probe


def gap_present(session: Any) -> bool:
    return "remoteAccess" in _probe.nodegroup(session, "eks-nodegroup-remote-access")


def apply() -> None:
    from moto.eks.responses import EKSResponse

    create_nodegroup = EKSResponse.create_nodegroup

    def create_without_invented_key(self: EKSResponse):  # type: ignore[no-untyped-def]
        result = create_nodegroup(self)
        if not self._get_param("remoteAccess"):
            nodegroup = self.eks_backend.describe_nodegroup(
                cluster_name=self._get_param("name"), nodegroup_name=self._get_param("nodegroupName")
            )
            nodegroup.remote_access = None
            nodegroup.resources.pop("remoteAccessSecurityGroup", None)
        return result

    EKSResponse.create_nodegroup = create_without_invented_key

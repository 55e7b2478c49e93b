"""moto's UpdateClusterConfig answers the cluster instead of an update: no update.id, and DescribeUpdate does not know it.

The aws provider reads output.update.id and waits for that update with DescribeUpdate, so any in-place
change of a cluster (turning deletion protection off before a destroy, logging, access config) fails or
crashes the provider. The patch answers an update that is already "Successful" and records it where the
EKS add-on patch's DescribeUpdate finds it (the cluster's "updates" store).
"""
import uuid
from typing import Any

from . import _eks_store, _probe


def gap_present(session: Any) -> bool:
    _probe.cluster(session, "eks-update-cluster-config")
    answer = session.client("eks").update_cluster_config(name="eks-update-cluster-config", logging={"clusterLogging": []})
    return "id" not in (answer.get("update") or {})


def apply() -> None:
    from moto.core.responses import ActionResult
    from moto.core.utils import utcnow
    from moto.eks.responses import EKSResponse

    update_cluster_config = EKSResponse.update_cluster_config

    def answer_an_update(self: EKSResponse) -> ActionResult:
        update_cluster_config(self)
        name = self._get_param("name")
        params = [
            {"type": field[0].upper() + field[1:], "value": str(self._get_param(field))}
            for field in ("deletionProtection", "logging", "resourcesVpcConfig", "accessConfig", "upgradePolicy")
            if self._get_param(field) is not None
        ]
        update = {"id": str(uuid.uuid4()), "status": "Successful", "type": "ConfigUpdate", "params": params, "createdAt": utcnow(), "errors": []}
        _eks_store.store(self.eks_backend, name, "updates")[update["id"]] = update
        return ActionResult({"update": update})

    EKSResponse.update_cluster_config = answer_an_update

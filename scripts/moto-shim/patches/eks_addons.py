"""moto has no EKS add-on API: in-memory CreateAddon/DescribeAddon/ListAddons/UpdateAddon/DeleteAddon (+ DescribeUpdate of an add-on update).

Add-ons live on moto's Cluster object, so they go when the cluster is deleted (as on EKS). An add-on is
ACTIVE at once; without a requested version it gets DEFAULT_VERSION. Tags are returned by DescribeAddon
(moto's TagResource/ListTagsForResource still know clusters only). An add-on's podIdentityAssociations are
created as real associations (eks_pod_identity_associations) and answered as their ARNs, as on EKS.
"""
import uuid
from typing import Any

from . import _eks_store, eks_pod_identity_associations

DEFAULT_VERSION = "v1.0.0-eksbuild.1"


def gap_present(session: Any) -> bool:
    """True when CreateAddon on an existing cluster is refused (moto answers 404 "Not yet implemented")."""
    from botocore.exceptions import ClientError

    from . import _probe

    _probe.cluster(session, "eks-addons")
    try:
        session.client("eks").create_addon(clusterName="eks-addons", addonName="coredns")
    except ClientError:
        return True
    return False


def _addons(backend: Any, cluster_name: str) -> dict[str, dict[str, Any]]:
    return _eks_store.store(backend, cluster_name, "addons")


def _addon(backend: Any, cluster_name: str, addon_name: str) -> dict[str, Any]:
    addons = _addons(backend, cluster_name)
    if addon_name not in addons:
        raise _eks_store.not_found(cluster_name, f"No addon: {addon_name} found in cluster: {cluster_name}", addon_name)
    return addons[addon_name]


def _associate(backend: Any, addon: dict[str, Any], requested: list[dict[str, Any]]) -> None:
    """EKS creates an add-on's Pod Identity associations (in the add-on's namespace) and answers their ARNs."""
    for arn in addon.pop("podIdentityAssociations", []):
        eks_pod_identity_associations.delete(backend, addon["clusterName"], arn.rsplit("/", 1)[-1])
    namespace = (addon.get("namespaceConfig") or {}).get("namespace") or "kube-system"
    arns = [
        eks_pod_identity_associations.create(backend, addon["clusterName"], namespace, a["serviceAccount"], a["roleArn"])["associationArn"]
        for a in requested
    ]
    if arns:
        addon["podIdentityAssociations"] = arns


def apply() -> None:
    from moto.core.responses import ActionResult
    from moto.core.utils import utcnow
    from moto.eks.responses import EKSResponse

    def create_addon(self: EKSResponse) -> ActionResult:
        cluster_name = self._get_param("name")
        addon_name = self._get_param("addonName")
        addons = _addons(self.eks_backend, cluster_name)
        if addon_name in addons:
            raise _eks_store.in_use(cluster_name, f"Addon already exists with name: {addon_name}", addon_name)
        cluster = self.eks_backend.describe_cluster(name=cluster_name)
        now = utcnow()
        addon = {
            "addonName": addon_name,
            "clusterName": cluster_name,
            "status": "ACTIVE",
            "addonVersion": self._get_param("addonVersion") or DEFAULT_VERSION,
            "health": {"issues": []},
            "addonArn": cluster.arn.replace(":cluster/", ":addon/", 1) + f"/{addon_name}/{uuid.uuid4()}",
            "createdAt": now,
            "modifiedAt": now,
            "tags": self._get_param("tags") or {},
        }
        for optional in ("serviceAccountRoleArn", "configurationValues", "namespaceConfig"):
            if self._get_param(optional) is not None:
                addon[optional] = self._get_param(optional)
        _associate(self.eks_backend, addon, self._get_param("podIdentityAssociations") or [])
        addons[addon_name] = addon
        return ActionResult({"addon": addon})

    def describe_addon(self: EKSResponse) -> ActionResult:
        return ActionResult({"addon": _addon(self.eks_backend, self._get_param("name"), self._get_param("addonName"))})

    def list_addons(self: EKSResponse) -> ActionResult:
        return ActionResult({"addons": sorted(_addons(self.eks_backend, self._get_param("name")))})

    def delete_addon(self: EKSResponse) -> ActionResult:
        cluster_name = self._get_param("name")
        addon = _addon(self.eks_backend, cluster_name, self._get_param("addonName"))
        if str(self._get_param("preserve")).lower() != "true":
            _associate(self.eks_backend, addon, [])
        del _addons(self.eks_backend, cluster_name)[addon["addonName"]]
        return ActionResult({"addon": {**addon, "status": "DELETING"}})

    def update_addon(self: EKSResponse) -> ActionResult:
        cluster_name = self._get_param("name")
        addon = _addon(self.eks_backend, cluster_name, self._get_param("addonName"))
        params = []
        for field in ("addonVersion", "serviceAccountRoleArn", "configurationValues"):
            value = self._get_param(field)
            if value is not None:
                addon[field] = value
                params.append({"type": field[0].upper() + field[1:], "value": value})
        if self._get_param("podIdentityAssociations") is not None:
            _associate(self.eks_backend, addon, self._get_param("podIdentityAssociations"))
            params.append({"type": "PodIdentityAssociations", "value": str(addon.get("podIdentityAssociations", []))})
        addon["modifiedAt"] = utcnow()
        update = {
            "id": str(uuid.uuid4()),
            "status": "Successful",
            "type": "AddonUpdate",
            "params": params,
            "createdAt": addon["modifiedAt"],
            "errors": [],
        }
        _eks_store.store(self.eks_backend, cluster_name, "updates")[update["id"]] = update
        return ActionResult({"update": update})

    def describe_update(self: EKSResponse) -> ActionResult:
        cluster_name = self._get_param("name")
        update_id = self._get_param("updateId")
        updates = _eks_store.store(self.eks_backend, cluster_name, "updates")
        if update_id not in updates:
            raise _eks_store.not_found(cluster_name, f"No update found for ID: {update_id}")
        return ActionResult({"update": updates[update_id]})

    for handler in (create_addon, describe_addon, list_addons, delete_addon, update_addon, describe_update):
        setattr(EKSResponse, handler.__name__, handler)
    _eks_store.route(
        "{0}/clusters/(?P<name>[^/]+)/addons$",
        "{0}/clusters/(?P<name>[^/]+)/addons/(?P<addonName>[^/]+)$",
        "{0}/clusters/(?P<name>[^/]+)/addons/(?P<addonName>[^/]+)/update$",
        "{0}/clusters/(?P<name>[^/]+)/updates/(?P<updateId>[^/]+)$",
    )

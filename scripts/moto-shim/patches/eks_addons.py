"""moto has no EKS add-on API: in-memory CreateAddon/DescribeAddon/ListAddons/UpdateAddon/DeleteAddon (+ DescribeUpdate of an add-on update).

Add-ons live on moto's Cluster object, so they go when the cluster is deleted (as on EKS). An add-on is
ACTIVE at once; without a requested version it gets DEFAULT_VERSION. Tags are returned by DescribeAddon
(moto's TagResource/ListTagsForResource still know clusters only).
"""
import uuid
from typing import Any

DEFAULT_VERSION = "v1.0.0-eksbuild.1"

ADDON_PATHS = {
    "{0}/clusters/(?P<name>[^/]+)/addons$": None,
    "{0}/clusters/(?P<name>[^/]+)/addons/(?P<addonName>[^/]+)$": None,
    "{0}/clusters/(?P<name>[^/]+)/addons/(?P<addonName>[^/]+)/update$": None,
    "{0}/clusters/(?P<name>[^/]+)/updates/(?P<updateId>[^/]+)$": None,
}


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


def _not_found(cluster: str, addon: str | None, message: str) -> Exception:
    from moto.eks.exceptions import ResourceNotFoundException

    return ResourceNotFoundException(
        clusterName=cluster, nodegroupName=None, fargateProfileName=None, addonName=addon, message=message
    )


def _addons(backend: Any, cluster_name: str) -> dict[str, dict[str, Any]]:
    cluster = backend.describe_cluster(name=cluster_name)  # raises ResourceNotFoundException like EKS
    if not hasattr(cluster, "shim_addons"):
        cluster.shim_addons = {}
        cluster.shim_updates = {}
    return cluster.shim_addons


def _addon(backend: Any, cluster_name: str, addon_name: str) -> dict[str, Any]:
    addons = _addons(backend, cluster_name)
    if addon_name not in addons:
        raise _not_found(cluster_name, addon_name, f"No addon: {addon_name} found in cluster: {cluster_name}")
    return addons[addon_name]


def apply() -> None:
    from moto.core.responses import ActionResult
    from moto.core.utils import utcnow
    from moto.eks import urls
    from moto.eks.exceptions import ResourceInUseException
    from moto.eks.responses import EKSResponse

    def create_addon(self: EKSResponse) -> ActionResult:
        cluster_name = self._get_param("name")
        addon_name = self._get_param("addonName")
        addons = _addons(self.eks_backend, cluster_name)
        if addon_name in addons:
            raise ResourceInUseException(
                clusterName=cluster_name, nodegroupName=None, addonName=addon_name,
                message=f"Addon already exists with name: {addon_name}",
            )
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
        associations = self._get_param("podIdentityAssociations") or []
        if associations:
            addon["podIdentityAssociations"] = [a.get("serviceAccount", "") for a in associations]
        addons[addon_name] = addon
        return ActionResult({"addon": addon})

    def describe_addon(self: EKSResponse) -> ActionResult:
        return ActionResult({"addon": _addon(self.eks_backend, self._get_param("name"), self._get_param("addonName"))})

    def list_addons(self: EKSResponse) -> ActionResult:
        return ActionResult({"addons": sorted(_addons(self.eks_backend, self._get_param("name")))})

    def delete_addon(self: EKSResponse) -> ActionResult:
        cluster_name = self._get_param("name")
        addon = _addon(self.eks_backend, cluster_name, self._get_param("addonName"))
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
        addon["modifiedAt"] = utcnow()
        update = {
            "id": str(uuid.uuid4()),
            "status": "Successful",
            "type": "AddonUpdate",
            "params": params,
            "createdAt": addon["modifiedAt"],
            "errors": [],
        }
        self.eks_backend.describe_cluster(name=cluster_name).shim_updates[update["id"]] = update
        return ActionResult({"update": update})

    def describe_update(self: EKSResponse) -> ActionResult:
        cluster_name = self._get_param("name")
        update_id = self._get_param("updateId")
        _addons(self.eks_backend, cluster_name)
        updates = self.eks_backend.describe_cluster(name=cluster_name).shim_updates
        if update_id not in updates:
            raise _not_found(cluster_name, None, f"No update found for ID: {update_id}")
        return ActionResult({"update": updates[update_id]})

    for handler in (create_addon, describe_addon, list_addons, delete_addon, update_addon, describe_update):
        setattr(EKSResponse, handler.__name__, handler)
    for path in ADDON_PATHS:
        urls.url_paths[path] = urls.response.dispatch

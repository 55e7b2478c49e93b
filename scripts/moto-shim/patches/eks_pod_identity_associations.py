"""moto has no EKS Pod Identity API: in-memory Create/Describe/List/Update/DeletePodIdentityAssociation.

Associations live on moto's Cluster object, so they go when the cluster is deleted (as on EKS). Ids and
ARNs have EKS's shape ("a-" and 17 characters; arn:...:podidentityassociation/<cluster>/<id>), which the aws
provider parses. One association per namespace and service account, as on EKS. The EKS add-on patch
creates an add-on's associations through `create()` here, as EKS does for CreateAddon's
podIdentityAssociations.
"""
import random
import string
from typing import Any

from . import _eks_store

STORE = "pod_identity_associations"


def gap_present(session: Any) -> bool:
    """True when CreatePodIdentityAssociation on an existing cluster is refused."""
    from botocore.exceptions import ClientError

    from . import _probe

    _probe.cluster(session, "eks-pod-identity")
    try:
        session.client("eks").create_pod_identity_association(
            clusterName="eks-pod-identity", namespace="probe", serviceAccount="probe", roleArn=_probe.ROLE
        )
    except ClientError:
        return True
    return False


def create(backend: Any, cluster_name: str, namespace: str, service_account: str, role_arn: str, **extra: Any) -> dict[str, Any]:
    """Creates an association as EKS does; `extra` holds optional request fields (tags, disableSessionTags, ...)."""
    from moto.core.utils import utcnow

    store = _eks_store.store(backend, cluster_name, STORE)
    if any(a["namespace"] == namespace and a["serviceAccount"] == service_account for a in store.values()):
        raise _eks_store.in_use(cluster_name, f"Association already exists for service account {namespace}/{service_account}")
    cluster = backend.describe_cluster(name=cluster_name)
    association_id = "a-" + "".join(random.choices(string.ascii_lowercase + string.digits, k=17))
    now = utcnow()
    association = {
        "clusterName": cluster_name,
        "namespace": namespace,
        "serviceAccount": service_account,
        "roleArn": role_arn,
        "associationArn": cluster.arn.replace(":cluster/", ":podidentityassociation/", 1) + f"/{association_id}",
        "associationId": association_id,
        "tags": extra.get("tags") or {},
        "createdAt": now,
        "modifiedAt": now,
        "disableSessionTags": bool(extra.get("disableSessionTags")),
    }
    if extra.get("targetRoleArn"):
        association["targetRoleArn"] = extra["targetRoleArn"]
    store[association_id] = association
    return association


def delete(backend: Any, cluster_name: str, association_id: str) -> dict[str, Any]:
    store = _eks_store.store(backend, cluster_name, STORE)
    if association_id not in store:
        raise _eks_store.not_found(cluster_name, f"Pod Identity Association not found: {association_id}")
    return store.pop(association_id)


def apply() -> None:
    from moto.core.responses import ActionResult
    from moto.core.utils import utcnow
    from moto.eks.responses import EKSResponse

    def found(self: EKSResponse) -> dict[str, Any]:
        cluster_name = self._get_param("name")
        association_id = self._get_param("associationId")
        association = _eks_store.store(self.eks_backend, cluster_name, STORE).get(association_id)
        if association is None:
            raise _eks_store.not_found(cluster_name, f"Pod Identity Association not found: {association_id}")
        return association

    def create_pod_identity_association(self: EKSResponse) -> ActionResult:
        extra = {k: self._get_param(k) for k in ("tags", "disableSessionTags", "targetRoleArn")}
        association = create(
            self.eks_backend, self._get_param("name"), self._get_param("namespace"),
            self._get_param("serviceAccount"), self._get_param("roleArn"), **extra,
        )
        return ActionResult({"association": association})

    def describe_pod_identity_association(self: EKSResponse) -> ActionResult:
        return ActionResult({"association": found(self)})

    def list_pod_identity_associations(self: EKSResponse) -> ActionResult:
        store = _eks_store.store(self.eks_backend, self._get_param("name"), STORE)
        fields = ("clusterName", "namespace", "serviceAccount", "associationArn", "associationId")
        return ActionResult({"associations": [{f: a[f] for f in fields} for a in store.values()]})

    def update_pod_identity_association(self: EKSResponse) -> ActionResult:
        association = found(self)
        for field in ("roleArn", "disableSessionTags", "targetRoleArn"):
            if self._get_param(field) is not None:
                association[field] = self._get_param(field)
        association["modifiedAt"] = utcnow()
        return ActionResult({"association": association})

    def delete_pod_identity_association(self: EKSResponse) -> ActionResult:
        return ActionResult({"association": delete(self.eks_backend, self._get_param("name"), found(self)["associationId"])})

    for handler in (
        create_pod_identity_association, describe_pod_identity_association, list_pod_identity_associations,
        update_pod_identity_association, delete_pod_identity_association,
    ):
        setattr(EKSResponse, handler.__name__, handler)
    _eks_store.route(
        "{0}/clusters/(?P<name>[^/]+)/pod-identity-associations$",
        "{0}/clusters/(?P<name>[^/]+)/pod-identity-associations/(?P<associationId>[^/]+)$",
    )

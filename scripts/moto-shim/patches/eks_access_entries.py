"""moto has no EKS access entry API: in-memory Create/Describe/List/Update/DeleteAccessEntry and Associate/Disassociate/ListAssociatedAccessPolicies.

Access entries (and their access policy associations) live on moto's Cluster object, so they go when the
cluster is deleted (as on EKS). As on EKS: type defaults to STANDARD, the username of a role defaults to
its assumed-role session ARN, a second entry for one principal is refused, and associating a policy twice
updates its scope.
"""
import uuid
from typing import Any

from . import _eks_store

PRINCIPAL = "arn:aws:iam::123456789012:role/probe-admin"


def gap_present(session: Any) -> bool:
    """True when CreateAccessEntry on an existing cluster is refused."""
    from botocore.exceptions import ClientError

    from . import _probe

    _probe.cluster(session, "eks-access-entries")
    try:
        session.client("eks").create_access_entry(clusterName="eks-access-entries", principalArn=PRINCIPAL)
    except ClientError:
        return True
    return False


def default_username(principal_arn: str) -> str:
    """EKS's default username: an IAM role's assumed-role session ARN, a user's own ARN."""
    parts = principal_arn.split(":", 5)  # arn, partition, iam, "", account, role/<path>/<name>
    if len(parts) == 6 and parts[5].startswith("role/"):
        return f"arn:{parts[1]}:sts::{parts[4]}:assumed-role/{parts[5].rsplit('/', 1)[-1]}/{{{{SessionName}}}}"
    return principal_arn


def apply() -> None:
    from moto.core.responses import ActionResult, EmptyResult
    from moto.core.utils import utcnow
    from moto.eks.responses import EKSResponse

    def entries(self: EKSResponse) -> dict[str, Any]:
        return _eks_store.store(self.eks_backend, self._get_param("name"), "access_entries")

    def entry(self: EKSResponse) -> dict[str, Any]:
        principal = _eks_store.path_param(self, "principalArn")
        found = entries(self).get(principal)
        if found is None:
            raise _eks_store.not_found(self._get_param("name"), f"The specified access entry resource is not found: {principal}")
        return found

    def public(found: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in found.items() if k != "policies"}

    def create_access_entry(self: EKSResponse) -> ActionResult:
        cluster_name = self._get_param("name")
        principal = self._get_param("principalArn")
        store = entries(self)
        if principal in store:
            raise _eks_store.in_use(cluster_name, f"The specified access entry resource is already in use on this cluster: {principal}")
        cluster = self.eks_backend.describe_cluster(name=cluster_name)
        now = utcnow()
        store[principal] = {
            "clusterName": cluster_name,
            "principalArn": principal,
            "kubernetesGroups": self._get_param("kubernetesGroups") or [],
            "accessEntryArn": cluster.arn.replace(":cluster/", ":access-entry/", 1) + f"/{uuid.uuid4()}",
            "createdAt": now,
            "modifiedAt": now,
            "tags": self._get_param("tags") or {},
            "username": self._get_param("username") or default_username(principal),
            "type": self._get_param("type") or "STANDARD",
            "policies": {},
        }
        return ActionResult({"accessEntry": public(store[principal])})

    def describe_access_entry(self: EKSResponse) -> ActionResult:
        return ActionResult({"accessEntry": public(entry(self))})

    def list_access_entries(self: EKSResponse) -> ActionResult:
        return ActionResult({"accessEntries": sorted(entries(self))})

    def update_access_entry(self: EKSResponse) -> ActionResult:
        found = entry(self)
        for field in ("kubernetesGroups", "username"):
            if self._get_param(field) is not None:
                found[field] = self._get_param(field)
        found["modifiedAt"] = utcnow()
        return ActionResult({"accessEntry": public(found)})

    def delete_access_entry(self: EKSResponse) -> EmptyResult:
        del entries(self)[entry(self)["principalArn"]]
        return EmptyResult()

    def associate_access_policy(self: EKSResponse) -> ActionResult:
        found = entry(self)
        policy_arn = self._get_param("policyArn")
        now = utcnow()
        previous = found["policies"].get(policy_arn)
        found["policies"][policy_arn] = {
            "policyArn": policy_arn,
            "accessScope": self._get_param("accessScope") or {"type": "cluster"},
            "associatedAt": previous["associatedAt"] if previous else now,
            "modifiedAt": now,
        }
        return ActionResult(
            {"clusterName": found["clusterName"], "principalArn": found["principalArn"], "associatedAccessPolicy": found["policies"][policy_arn]}
        )

    def list_associated_access_policies(self: EKSResponse) -> ActionResult:
        found = entry(self)
        return ActionResult(
            {
                "clusterName": found["clusterName"],
                "principalArn": found["principalArn"],
                "associatedAccessPolicies": [found["policies"][p] for p in sorted(found["policies"])],
            }
        )

    def disassociate_access_policy(self: EKSResponse) -> EmptyResult:
        found = entry(self)
        policy_arn = _eks_store.path_param(self, "policyArn")
        if policy_arn not in found["policies"]:
            raise _eks_store.not_found(found["clusterName"], f"The specified access policy is not associated: {policy_arn}")
        del found["policies"][policy_arn]
        return EmptyResult()

    for handler in (
        create_access_entry, describe_access_entry, list_access_entries, update_access_entry, delete_access_entry,
        associate_access_policy, list_associated_access_policies, disassociate_access_policy,
    ):
        setattr(EKSResponse, handler.__name__, handler)
    _eks_store.route(
        "{0}/clusters/(?P<name>[^/]+)/access-entries$",
        # An ARN in the path may arrive decoded (with "/"): moto's botocore-model router, on the raw path,
        # tells the operations apart, so one greedy route serves entries and their access policies.
        "{0}/clusters/(?P<name>[^/]+)/access-entries/(?P<principalArn>.+)$",
    )

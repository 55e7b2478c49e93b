"""What the EKS API patches share: per-cluster in-memory stores kept on moto's Cluster object (so they go with
the cluster, as on EKS), EKS's not-found error, and registering extra URL paths with moto's server."""
from typing import Any
from urllib.parse import unquote


def store(backend: Any, cluster_name: str, kind: str) -> dict[str, Any]:
    """The cluster's store `kind` (created empty); raises ResourceNotFoundException for an unknown cluster."""
    cluster = backend.describe_cluster(name=cluster_name)
    stores = cluster.__dict__.setdefault("shim_stores", {})
    return stores.setdefault(kind, {})


def not_found(cluster: str, message: str, addon: str | None = None) -> Exception:
    from moto.eks.exceptions import ResourceNotFoundException

    return ResourceNotFoundException(
        clusterName=cluster, nodegroupName=None, fargateProfileName=None, addonName=addon, message=message
    )


def in_use(cluster: str, message: str, addon: str | None = None) -> Exception:
    from moto.eks.exceptions import ResourceInUseException

    return ResourceInUseException(clusterName=cluster, nodegroupName=None, addonName=addon, message=message)


def path_param(response: Any, name: str) -> str:
    """A URL path parameter, decoded (ARNs arrive percent-encoded)."""
    return unquote(response._get_param(name))


def route(*paths: str) -> None:
    """Lets moto's server accept `paths` (regexes under the EKS url base, "{0}/...") for EKS."""
    from moto.eks import urls

    for path in paths:
        urls.url_paths[path] = urls.response.dispatch

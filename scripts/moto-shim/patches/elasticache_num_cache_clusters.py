"""moto ignores NumCacheClusters: a replication group (cluster mode disabled) gets ReplicasPerNodeGroup + 1 member clusters, so 1.

A group created with NumCacheClusters 2 (a primary and a replica in another zone, as with automatic failover
and Multi-AZ) comes back with one member; the aws provider reads num_cache_clusters from the member list and
plans to add a replica forever. The patch gives such a group NumCacheClusters members (001, 002, ...), in
the preferred zones, as ElastiCache does.
"""
from typing import Any

GROUP = "elasticache-num-cache-clusters"


def gap_present(session: Any) -> bool:
    group = session.client("elasticache").create_replication_group(
        ReplicationGroupId=GROUP, ReplicationGroupDescription="probe", CacheNodeType="cache.t4g.small", NumCacheClusters=2
    )["ReplicationGroup"]
    return len(group["MemberClusters"]) != 2


def apply() -> None:
    from moto.elasticache.models import ReplicationGroup

    set_members = ReplicationGroup._set_node_members_clusters_disabled

    def set_requested_members(self: ReplicationGroup, *args: Any, **kwargs: Any) -> None:
        if not kwargs.get("replicas_per_node_group") and (kwargs.get("num_cache_clusters") or 1) > 1:
            kwargs["replicas_per_node_group"] = kwargs["num_cache_clusters"] - 1
        set_members(self, *args, **kwargs)

    ReplicationGroup._set_node_members_clusters_disabled = set_requested_members

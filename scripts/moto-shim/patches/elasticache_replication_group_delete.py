"""moto never finishes deleting an ElastiCache replication group: DeleteReplicationGroup leaves it "deleting" forever.

The aws provider waits until DescribeReplicationGroups answers ReplicationGroupNotFoundFault, so every destroy
hangs until its timeout (40 minutes) and fails. The patch removes the group once DeleteReplicationGroup has
answered (it is answered "deleting", as on ElastiCache); from then on it is not found.
"""
from typing import Any

GROUP = "elasticache-group-delete"


def gap_present(session: Any) -> bool:
    client = session.client("elasticache")
    client.create_replication_group(ReplicationGroupId=GROUP, ReplicationGroupDescription="probe", CacheNodeType="cache.t4g.small")
    client.delete_replication_group(ReplicationGroupId=GROUP)
    try:
        client.describe_replication_groups(ReplicationGroupId=GROUP)
    except client.exceptions.ReplicationGroupNotFoundFault:
        return False
    return True


def apply() -> None:
    from moto.elasticache.models import ElastiCacheBackend

    delete_replication_group = ElastiCacheBackend.delete_replication_group

    def delete_and_forget(self: ElastiCacheBackend, replication_group_id: str, retain_primary_cluster: Any) -> Any:
        group = delete_replication_group(self, replication_group_id, retain_primary_cluster)
        self.replication_groups.pop(replication_group_id, None)
        return group

    ElastiCacheBackend.delete_replication_group = delete_and_forget

"""moto's replication groups have no member clusters: DescribeCacheClusters does not know "<group>-001" that DescribeReplicationGroups lists.

The aws provider reads a replication group's engine version, node type, subnet group, security groups,
parameter group, maintenance window and encryption from its first member cluster (whose SecurityGroups
moto's CacheCluster never answers), and fails when that
cluster does not exist. The patch creates each member cluster a (cluster-mode disabled) group lists, with
the group's settings, in the group's preferred zones, and removes them with the group.
"""
from typing import Any

GROUP = "elasticache-member-clusters"


def gap_present(session: Any) -> bool:
    client = session.client("elasticache")
    group = client.create_replication_group(
        ReplicationGroupId=GROUP, ReplicationGroupDescription="probe", CacheNodeType="cache.t4g.small", Engine="redis", NumCacheClusters=2
    )["ReplicationGroup"]
    try:
        client.describe_cache_clusters(CacheClusterId=group["MemberClusters"][0])
    except client.exceptions.CacheClusterNotFoundFault:
        return True
    return False


def apply() -> None:
    from moto.elasticache.models import ElastiCacheBackend

    create_replication_group = ElastiCacheBackend.create_replication_group
    delete_replication_group = ElastiCacheBackend.delete_replication_group

    def create_with_members(self: ElastiCacheBackend, *args: Any, **kwargs: Any) -> Any:
        group = create_replication_group(self, *args, **kwargs)
        if group.cluster_mode == "enabled":
            return group
        zones = kwargs.get("preferred_cache_cluster_azs") or []
        for i, member in enumerate(group.member_clusters):
            if member in self.cache_clusters:
                continue
            cluster = self.create_cache_cluster(
                cache_cluster_id=member, replication_group_id=group.replication_group_id, az_mode="single-az",
                preferred_availability_zone=zones[i] if i < len(zones) else None, num_cache_nodes=1,
                cache_node_type=group.cache_node_type, engine=group.engine, engine_version=group.engine_version,
                cache_parameter_group_name=group.cache_parameter_group_name, cache_subnet_group_name=group.cache_subnet_group_name,
                transit_encryption_enabled=group.transit_encryption_enabled, network_type=group.network_type,
                ip_discovery=group.ip_discovery, snapshot_name=None, preferred_maintenance_window=group.preferred_maintenance_window,
                port=group.port, notification_topic_arn=group.notification_topic_arn,
                auto_minor_version_upgrade=group.auto_minor_version_upgrade, snapshot_retention_limit=group.snapshot_retention_limit,
                snapshot_window=group.snapshot_window, auth_token=kwargs.get("auth_token"), outpost_mode=None,
                preferred_outpost_arn=None, preferred_availability_zones=None,
                cache_security_group_names=group.cache_security_group_names, security_group_ids=group.security_group_ids,
                tags=None, snapshot_arns=None, preferred_outpost_arns=None, log_delivery_configurations=None,
                cache_node_ids_to_remove=None, cache_node_ids_to_reboot=None,
            )
            # moto's CacheCluster never answers SecurityGroups; the provider reads the group's from here.
            cluster.security_groups = [{"SecurityGroupId": g, "Status": "active"} for g in group.security_group_ids or []]
            cluster.at_rest_encryption_enabled = group.at_rest_encryption_enabled
            cluster.transit_encryption_mode = group.transit_encryption_mode
        return group

    def delete_with_members(self: ElastiCacheBackend, replication_group_id: str, retain_primary_cluster: Any) -> Any:
        group = self.describe_replication_groups(replication_group_id)[0]
        members, primary = list(group.member_clusters), group.primary_cluster_id
        deleted = delete_replication_group(self, replication_group_id, retain_primary_cluster)
        for member in members:
            if not (retain_primary_cluster and member == primary):
                self.cache_clusters.pop(member, None)
        return deleted

    ElastiCacheBackend.create_replication_group = create_with_members
    ElastiCacheBackend.delete_replication_group = delete_with_members

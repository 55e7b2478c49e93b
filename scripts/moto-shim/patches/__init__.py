"""One module per moto gap. Each module's docstring starts with one line naming the gap, and the module has:

  gap_present(session) -> bool
                          asks STOCK moto whether the gap is still there, through the boto3 `session` of
                          _probe.mocked() (moto's in-process mock); call it before any patch is applied.
  apply() -> None         patches moto's classes in this process, before the server serves.

Keep every patch minimal and about one gap, so that a moto upgrade that fixes it shows up.
"""
from . import (
    autoscaling_scheduled_action_names,
    ec2_security_group_rule_description,
    ec2_launch_template_tags,
    eks_access_config,
    eks_access_entries,
    eks_addons,
    eks_cluster_security_group,
    eks_deletion_protection,
    eks_nodegroup_remote_access,
    eks_nodegroup_update_config,
    eks_pod_identity_associations,
    eks_update_cluster_config_update,
    eks_upgrade_policy,
    elasticache_member_clusters,
    elasticache_num_cache_clusters,
    elasticache_replication_group_delete,
    elasticache_subnet_group_delete,
    rds_dbi_resource_id,
    rds_parameter_source,
    rds_performance_insights,
    rds_replica_backup_retention,
    s3_create_bucket_tags,
)

PATCHES = [
    eks_addons,
    eks_access_config,
    eks_upgrade_policy,
    eks_nodegroup_remote_access,
    eks_nodegroup_update_config,
    ec2_launch_template_tags,
    eks_cluster_security_group,
    eks_access_entries,
    eks_pod_identity_associations,
    elasticache_num_cache_clusters,
    elasticache_member_clusters,
    elasticache_replication_group_delete,
    elasticache_subnet_group_delete,
    autoscaling_scheduled_action_names,
    rds_performance_insights,
    rds_parameter_source,
    rds_dbi_resource_id,
    s3_create_bucket_tags,
    ec2_security_group_rule_description,
    eks_deletion_protection,
    eks_update_cluster_config_update,
    rds_replica_backup_retention,
]

"""moto has no DeleteCacheSubnetGroup: it answers 500 "not implemented", so a destroy never removes an ElastiCache subnet group.

The patch deletes the group from moto's backend; an unknown group is CacheSubnetGroupNotFoundFault and a
group a replication group or cache cluster still uses is CacheSubnetGroupInUse, as on ElastiCache.
"""
from typing import Any

GROUP = "elasticache-subnet-group-delete"


def gap_present(session: Any) -> bool:
    from botocore.exceptions import ClientError

    ec2 = session.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.250.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.250.0.0/24")["Subnet"]["SubnetId"]
    client = session.client("elasticache")
    client.create_cache_subnet_group(CacheSubnetGroupName=GROUP, CacheSubnetGroupDescription="probe", SubnetIds=[subnet])
    try:
        client.delete_cache_subnet_group(CacheSubnetGroupName=GROUP)
    except (ClientError, NotImplementedError):
        return True
    return False


def apply() -> None:
    from moto.core.responses import EmptyResult
    from moto.elasticache.exceptions import CacheSubnetGroupNotFound, ElastiCacheException
    from moto.elasticache.responses import ElastiCacheResponse

    class CacheSubnetGroupInUse(ElastiCacheException):
        code = "CacheSubnetGroupInUse"

        def __init__(self, name: str):
            super().__init__(f"Cache subnet group {name} is currently in use by a cache cluster.")

    def delete_cache_subnet_group(self: ElastiCacheResponse) -> EmptyResult:
        backend = self.elasticache_backend
        name = self._get_param("CacheSubnetGroupName")
        if name not in backend.cache_subnet_groups:
            raise CacheSubnetGroupNotFound(name)
        users = list(backend.replication_groups.values()) + list(backend.cache_clusters.values())
        if any(getattr(u, "cache_subnet_group_name", None) == name for u in users):
            raise CacheSubnetGroupInUse(name)
        del backend.cache_subnet_groups[name]
        return EmptyResult()

    ElastiCacheResponse.delete_cache_subnet_group = delete_cache_subnet_group

"""moto drops RDS Performance Insights: CreateDBInstance/ModifyDBInstance ignore PerformanceInsightsEnabled, its KMS key and retention, and DescribeDBInstances omits them.

The aws provider then reads performance_insights_enabled = false and plans to turn it on forever. The patch
keeps the three fields as requested (retention defaults to 7 days when enabled, as on RDS) on moto's
DBInstance, so DescribeDBInstances answers them.
"""
from typing import Any

DB = "rds-performance-insights"


def gap_present(session: Any) -> bool:
    rds = session.client("rds")
    rds.create_db_instance(
        DBInstanceIdentifier=DB, DBInstanceClass="db.t4g.medium", Engine="postgres", MasterUsername="probe",
        MasterUserPassword="probe-password", AllocatedStorage=20, EnablePerformanceInsights=True,
    )
    return not rds.describe_db_instances(DBInstanceIdentifier=DB)["DBInstances"][0].get("PerformanceInsightsEnabled")


def _keep(database: Any, db_kwargs: dict[str, Any]) -> None:
    enabled = db_kwargs.get("enable_performance_insights")
    if enabled is not None:
        database.performance_insights_enabled = bool(enabled)
    if getattr(database, "performance_insights_enabled", False):
        if db_kwargs.get("performance_insights_kms_key_id"):
            database.performance_insights_kms_key_id = db_kwargs["performance_insights_kms_key_id"]
        database.performance_insights_retention_period = int(
            db_kwargs.get("performance_insights_retention_period") or getattr(database, "performance_insights_retention_period", None) or 7
        )


def apply() -> None:
    from moto.rds.models import RDSBackend

    create_db_instance = RDSBackend.create_db_instance
    create_read_replica = RDSBackend.create_db_instance_read_replica
    modify_db_instance = RDSBackend.modify_db_instance

    def create_with_insights(self: RDSBackend, db_kwargs: dict[str, Any]) -> Any:
        database = create_db_instance(self, db_kwargs)
        _keep(database, db_kwargs)
        return database

    def replica_with_insights(self: RDSBackend, db_kwargs: dict[str, Any]) -> Any:
        replica = create_read_replica(self, db_kwargs)
        for field in ("performance_insights_enabled", "performance_insights_kms_key_id", "performance_insights_retention_period"):
            replica.__dict__.pop(field, None)  # the replica is a copy of the primary: only its own request counts
        _keep(replica, db_kwargs)
        return replica

    def modify_with_insights(self: RDSBackend, db_instance_identifier: str, db_kwargs: dict[str, Any]) -> Any:
        database = modify_db_instance(self, db_instance_identifier, db_kwargs)
        _keep(database, db_kwargs)
        return database

    RDSBackend.create_db_instance = create_with_insights
    RDSBackend.create_db_instance_read_replica = replica_with_insights
    RDSBackend.modify_db_instance = modify_with_insights

"""moto's RDS read replica is a copy of its primary: it inherits the primary's BackupRetentionPeriod.

RDS starts a read replica with automated backups off (retention 0) unless the request sets a retention;
the aws provider then reads the primary's 30 days on prod's `report` replica and plans to set 0 forever.
The patch gives a new replica the requested retention, else 0.
"""
from typing import Any


def gap_present(session: Any) -> bool:
    rds = session.client("rds")
    rds.create_db_instance(
        DBInstanceIdentifier="rds-replica-backups", DBInstanceClass="db.t4g.medium", Engine="postgres", MasterUsername="probe",
        MasterUserPassword="probe-password", AllocatedStorage=20, BackupRetentionPeriod=7,
    )
    replica = rds.create_db_instance_read_replica(DBInstanceIdentifier="rds-replica-backups-r", SourceDBInstanceIdentifier="rds-replica-backups")
    return replica["DBInstance"].get("BackupRetentionPeriod") != 0


def apply() -> None:
    from moto.rds.models import RDSBackend

    create_read_replica = RDSBackend.create_db_instance_read_replica

    def replica_without_inherited_backups(self: RDSBackend, db_kwargs: dict[str, Any]) -> Any:
        replica = create_read_replica(self, db_kwargs)
        replica.backup_retention_period = int(db_kwargs.get("backup_retention_period") or 0)
        return replica

    RDSBackend.create_db_instance_read_replica = replica_without_inherited_backups

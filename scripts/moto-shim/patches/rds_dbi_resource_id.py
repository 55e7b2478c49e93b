"""moto gives every RDS DB instance the same DbiResourceId ("db-M5ENSHXFPU6XHZ4G4ZEI5QIO2U"), a read replica included.

The aws provider (6.x) reads an instance by its resource id (DescribeDBInstances filtered by dbi-resource-id)
and needs exactly one answer, so with a primary and a read replica it finds neither ("couldn't find
resource") and the replica is tainted. The patch gives every new instance, replicas included, its own
"db-" + 26 upper-case letters and digits, as RDS does.
"""
import random
import string
from typing import Any


def gap_present(session: Any) -> bool:
    rds = session.client("rds")
    ids = set()
    for name in ("rds-dbi-resource-id-a", "rds-dbi-resource-id-b"):
        rds.create_db_instance(
            DBInstanceIdentifier=name, DBInstanceClass="db.t4g.medium", Engine="postgres", MasterUsername="probe",
            MasterUserPassword="probe-password", AllocatedStorage=20,
        )
        ids.add(rds.describe_db_instances(DBInstanceIdentifier=name)["DBInstances"][0]["DbiResourceId"])
    return len(ids) != 2


def _new_id() -> str:
    return "db-" + "".join(random.choices(string.ascii_uppercase + string.digits, k=26))


def apply() -> None:
    from moto.rds.models import RDSBackend

    create_db_instance = RDSBackend.create_db_instance
    create_read_replica = RDSBackend.create_db_instance_read_replica

    def create_with_own_id(self: RDSBackend, db_kwargs: dict[str, Any]) -> Any:
        database = create_db_instance(self, db_kwargs)
        database.dbi_resource_id = _new_id()
        return database

    def replica_with_own_id(self: RDSBackend, db_kwargs: dict[str, Any]) -> Any:
        replica = create_read_replica(self, db_kwargs)
        replica.dbi_resource_id = _new_id()
        return replica

    RDSBackend.create_db_instance = create_with_own_id
    RDSBackend.create_db_instance_read_replica = replica_with_own_id

"""moto's DescribeDBParameters answers parameters without Source and ignores the Source filter: a parameter set by ModifyDBParameterGroup is not "user".

The aws provider reads a parameter group's parameters with Source "user" and keeps only those, so every
parameter the stack sets (rds.force_ssl, ...) looks removed and is planned again forever. The patch marks
parameters set through ModifyDBParameterGroup (or CreateDBParameterGroup's copy) as Source "user" and
filters DescribeDBParameters by Source, as RDS does.
"""
from typing import Any

GROUP = "rds-parameter-source"


def gap_present(session: Any) -> bool:
    rds = session.client("rds")
    rds.create_db_parameter_group(DBParameterGroupName=GROUP, DBParameterGroupFamily="postgres17", Description="probe")
    rds.modify_db_parameter_group(
        DBParameterGroupName=GROUP, Parameters=[{"ParameterName": "rds.force_ssl", "ParameterValue": "1", "ApplyMethod": "immediate"}]
    )
    parameters = rds.describe_db_parameters(DBParameterGroupName=GROUP, Source="user")["Parameters"]
    return [p.get("Source") for p in parameters] != ["user"]


def apply() -> None:
    from moto.core.responses import ActionResult
    from moto.rds.models import DBParameterGroup
    from moto.rds.responses import RDSResponse

    update_parameters = DBParameterGroup.update_parameters
    describe_db_parameters = RDSResponse.describe_db_parameters

    def update_as_user(self: DBParameterGroup, new_parameters: Any) -> None:
        new_parameters = [dict(p) for p in new_parameters]
        update_parameters(self, new_parameters)
        for p in new_parameters:
            self.parameters[p["ParameterName"]]["Source"] = "user"

    def describe_by_source(self: RDSResponse) -> ActionResult:
        result = describe_db_parameters(self)
        source = self.params.get("Source")
        if source:
            result = ActionResult({"Parameters": [p for p in result.result["Parameters"] if p.get("Source", "engine-default") == source]})
        return result

    DBParameterGroup.update_parameters = update_as_user
    RDSResponse.describe_db_parameters = describe_by_source

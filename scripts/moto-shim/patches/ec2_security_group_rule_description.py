"""moto drops the description of a security group rule that references another group: DescribeSecurityGroupRules answers none.

The aws provider's aws_vpc_security_group_ingress_rule with referenced_security_group_id and a description
then plans to set the description forever. moto keeps it in the rule's source group record; the patch
answers it as the rule's description, as EC2 does (rules with a CIDR are unaffected).
"""
from typing import Any


def gap_present(session: Any) -> bool:
    ec2 = session.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.251.0.0/16")["Vpc"]["VpcId"]
    a = ec2.create_security_group(GroupName="rule-description-a", Description="probe", VpcId=vpc)["GroupId"]
    b = ec2.create_security_group(GroupName="rule-description-b", Description="probe", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(
        GroupId=a, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "UserIdGroupPairs": [{"GroupId": b, "Description": "probe"}]}]
    )
    rules = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [a]}])["SecurityGroupRules"]
    return not any(r.get("Description") == "probe" for r in rules if not r.get("IsEgress"))


def apply() -> None:
    from moto.ec2.models.security_groups import SecurityGroupRule

    SecurityGroupRule.description = property(  # type: ignore[assignment]
        lambda self: self.ip_range.get("Description") or (self.source_group or {}).get("Description")
    )

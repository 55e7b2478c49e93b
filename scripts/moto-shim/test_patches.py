"""The shim's contract with moto, through boto3 against moto's in-process mock:

- every gap a patch names is still there in stock moto (when moto fixes one, its test here fails: delete
  that patch), and
- with the patches applied, no gap is visible any more.

Run: scripts/moto.sh python -m unittest discover -s scripts/moto-shim -v   (npm run test:moto-shim)
"""
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
os.environ.setdefault("AWS_ACCESS_KEY_ID", "test")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "test")

from patches import PATCHES, _probe  # noqa: E402

PATCHED_PROBE = """
import sys
sys.path.insert(0, {here!r})
import server
server.apply_patches()
from patches import PATCHES, _probe
with _probe.mocked() as session:
    for patch in PATCHES:
        print(patch.__name__.split(".")[-1], patch.gap_present(session))
"""


class StockMotoGaps(unittest.TestCase):
    """This process never applies a patch, so the probes see stock moto."""

    def test_every_patched_gap_is_still_present_in_stock_moto(self) -> None:
        with _probe.mocked() as session:
            for patch in PATCHES:
                with self.subTest(patch=patch.__name__):
                    self.assertTrue(patch.gap_present(session), f"{patch.__name__}: moto fixed this gap; delete the patch")


class PatchedMoto(unittest.TestCase):
    def test_no_gap_is_visible_with_the_patches_applied(self) -> None:
        ran = subprocess.run(
            [sys.executable, "-c", PATCHED_PROBE.format(here=HERE)], capture_output=True, text=True, timeout=600, check=True
        )
        still_open = dict(line.split() for line in ran.stdout.splitlines() if line and not line.startswith("[moto-shim]"))
        self.assertEqual(len(still_open), len(PATCHES))
        for name, present in still_open.items():
            with self.subTest(patch=name):
                self.assertEqual(present, "False", f"{name}: the gap is still visible with the patch applied")


class AddonApi(unittest.TestCase):
    """What the aws provider relies on: an add-on is ACTIVE at once, keeps its version and goes with DeleteAddon."""

    def test_an_addon_is_active_at_once_and_not_found_after_delete(self) -> None:
        ran = subprocess.run([sys.executable, "-c", ADDON_SCRIPT.format(here=HERE)], capture_output=True, text=True, timeout=600)
        self.assertEqual(ran.returncode, 0, ran.stderr)
        self.assertEqual(ran.stdout.split(), ["ACTIVE", "v1.11.4-eksbuild.2", "['coredns']", "ResourceNotFoundException", "[]"])


ADDON_SCRIPT = """
import sys
sys.path.insert(0, {here!r})
from patches import eks_addons, _probe
eks_addons.apply()
with _probe.mocked() as session:
    _probe.cluster(session, "probe")
    eks = session.client("eks")
    eks.create_addon(clusterName="probe", addonName="coredns", addonVersion="v1.11.4-eksbuild.2")
    addon = eks.describe_addon(clusterName="probe", addonName="coredns")["addon"]
    print(addon["status"], addon["addonVersion"], str(eks.list_addons(clusterName="probe")["addons"]).replace(" ", ""))
    eks.delete_addon(clusterName="probe", addonName="coredns")
    try:
        eks.describe_addon(clusterName="probe", addonName="coredns")
    except eks.exceptions.ResourceNotFoundException as e:
        print(e.response["Error"]["Code"])
    print(eks.list_addons(clusterName="probe")["addons"])
"""

PATCHED_SCRIPT = """
import sys
sys.path.insert(0, {here!r})
import patches
from patches import _probe
for name in {patches!r}:
    getattr(patches, name).apply()
with _probe.mocked() as session:
{body}
"""


def run_patched(patch_names: list[str], body: str) -> list[str]:
    """Runs `body` (indented code with `session`, `_probe` in scope) in a fresh python with only `patch_names` applied;
    returns its printed lines."""
    script = PATCHED_SCRIPT.format(here=HERE, patches=patch_names, body=body)
    ran = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600)
    if ran.returncode != 0:
        raise AssertionError(ran.stderr)
    return ran.stdout.splitlines()


ADMIN = "arn:aws:iam::123456789012:role/ops/admin"
ADMIN_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"


class AccessEntries(unittest.TestCase):
    def test_a_role_entry_defaults_to_standard_type_and_its_session_username(self) -> None:
        out = run_patched(["eks_access_entries"], f"""
    _probe.cluster(session, "c")
    eks = session.client("eks")
    eks.create_access_entry(clusterName="c", principalArn="{ADMIN}")
    entry = eks.describe_access_entry(clusterName="c", principalArn="{ADMIN}")["accessEntry"]
    print(entry["type"], entry["username"], entry["principalArn"])
""")
        self.assertEqual(out, [f"STANDARD arn:aws:sts::123456789012:assumed-role/admin/{{{{SessionName}}}} {ADMIN}"])

    def test_an_associated_policy_is_listed_with_its_scope_until_disassociated(self) -> None:
        out = run_patched(["eks_access_entries"], f"""
    _probe.cluster(session, "c")
    eks = session.client("eks")
    eks.create_access_entry(clusterName="c", principalArn="{ADMIN}")
    eks.associate_access_policy(clusterName="c", principalArn="{ADMIN}", policyArn="{ADMIN_POLICY}", accessScope={{"type": "namespace", "namespaces": ["a"]}})
    listed = eks.list_associated_access_policies(clusterName="c", principalArn="{ADMIN}")["associatedAccessPolicies"]
    print([(p["policyArn"], p["accessScope"]["type"], p["accessScope"]["namespaces"]) for p in listed])
    eks.disassociate_access_policy(clusterName="c", principalArn="{ADMIN}", policyArn="{ADMIN_POLICY}")
    print(eks.list_associated_access_policies(clusterName="c", principalArn="{ADMIN}")["associatedAccessPolicies"])
""")
        self.assertEqual(out, [str([(ADMIN_POLICY, "namespace", ["a"])]), "[]"])

    def test_a_deleted_entry_is_not_found(self) -> None:
        out = run_patched(["eks_access_entries"], f"""
    _probe.cluster(session, "c")
    eks = session.client("eks")
    eks.create_access_entry(clusterName="c", principalArn="{ADMIN}")
    eks.delete_access_entry(clusterName="c", principalArn="{ADMIN}")
    try:
        eks.describe_access_entry(clusterName="c", principalArn="{ADMIN}")
    except eks.exceptions.ResourceNotFoundException as e:
        print(e.response["Error"]["Code"])
    print(eks.list_access_entries(clusterName="c")["accessEntries"])
""")
        self.assertEqual(out, ["ResourceNotFoundException", "[]"])


class PodIdentityAssociations(unittest.TestCase):
    def test_an_association_has_an_eks_shaped_id_inside_its_arn(self) -> None:
        out = run_patched(["eks_pod_identity_associations"], """
    _probe.cluster(session, "c")
    eks = session.client("eks")
    created = eks.create_pod_identity_association(clusterName="c", namespace="ns", serviceAccount="sa", roleArn=_probe.ROLE)["association"]
    found = eks.describe_pod_identity_association(clusterName="c", associationId=created["associationId"])["association"]
    print(created["associationArn"].endswith("/c/" + created["associationId"]), len(created["associationId"]), found["serviceAccount"], found["roleArn"], found["disableSessionTags"])
""")
        self.assertEqual(out, [f"True 19 sa {ROLE} False"])

    def test_a_second_association_for_one_service_account_is_refused(self) -> None:
        out = run_patched(["eks_pod_identity_associations"], """
    _probe.cluster(session, "c")
    eks = session.client("eks")
    eks.create_pod_identity_association(clusterName="c", namespace="ns", serviceAccount="sa", roleArn=_probe.ROLE)
    try:
        eks.create_pod_identity_association(clusterName="c", namespace="ns", serviceAccount="sa", roleArn=_probe.ROLE)
    except eks.exceptions.ResourceInUseException as e:
        print(e.response["Error"]["Code"])
""")
        self.assertEqual(out, ["ResourceInUseException"])

    def test_an_addons_associations_are_created_as_associations_and_go_with_the_addon(self) -> None:
        out = run_patched(["eks_addons", "eks_pod_identity_associations"], """
    _probe.cluster(session, "c")
    eks = session.client("eks")
    addon = eks.create_addon(clusterName="c", addonName="vpc-cni", podIdentityAssociations=[{"serviceAccount": "aws-node", "roleArn": _probe.ROLE}])["addon"]
    association_id = addon["podIdentityAssociations"][0].rsplit("/", 1)[-1]
    found = eks.describe_pod_identity_association(clusterName="c", associationId=association_id)["association"]
    print(found["namespace"], found["serviceAccount"])
    eks.delete_addon(clusterName="c", addonName="vpc-cni")
    print(eks.list_pod_identity_associations(clusterName="c")["associations"])
""")
        self.assertEqual(out, ["kube-system aws-node", "[]"])


class ClusterSecurityGroup(unittest.TestCase):
    def test_the_cluster_security_group_is_in_the_subnets_vpc_and_goes_with_the_cluster(self) -> None:
        out = run_patched(["eks_cluster_security_group"], """
    ec2 = session.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.9.0.0/24")["Subnet"]["SubnetId"]
    eks = session.client("eks")
    eks.create_cluster(name="c", roleArn=_probe.ROLE, resourcesVpcConfig={"subnetIds": [subnet]})
    group_id = eks.describe_cluster(name="c")["cluster"]["resourcesVpcConfig"]["clusterSecurityGroupId"]
    print(ec2.describe_security_groups(GroupIds=[group_id])["SecurityGroups"][0]["VpcId"] == vpc)
    eks.delete_cluster(name="c")
    print([g["GroupId"] for g in ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["SecurityGroups"] if g["GroupId"] == group_id])
""")
        self.assertEqual(out, ["True", "[]"])


class ElastiCache(unittest.TestCase):
    def test_a_group_has_num_cache_clusters_members_in_the_preferred_zones(self) -> None:
        out = run_patched(["elasticache_num_cache_clusters"], """
    group = session.client("elasticache").create_replication_group(
        ReplicationGroupId="g", ReplicationGroupDescription="d", CacheNodeType="cache.t4g.small", NumCacheClusters=2,
        PreferredCacheClusterAZs=["eu-central-1a", "eu-central-1b"],
    )["ReplicationGroup"]
    print(group["MemberClusters"], [m["PreferredAvailabilityZone"] for m in group["NodeGroups"][0]["NodeGroupMembers"]])
""")
        self.assertEqual(out, ["['g-001', 'g-002'] ['eu-central-1a', 'eu-central-1b']"])

    def test_member_clusters_exist_with_the_groups_settings_until_the_group_is_deleted(self) -> None:
        out = run_patched(["elasticache_num_cache_clusters", "elasticache_member_clusters"], """
    client = session.client("elasticache")
    group = client.create_replication_group(
        ReplicationGroupId="g", ReplicationGroupDescription="d", CacheNodeType="cache.t4g.small", Engine="redis",
        EngineVersion="7.1", NumCacheClusters=2, AtRestEncryptionEnabled=True, TransitEncryptionEnabled=True, SecurityGroupIds=["sg-1"],
    )["ReplicationGroup"]
    for member in group["MemberClusters"]:
        c = client.describe_cache_clusters(CacheClusterId=member)["CacheClusters"][0]
        print(member, c["ReplicationGroupId"], c["CacheNodeType"], c["EngineVersion"], c["AtRestEncryptionEnabled"], c["TransitEncryptionEnabled"], c["SecurityGroups"][0]["SecurityGroupId"])
    client.delete_replication_group(ReplicationGroupId="g")
    print([c["CacheClusterId"] for c in client.describe_cache_clusters()["CacheClusters"]])
""")
        self.assertEqual(out, ["g-001 g cache.t4g.small 7.1 True True sg-1", "g-002 g cache.t4g.small 7.1 True True sg-1", "[]"])

    def test_a_deleted_replication_group_is_not_found(self) -> None:
        out = run_patched(["elasticache_replication_group_delete"], """
    client = session.client("elasticache")
    client.create_replication_group(ReplicationGroupId="g", ReplicationGroupDescription="d", CacheNodeType="cache.t4g.small")
    print(client.delete_replication_group(ReplicationGroupId="g")["ReplicationGroup"]["Status"])
    try:
        client.describe_replication_groups(ReplicationGroupId="g")
    except client.exceptions.ReplicationGroupNotFoundFault as e:
        print(e.response["Error"]["Code"])
""")
        self.assertEqual(out, ["deleting", "ReplicationGroupNotFoundFault"])


    def test_an_unused_subnet_group_is_deleted_and_one_in_use_is_refused(self) -> None:
        out = run_patched(["elasticache_subnet_group_delete"], """
    ec2 = session.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.9.0.0/24")["Subnet"]["SubnetId"]
    client = session.client("elasticache")
    for name in ("used", "unused"):
        client.create_cache_subnet_group(CacheSubnetGroupName=name, CacheSubnetGroupDescription="d", SubnetIds=[subnet])
    client.create_replication_group(ReplicationGroupId="g", ReplicationGroupDescription="d", CacheNodeType="cache.t4g.small", CacheSubnetGroupName="used")
    client.delete_cache_subnet_group(CacheSubnetGroupName="unused")
    try:
        client.delete_cache_subnet_group(CacheSubnetGroupName="used")
    except client.exceptions.ClientError as e:
        print(e.response["Error"]["Code"])
    print([g["CacheSubnetGroupName"] for g in client.describe_cache_subnet_groups()["CacheSubnetGroups"]])
""")
        self.assertEqual(out, ["CacheSubnetGroupInUse", "['used']"])


class AutoScalingScheduledActions(unittest.TestCase):
    def test_two_groups_keep_their_own_action_of_one_name_until_each_is_deleted(self) -> None:
        out = run_patched(["autoscaling_scheduled_action_names"], """
    client = session.client("autoscaling")
    for group, size in (("a", 0), ("b", 1)):
        client.put_scheduled_update_group_action(AutoScalingGroupName=group, ScheduledActionName="scale-down", Recurrence="0 20 * * *", MinSize=size)
    for group in ("a", "b"):
        print(group, [a["MinSize"] for a in client.describe_scheduled_actions(AutoScalingGroupName=group)["ScheduledUpdateGroupActions"]])
    client.delete_scheduled_action(AutoScalingGroupName="a", ScheduledActionName="scale-down")
    print([a["AutoScalingGroupName"] for a in client.describe_scheduled_actions()["ScheduledUpdateGroupActions"]])
""")
        self.assertEqual(out, ["a [0]", "b [1]", "['b']"])


PRIMARY_AND_REPORT_REPLICA = """
    rds = session.client("rds")
    rds.create_db_instance(
        DBInstanceIdentifier="primary", DBInstanceClass="db.t4g.medium", Engine="postgres", MasterUsername="u",
        MasterUserPassword="password-1", AllocatedStorage=20, BackupRetentionPeriod={backups},
    )
    rds.create_db_instance_read_replica(DBInstanceIdentifier="report", SourceDBInstanceIdentifier="primary")"""


class Rds(unittest.TestCase):
    def test_performance_insights_are_kept_as_requested(self) -> None:
        out = run_patched(["rds_performance_insights"], """
    rds = session.client("rds")
    rds.create_db_instance(
        DBInstanceIdentifier="db", DBInstanceClass="db.t4g.medium", Engine="postgres", MasterUsername="u",
        MasterUserPassword="password-1", AllocatedStorage=20, EnablePerformanceInsights=True, PerformanceInsightsKMSKeyId="arn:aws:kms:eu-central-1:123456789012:key/k",
    )
    db = rds.describe_db_instances(DBInstanceIdentifier="db")["DBInstances"][0]
    print(db["PerformanceInsightsEnabled"], db["PerformanceInsightsKMSKeyId"], db["PerformanceInsightsRetentionPeriod"])
""")
        self.assertEqual(out, ["True arn:aws:kms:eu-central-1:123456789012:key/k 7"])

    def test_parameters_set_on_a_group_are_its_user_parameters(self) -> None:
        out = run_patched(["rds_parameter_source"], """
    rds = session.client("rds")
    rds.create_db_parameter_group(DBParameterGroupName="g", DBParameterGroupFamily="postgres17", Description="d")
    rds.modify_db_parameter_group(DBParameterGroupName="g", Parameters=[{"ParameterName": "rds.force_ssl", "ParameterValue": "1", "ApplyMethod": "immediate"}])
    print([(p["ParameterName"], p["ParameterValue"]) for p in rds.describe_db_parameters(DBParameterGroupName="g", Source="user")["Parameters"]])
""")
        self.assertEqual(out, ["[('rds.force_ssl', '1')]"])

    def test_a_read_replica_has_its_own_resource_id(self) -> None:
        out = run_patched(["rds_dbi_resource_id"], PRIMARY_AND_REPORT_REPLICA.format(backups=0) + """
    ids = {db["DBInstanceIdentifier"]: db["DbiResourceId"] for db in rds.describe_db_instances()["DBInstances"]}
    found = rds.describe_db_instances(Filters=[{"Name": "dbi-resource-id", "Values": [ids["report"]]}])["DBInstances"]
    print(ids["primary"] != ids["report"], [db["DBInstanceIdentifier"] for db in found])
""")
        self.assertEqual(out, ["True ['report']"])

    def test_a_read_replica_starts_without_the_primarys_backups(self) -> None:
        out = run_patched(["rds_replica_backup_retention"], PRIMARY_AND_REPORT_REPLICA.format(backups=30) + """
    print({db["DBInstanceIdentifier"]: db["BackupRetentionPeriod"] for db in rds.describe_db_instances()["DBInstances"]})
""")
        self.assertEqual(out, ["{'primary': 30, 'report': 0}"])


class EksClusterConfig(unittest.TestCase):
    def test_a_protected_cluster_is_refused_deletion_until_protection_is_turned_off(self) -> None:
        out = run_patched(["eks_addons", "eks_deletion_protection", "eks_update_cluster_config_update"], """
    eks = session.client("eks")
    _probe.cluster(session, "c", deletionProtection=True)
    try:
        eks.delete_cluster(name="c")
    except eks.exceptions.InvalidRequestException as e:
        print(e.response["Error"]["Code"])
    update = eks.update_cluster_config(name="c", deletionProtection=False)["update"]
    print(eks.describe_update(name="c", updateId=update["id"])["update"]["status"], eks.describe_cluster(name="c")["cluster"]["deletionProtection"])
    eks.delete_cluster(name="c")
    print(eks.list_clusters()["clusters"])
""")
        self.assertEqual(out, ["InvalidRequestException", "Successful False", "[]"])


class S3(unittest.TestCase):
    def test_a_bucket_keeps_the_tags_of_its_create_request(self) -> None:
        out = run_patched(["s3_create_bucket_tags"], """
    s3 = session.client("s3")
    s3.create_bucket(Bucket="tagged-bucket", CreateBucketConfiguration={"LocationConstraint": session.region_name, "Tags": [{"Key": "team", "Value": "platform"}]})
    print(s3.get_bucket_tagging(Bucket="tagged-bucket")["TagSet"])
""")
        self.assertEqual(out, ["[{'Key': 'team', 'Value': 'platform'}]"])


class Ec2(unittest.TestCase):
    def test_a_rule_referencing_a_group_keeps_its_description(self) -> None:
        out = run_patched(["ec2_security_group_rule_description"], """
    ec2 = session.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    a = ec2.create_security_group(GroupName="a", Description="d", VpcId=vpc)["GroupId"]
    b = ec2.create_security_group(GroupName="b", Description="d", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=a, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 6379, "ToPort": 6379, "UserIdGroupPairs": [{"GroupId": b, "Description": "cache from nodes"}]}])
    rules = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [a]}])["SecurityGroupRules"]
    print([(r["ReferencedGroupInfo"]["GroupId"] == b, r["Description"]) for r in rules if not r["IsEgress"]])
""")
        self.assertEqual(out, ["[(True, 'cache from nodes')]"])


ROLE = _probe.ROLE

if __name__ == "__main__":
    unittest.main()

"""One module per moto gap. Each module's docstring starts with one line naming the gap, and the module has:

  gap_present(session) -> bool
                          asks STOCK moto whether the gap is still there, through the boto3 `session` of
                          _probe.mocked() (moto's in-process mock); call it before any patch is applied.
  apply() -> None         patches moto's classes in this process, before the server serves.

Keep every patch minimal and about one gap, so that a moto upgrade that fixes it shows up.
"""
from . import (
    ec2_launch_template_tags,
    eks_access_config,
    eks_addons,
    eks_nodegroup_remote_access,
    eks_nodegroup_update_config,
    eks_upgrade_policy,
)

PATCHES = [
    eks_addons,
    eks_access_config,
    eks_upgrade_policy,
    eks_nodegroup_remote_access,
    eks_nodegroup_update_config,
    ec2_launch_template_tags,
]

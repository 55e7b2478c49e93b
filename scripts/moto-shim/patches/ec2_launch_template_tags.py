"""moto copies a launch template's own tags into its launch template data (TagSpecifications "launch-template").

CreateLaunchTemplate's top-level TagSpecifications tag the template itself; moto also appends them to the
template data, where EC2 never accepts the "launch-template" resource type. The aws provider then reads an
extra tag_specifications block and plans an update (and a new template version) forever. The patch removes
that copy from the first version's data; the template's own tags are untouched.
"""
from typing import Any

from . import _probe

TAGS = [{"ResourceType": "launch-template", "Tags": [{"Key": "probe", "Value": "yes"}]}]


def gap_present(session: Any) -> bool:
    template = _probe.launch_template(session, "ec2-launch-template-tags", TagSpecifications=TAGS)
    versions = session.client("ec2").describe_launch_template_versions(LaunchTemplateId=template)
    data = versions["LaunchTemplateVersions"][0]["LaunchTemplateData"]
    return any(s.get("ResourceType") == "launch-template" for s in data.get("TagSpecifications", []))


def apply() -> None:
    from moto.ec2.responses.launch_templates import LaunchTemplates

    create_launch_template = LaunchTemplates.create_launch_template

    def create_without_copied_tags(self: LaunchTemplates):  # type: ignore[no-untyped-def]
        result = create_launch_template(self)
        template = self.ec2_backend.get_launch_template_by_name(self._get_param("LaunchTemplateName"))
        data = template.versions[0].data
        specs = [s for s in data.get("TagSpecifications", []) if s.get("ResourceType") != "launch-template"]
        if specs:
            data["TagSpecifications"] = specs
        else:
            data.pop("TagSpecifications", None)
        return result

    LaunchTemplates.create_launch_template = create_without_copied_tags

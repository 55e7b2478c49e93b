"""moto keys Auto Scaling scheduled actions by name alone: an action of one group replaces the same-named action of another group.

On AWS a scheduled action's name is unique per Auto Scaling group. The stacks give every node group's group
a "scale-down" and a "scale-up" action, so with moto only the last group's pair survives and the aws
provider finds the others gone ("empty result"). The patch keys actions by (group, name).
"""
from typing import Any

GROUPS = ("autoscaling-action-names-a", "autoscaling-action-names-b")


def gap_present(session: Any) -> bool:
    client = session.client("autoscaling")
    for group in GROUPS:
        client.put_scheduled_update_group_action(AutoScalingGroupName=group, ScheduledActionName="probe", Recurrence="0 20 * * *", MinSize=0)
    return not client.describe_scheduled_actions(AutoScalingGroupName=GROUPS[0])["ScheduledUpdateGroupActions"]


def apply() -> None:
    from moto.autoscaling.exceptions import ValidationError
    from moto.autoscaling.models import AutoScalingBackend

    put = AutoScalingBackend.put_scheduled_update_group_action

    def put_per_group(self: AutoScalingBackend, name: str, *args: Any, **kwargs: Any) -> Any:
        action = put(self, name, *args, **kwargs)
        self.scheduled_actions.pop(action.scheduled_action_name, None)
        self.scheduled_actions[(name, action.scheduled_action_name)] = action
        return action

    def delete_per_group(self: AutoScalingBackend, auto_scaling_group_name: str, scheduled_action_name: str) -> None:
        if self.scheduled_actions.pop((auto_scaling_group_name, scheduled_action_name), None) is None:
            raise ValidationError("Scheduled action name not found")

    AutoScalingBackend.put_scheduled_update_group_action = put_per_group
    AutoScalingBackend.delete_scheduled_action = delete_per_group

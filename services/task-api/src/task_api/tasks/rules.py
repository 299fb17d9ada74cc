"""The rules of tasks that settings decide: the reminder cadence, time zone, active-task cap."""

from dataclasses import dataclass

from task_api.config import Settings
from task_api.tasks.record import Owner
from task_api.users.defaults import NewPeople
from todo_shared.schedule import Recipient, ReminderSchedule


@dataclass(frozen=True)
class TaskRules:
    """The settings that decide a task's reminders and how its moments are read."""

    schedule: ReminderSchedule
    default_timezone: str
    max_active_tasks: int
    new_people: NewPeople

    @classmethod
    def from_settings(cls, settings: Settings) -> "TaskRules":
        """The rules these settings describe."""
        return cls(
            settings.reminder_schedule(),
            settings.default_timezone,
            settings.max_active_tasks_per_user,
            NewPeople.from_settings(settings),
        )

    def zone_of(self, owner: Owner) -> str:
        """The time zone the owner's wall-clock moments are read in."""
        return owner.timezone or self.default_timezone

    def recipient(self, owner: Owner) -> Recipient | None:
        """What the reminder policy reads of the owner; None while reminders cannot reach them."""
        if not owner.can_be_reminded:
            return None
        return Recipient(
            timezone=self.zone_of(owner),
            quiet_hours=owner.quiet_hours,
            remind_before=owner.remind_before or (),
        )

"""The rules of tasks that settings decide: the reminder cadence, time zone, active-task cap."""

from dataclasses import dataclass

from task_api.config import Settings
from todo_shared.schedule import ReminderSchedule


@dataclass(frozen=True)
class TaskRules:
    """The settings that decide a task's reminders and how its moments are read."""

    schedule: ReminderSchedule
    default_timezone: str
    max_active_tasks: int

    @classmethod
    def from_settings(cls, settings: Settings) -> "TaskRules":
        """The rules these settings describe."""
        return cls(
            settings.reminder_schedule(),
            settings.default_timezone,
            settings.max_active_tasks_per_user,
        )

"""task-api's settings, read once at start-up from the environment."""

from datetime import timedelta

from pydantic import Field

from todo_shared.enums import Urgency
from todo_shared.schedule import Cadence, ReminderSchedule
from todo_shared.settings import ServiceSettings
from todo_shared.timezones import TimeZoneName


class Settings(ServiceSettings):
    """Everything task-api can be told; each field is read from the variable of its name."""

    database_url: str = Field(
        "postgresql+asyncpg://postgres@127.0.0.1:5432/todo",
        description="SQLAlchemy URL of the PostgreSQL database (postgresql+asyncpg://...).",
    )
    amqp_url: str = Field(
        "amqp://guest:guest@127.0.0.1:5672/", description="RabbitMQ, for task events."
    )
    database_pool_size: int = Field(10, ge=1, description="Connections kept open per process.")
    database_timeout_seconds: float = Field(
        5.0, gt=0, description="How long a request waits for the database before answering 503."
    )
    workers: int = Field(1, ge=1, description="Processes `python -m task_api` starts.")
    default_timezone: TimeZoneName = Field(
        "Europe/Moscow", description="Reads moments without an offset for users with no zone."
    )
    remind_not_urgent_first: timedelta = Field(timedelta(hours=24))
    remind_not_urgent_every: timedelta = Field(timedelta(hours=24))
    remind_urgent_first: timedelta = Field(timedelta(hours=12))
    remind_urgent_every: timedelta = Field(timedelta(hours=10))
    remind_very_urgent_first: timedelta = Field(timedelta(hours=3))
    remind_very_urgent_every: timedelta = Field(timedelta(hours=5))

    def reminder_schedule(self) -> ReminderSchedule:
        """The reminder cadence of each urgency, as these settings give it."""
        return {
            Urgency.NOT_URGENT: Cadence(self.remind_not_urgent_first, self.remind_not_urgent_every),
            Urgency.URGENT: Cadence(self.remind_urgent_first, self.remind_urgent_every),
            Urgency.VERY_URGENT: Cadence(
                self.remind_very_urgent_first, self.remind_very_urgent_every
            ),
        }

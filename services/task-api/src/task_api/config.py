"""task-api's settings, read once at start-up from the environment."""

from datetime import timedelta
from pathlib import Path

from pydantic import Field, SecretStr, field_validator

from task_api.service_names import ServiceName
from todo_shared.enums import Urgency
from todo_shared.i18n import Language
from todo_shared.mail import MailSettings
from todo_shared.quiet_hours import QuietHours, parse_quiet_hours
from todo_shared.schedule import DEFAULT_SCHEDULE, Cadence, ReminderSchedule
from todo_shared.settings import Duration, Secret, ServiceSettings
from todo_shared.timezones import TimeZoneName


class DatabaseSettings(ServiceSettings):
    """Where the database is and how it is used: all that migrating the schema needs."""

    database_url: str = Field(
        "postgresql+asyncpg://postgres@127.0.0.1:5432/todo",
        description="SQLAlchemy URL of the PostgreSQL database (postgresql+asyncpg://...).",
    )
    database_pool_size: int = Field(10, ge=1, description="Connections kept open per process.")
    database_timeout_seconds: float = Field(
        5.0, gt=0, description="How long a request waits for the database before answering 503."
    )


class AdminSettings(DatabaseSettings):
    """What making an admin needs: the database and the rules of passwords, no token secret."""

    password_min_length: int = Field(10, ge=8, description="Shortest password accepted.")
    password_hash_time_cost: int = Field(3, ge=1, description="argon2id passes.")
    password_hash_memory_kib: int = Field(65536, ge=1024, description="argon2id memory, KiB.")
    default_quiet_hours: str = Field(
        "22:00-08:00",
        description="The quiet hours each new person starts with, on their own clock "
        '(e.g. 22:00-08:00); "off" for none. People change or remove their own.',
    )

    @field_validator("default_quiet_hours")
    @classmethod
    def _quiet_hours(cls, text: str) -> str:
        parse_quiet_hours(text)
        return text

    default_language: Language = Field(
        "en",
        description="The language of a new account that names none: not in its sign-up, its "
        "Accept-Language, nor (for a chat's own account) Telegram's language_code.",
    )

    def quiet_hours_for_new_people(self) -> QuietHours | None:
        """The quiet hours a new account starts with."""
        return parse_quiet_hours(self.default_quiet_hours)


class Settings(AdminSettings, MailSettings):
    """Everything task-api can be told; each field is read from the variable of its name."""

    amqp_url: str = Field(
        "amqp://guest:guest@127.0.0.1:5672/", description="RabbitMQ, for task events."
    )
    workers: int = Field(1, ge=1, description="Processes `python -m task_api` starts.")
    default_timezone: TimeZoneName = Field(
        "Europe/Moscow", description="Reads moments without an offset for users with no zone."
    )
    jwt_secret: Secret = Field(
        description="Signs access tokens; at least 32 characters (openssl rand -hex 32)."
    )
    jwt_issuer: str = Field("todo-nudge", description="The `iss` of access tokens, checked.")
    access_token_ttl: Duration = Field(timedelta(minutes=15), description="Access token life.")
    refresh_token_ttl: Duration = Field(timedelta(days=30), description="Refresh token life.")
    service_tokens: dict[ServiceName, Secret] = Field(
        default_factory=dict,
        description='The services\' secrets, JSON: {"notifier": "...", "telegram-bot": "..."}.',
    )
    login_failures_per_minute: int = Field(
        5, ge=1, description="Failed sign-ins a username gets a minute."
    )
    login_failures_per_address_per_minute: int = Field(
        100,
        ge=1,
        description="Failed sign-ins a client address gets a minute, whatever the usernames "
        "(an office or a NAT may share one).",
    )
    max_active_tasks_per_user: int = Field(
        0, ge=0, description="Tasks not done that a user may have; 0 means no limit."
    )
    outbox_retention: Duration = Field(
        timedelta(days=7), description="How long published events are kept before deletion."
    )
    relay_batch_size: int = Field(500, ge=1, le=10_000, description="Events published at once.")
    relay_poll_seconds: float = Field(
        0.25,
        gt=0,
        description="How often the relay looks for events committed by other API processes.",
    )
    import_source_url: str = Field(
        "https://jsonplaceholder.typicode.com/todos", description="Where the importer fetches."
    )
    import_interval_seconds: float = Field(
        300, ge=0, description="Seconds between imports; 0 turns the periodic import off."
    )
    import_timeout_seconds: float = Field(10, gt=0, description="How long the source may take.")
    import_max_bytes: int = Field(10_000_000, ge=1, description="The largest answer accepted.")
    file_dead_letters: bool = Field(
        True,
        description="Consume notifications.dead into PostgreSQL, for admins to read and send "
        "again; false leaves the queue to something else.",
    )
    web_dist: Path | None = Field(
        None,
        description="The built web app (services/web/dist) to serve at / beside the API; "
        "unset: none served.",
    )
    ws_queue_size: int = Field(
        100, ge=1, description="Events a WebSocket client may fall behind before it is dropped."
    )
    ws_max_message_bytes: int = Field(
        65_536, ge=1024, description="The largest message a WebSocket client may send."
    )
    max_body_bytes: int = Field(
        1_048_576, ge=1024, description="The largest request body taken; a larger one gets 413."
    )
    relay_linger_seconds: float = Field(
        0.02,
        ge=0,
        description="How long the relay waits, once woken, for more events to publish together.",
    )
    telegram_link_ttl: Duration = Field(timedelta(minutes=10), description="Link code life.")
    telegram_bot_username: str | None = Field(
        None, description="The bot's username, for t.me deep links in link codes."
    )
    public_url: str = Field(
        "http://127.0.0.1:8000", description="Where people reach task-api, for links in mail."
    )
    email_code_ttl: Duration = Field(
        timedelta(minutes=30), description="How long an email verification code and link work."
    )
    email_action_ttl: Duration = Field(
        timedelta(days=7),
        description="How long the Done and Snooze links of a reminder mail work (they act "
        "without signing in, on that task only).",
    )
    email_unsubscribe_ttl: Duration = Field(
        timedelta(days=90),
        description="How long the Unsubscribe link of a reminder mail (and its List-Unsubscribe "
        "header) works: longer, since people unsubscribe from old mail.",
    )
    email_code_attempts: int = Field(
        5, ge=1, description="Wrong codes tried before a verification code stops working."
    )
    email_code_interval: Duration = Field(
        timedelta(minutes=1),
        description="The least time between two verification mails of one person, so that "
        "nobody can flood an inbox by asking again and again.",
    )
    remind_not_urgent_first: Duration = Field(DEFAULT_SCHEDULE[Urgency.NOT_URGENT].first)
    remind_not_urgent_every: Duration = Field(DEFAULT_SCHEDULE[Urgency.NOT_URGENT].every)
    remind_urgent_first: Duration = Field(DEFAULT_SCHEDULE[Urgency.URGENT].first)
    remind_urgent_every: Duration = Field(DEFAULT_SCHEDULE[Urgency.URGENT].every)
    remind_very_urgent_first: Duration = Field(DEFAULT_SCHEDULE[Urgency.VERY_URGENT].first)
    remind_very_urgent_every: Duration = Field(DEFAULT_SCHEDULE[Urgency.VERY_URGENT].every)

    @field_validator("web_dist")
    @classmethod
    def _a_built_web_app(cls, dist: Path | None) -> Path | None:
        if dist is None:
            return None
        if not dist.is_dir():
            raise ValueError(f"{dist} is not a directory: build the web app (npm run build)")
        if not (dist / "index.html").is_file():
            raise ValueError(f"{dist} holds no index.html: build the web app (npm run build)")
        return dist

    @field_validator("service_tokens")
    @classmethod
    def _secrets_are_distinct(cls, tokens: dict[ServiceName, SecretStr]) -> dict:
        values = [token.get_secret_value() for token in tokens.values()]
        if len(set(values)) != len(values):
            raise ValueError("each service needs a secret of its own")
        return tokens

    def reminder_schedule(self) -> ReminderSchedule:
        """The reminder cadence of each urgency, as these settings give it."""
        return {
            Urgency.NOT_URGENT: Cadence(self.remind_not_urgent_first, self.remind_not_urgent_every),
            Urgency.URGENT: Cadence(self.remind_urgent_first, self.remind_urgent_every),
            Urgency.VERY_URGENT: Cadence(
                self.remind_very_urgent_first, self.remind_very_urgent_every
            ),
        }

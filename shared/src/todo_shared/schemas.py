"""The users and tasks that cross the wire between task-api and its clients."""

from datetime import date, datetime, time, timedelta
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from todo_shared.enums import Channel, Role, TaskStatus, Urgency
from todo_shared.i18n import Language, Text
from todo_shared.quiet_hours import QuietHours
from todo_shared.recurrence import RecurrenceRule
from todo_shared.timezones import TimeZoneName


def _without_nul(text: str) -> str:
    if "\x00" in text:
        raise ValueError(Text("must not contain the NUL character (\\u0000)"))
    return text


Storable = AfterValidator(_without_nul)
"""For text that reaches PostgreSQL, which takes any Unicode character but NUL."""

MAX_ID = 2**63 - 1
Id = Annotated[int, Field(gt=0, le=MAX_ID)]
ChatId = Annotated[int, Field(ge=-(2**63), le=MAX_ID, description="A Telegram chat id.")]
ACT_FOR_CHAT_HEADER = "X-Telegram-Chat-Id"
"""With the bot's secret, acts for the user that this chat is linked to, with their rights."""
Title = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500), Storable
]
Description = Annotated[str, StringConstraints(max_length=10_000), Storable]
Username = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=64, pattern=r"^[\w.@+-]+$"),
]
Email = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True,
        max_length=254,
        # No control character: SMTP refuses them in an address (they could inject commands).
        pattern=r"^[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+$",
    ),
    Storable,
]


Item = TypeVar("Item")


class RequestModel(BaseModel):
    """What a client sends: an unknown field is refused rather than silently ignored."""

    model_config = ConfigDict(extra="forbid")


class ResponseModel(BaseModel):
    """What the API answers: unknown fields are ignored, so clients survive additions."""

    model_config = ConfigDict(from_attributes=True)


class UserRef(ResponseModel):
    """The owner of a task, as embedded in it."""

    id: int
    username: str


class UserCreate(RequestModel):
    """A new user."""

    username: Username
    email: Email | None = None
    telegram_chat_id: ChatId | None = None
    timezone: TimeZoneName | None = Field(
        None, description="IANA name; unset means the service's default time zone."
    )
    language: Language | None = Field(None, description="Unset: the service's default.")


class QuietHoursSetting(BaseModel):
    """A person's quiet hours, on their own clock: no reminder comes from `start` to `end`."""

    model_config = ConfigDict(extra="forbid", from_attributes=True)

    start: time = Field(description="When they start, e.g. 22:00 (wall clock, no offset).")
    end: time = Field(description="When they end, e.g. 08:00; before `start`: the next day.")
    let_very_urgent_through: bool = Field(
        False, description="True: reminders of very urgent tasks come all the same."
    )

    @model_validator(mode="after")
    def _a_span_on_the_wall_clock(self) -> "QuietHoursSetting":
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError(Text("quiet hours are wall-clock times, without an offset"))
        self.rule()  # refuses what quiet hours cannot be, as the policy does
        return self

    def rule(self) -> QuietHours:
        """These quiet hours as the reminder policy reads them."""
        return QuietHours(self.start, self.end, self.let_very_urgent_through)


RemindBefore = Annotated[
    list[Annotated[timedelta, Field(ge=timedelta(0), le=timedelta(days=366))]],
    Field(
        max_length=10,
        description="How long before a task is due to remind of it (ISO 8601 like P1D and PT1H, "
        "or seconds); at most 10, each from 0 (at the due moment) to 366 days.",
    ),
]


Channels = Annotated[
    list[Channel],
    AfterValidator(lambda channels: sorted(set(channels))),
    Field(
        max_length=len(Channel),
        description="Where reminders go: telegram (the linked chat), email (the verified "
        "address), both, or none ([]). A channel counts only while it can be reached.",
    ),
]


class UserUpdate(RequestModel):
    """The fields of a user that can be changed; omitted fields stay as they are."""

    email: Email | None = None
    timezone: TimeZoneName | None = None
    language: Language | None = None
    quiet_hours: QuietHoursSetting | None = Field(
        None, description="No reminders during these hours of the night; null: none at all."
    )
    remind_before: RemindBefore | None = Field(
        None, description="The reminders before each of your tasks is due, unless it says."
    )
    channels: Channels | None = None
    telegram_chat_id: ChatId | None = Field(
        None, description="Admins only; people link a chat by redeeming a link code in the bot."
    )
    role: Role | None = Field(None, description="Admins only.")

    @field_validator("language", "channels")
    @classmethod
    def _never_null(cls, value: object) -> object:
        # Validators run only on given values, so this refuses an explicit null.
        if value is None:
            raise ValueError(Text("cannot be null; omit the field to keep it as it is"))
        return value


class UserPublic(ResponseModel):
    """A user as the API returns it."""

    id: int
    username: str
    email: str | None
    # A default, so that a client reads the answers of a task-api from before verification.
    email_verified: bool = Field(
        False, description="The person showed the address is theirs: only then is it mailed."
    )
    email_unreachable: bool = Field(
        False,
        description="Mail to the address bounced (no such mailbox): no reminders by email "
        "until it is verified again.",
    )
    telegram_chat_id: int | None
    telegram_unreachable: bool = Field(
        description="The chat blocked the bot: no reminders until it starts the bot again."
    )
    timezone: str | None
    # A default, so that a client reads the answers of a task-api from before languages.
    language: str = Field("en", description="The language the person reads: ru or en.")
    quiet_hours: QuietHoursSetting | None = Field(
        None, description="No reminders during these hours; null: none."
    )
    remind_before: list[timedelta] = Field(
        default_factory=list, description="The reminders before each task is due, by default."
    )
    # A default, so that a client reads the answers of a task-api from before channels.
    channels: list[Channel] = Field(
        [Channel.TELEGRAM],
        description="Where reminders go: telegram, email, both or none; each only while it can "
        "be reached (a linked chat; a verified address).",
    )
    role: Role
    created_at: datetime


class EmailCode(RequestModel):
    """The code mailed to a person's address, which verifies it."""

    code: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\d{6}$")] = Field(
        description="The six digits of the mail.", examples=["042917"]
    )


class UnreachableAddress(RequestModel):
    """An address that mail bounced from for good; only the user's current one is marked."""

    email: Email


class VerificationSent(ResponseModel):
    """A code and a link are on their way to this address."""

    email: str
    expires_at: datetime = Field(description="When the code and the link stop working.")


MIN_REMIND_EVERY = timedelta(minutes=15)
RemindEvery = Annotated[
    timedelta,
    Field(
        ge=MIN_REMIND_EVERY,
        le=timedelta(days=366),
        description=(
            "The task's own interval between reminders (ISO 8601 like PT2H, or seconds), in place "
            "of its urgency's: 15 minutes at least, so that no chat can be flooded. Null: the "
            "urgency's cadence."
        ),
    ),
]
CadenceOff = Annotated[
    bool,
    Field(
        description="True: no cadence at all, only `remind_at` and snoozes remind (don't remind "
        "me)."
    ),
]


def _a_year_of_the_calendar(due: date) -> date:
    # Reminders are counted before and after it, and repeats from it: far years overflow.
    if not MIN_DUE_YEAR <= due.year <= MAX_DUE_YEAR:
        raise ValueError(
            Text(
                "must be between the years {first} and {last}",
                first=MIN_DUE_YEAR,
                last=MAX_DUE_YEAR,
            )
        )
    return due


MIN_DUE_YEAR, MAX_DUE_YEAR = 1970, 9000
DueAt = Annotated[
    date | datetime,
    AfterValidator(_a_year_of_the_calendar),
    Field(
        description="When the task is due: a date (due by the end of that day) or a moment; "
        "without an offset both are read in the user's time zone. Past it, reminders say it "
        "is overdue and come at the next urgency's interval."
    ),
]
TaskRemindBefore = Annotated[
    RemindBefore,
    Field(description="This task's reminders before it is due; null: its owner's default."),
]


class TaskReplace(RequestModel):
    """The editable fields of a task, all given at once (PUT)."""

    title: Title
    description: Description | None = None
    urgency: Urgency = Urgency.NOT_URGENT
    status: TaskStatus = TaskStatus.NEW
    remind_at: datetime | None = Field(
        None,
        description="A one-off reminder; without an offset it is read in the user's time zone.",
    )
    remind_every: RemindEvery | None = None
    cadence_off: CadenceOff = False
    due_at: DueAt | None = None
    remind_before: TaskRemindBefore | None = None
    recurrence: RecurrenceRule | None = None


class TaskCreate(TaskReplace):
    """A new task; it is the caller's own, unless an admin names another `user_id`."""

    user_id: Id | None = None


class TaskUpdate(RequestModel):
    """Any subset of a task's fields (PATCH); `completed: true` means `status: done`."""

    title: Title | None = None
    description: Description | None = None
    status: TaskStatus | None = None
    completed: bool | None = None
    urgency: Urgency | None = None
    remind_at: datetime | None = None
    remind_every: RemindEvery | None = None
    cadence_off: CadenceOff | None = None
    due_at: DueAt | None = None
    remind_before: TaskRemindBefore | None = None
    recurrence: RecurrenceRule | None = None
    snoozed_until: datetime | None = Field(
        None,
        description=(
            "The next reminder's moment: none comes before it, one comes at it (even if the "
            "cadence would have come later), then the cadence goes on from that reminder."
        ),
    )
    last_notification: datetime | None = None

    @field_validator("title", "status", "completed", "urgency", "cadence_off")
    @classmethod
    def _refuse_null(cls, value: object) -> object:
        # Validators run only on given values, so this refuses an explicit null, not an omission.
        if value is None:
            raise ValueError(Text("cannot be null; omit the field to leave it as it is"))
        return value


class TaskPublic(ResponseModel):
    """A task as the API returns it."""

    id: int
    title: str
    description: str | None
    status: TaskStatus
    completed: bool
    urgency: Urgency
    user_id: int
    user: UserRef
    assignee_id: int | None
    created_at: datetime
    updated_at: datetime
    started_at: datetime | None
    completed_at: datetime | None
    time_spent_seconds: int
    remind_at: datetime | None
    # Defaults, so that a client reads the answers of a task-api from before these fields.
    remind_every: timedelta | None = None
    cadence_off: bool = False
    due_at: datetime | None = Field(None, description="When the task is due (overdue after).")
    due_date: date | None = Field(
        None, description="The day it is due, when it was given as a date; else null."
    )
    remind_before: list[timedelta] | None = None
    recurrence: str | None = Field(None, description="How it repeats: an RFC 5545 RRULE.")
    snoozed_until: datetime | None
    last_notification: datetime | None
    next_notification_at: datetime | None


class TaskCompletionPublic(ResponseModel):
    """One time a task was done: for a repeating task, one occurrence."""

    completed_at: datetime
    completed_by: int | None = Field(description="Who marked it done, while they exist.")
    due_at: datetime | None = Field(description="When that occurrence was due.")
    due_date: date | None
    time_spent_seconds: int


class Page(ResponseModel, Generic[Item]):
    """One page of a list and the number of items the whole list holds."""

    items: list[Item]
    total: int
    skip: int
    limit: int


TaskSort = Literal["id", "due_at", "-due_at"]


class TaskQuery(RequestModel):
    """The filters and the page of `GET /api/v1/tasks`."""

    task_id: list[Id] | None = Field(
        None, max_length=1000, description="Only these tasks (repeat it for several)."
    )
    user_id: Id | None = None
    status: list[TaskStatus] | None = Field(
        None, max_length=3, description="Only tasks with these statuses (repeat it for several)."
    )
    urgency: Urgency | None = None
    has_due_date: bool | None = Field(
        None, description="true: only tasks with a due date; false: only those without."
    )
    due_before: AwareDatetime | None = Field(None, description="Only tasks due before this.")
    due_after: AwareDatetime | None = Field(None, description="Only tasks due at or after this.")
    sort: TaskSort = Field(
        "id",
        description="id: oldest first; due_at: soonest due first; -due_at: latest due first "
        "(tasks without a due date last, either way).",
    )
    skip: int = Field(0, ge=0, le=MAX_ID, description="How many matching tasks to pass over.")
    limit: int = Field(100, ge=1, le=1000, description="How many tasks to answer at most.")


class PageQuery(RequestModel):
    """Which page of a list to answer."""

    skip: int = Field(0, ge=0, le=MAX_ID, description="How many items to pass over.")
    limit: int = Field(100, ge=1, le=1000, description="How many items to answer at most.")


class UserQuery(RequestModel):
    """The filters and the page of `GET /api/v1/users`."""

    telegram_chat_id: ChatId | None = None
    telegram_unreachable: bool | None = Field(
        None, description="Only users whose chat blocked the bot (true), or the others (false)."
    )
    email_unreachable: bool | None = Field(
        None, description="Only users whose address bounced (true), or the others (false)."
    )
    role: Role | None = None
    q: Annotated[str, Storable] | None = Field(
        None,
        min_length=1,
        max_length=64,
        description="Only users whose username contains this, whatever its case.",
    )
    skip: int = Field(0, ge=0, le=MAX_ID)
    limit: int = Field(100, ge=1, le=1000)


class ClaimRequest(RequestModel):
    """Ask for up to `limit` due reminders, each leased to the caller for `lease_seconds`."""

    limit: int = Field(100, ge=1, le=1000)
    lease_seconds: int = Field(
        300,
        ge=1,
        le=86_400,
        description="No other claim returns the task until this runs out, or the reminder is "
        "recorded (POST /notifications/sent, or a PATCH of last_notification) or handed "
        "back (POST /notifications/unsent).",
    )


class EmailDelivery(ResponseModel):
    """Where a reminder by email goes, and its links, each signed for this task and action."""

    address: str
    done_url: str = Field(description="A page that marks the task done, without signing in.")
    snooze_url: str = Field(description="A page that snoozes the task an hour.")
    unsubscribe_url: str = Field(
        description="Turns reminders by email off (RFC 8058 one-click POST, or a page)."
    )


class DueReminder(ResponseModel):
    """A task whose reminder is due: what the reminder says, where it goes, when it fell due.

    It goes to each channel given: the chat, when Telegram is one of its person's channels and
    the chat has not blocked the bot; the address, when email is one and it is verified."""

    task_id: int
    user_id: int
    telegram_chat_id: int | None
    email: EmailDelivery | None = None
    title: str
    urgency: Urgency
    created_at: datetime
    remind_at: datetime | None = Field(description="Set when this is a one-off reminder's moment.")
    due_at: datetime
    task_due_at: datetime | None = Field(
        None, description="When the task itself is due, so the reminder can say how soon."
    )
    language: str = Field("en", description="The language its person reads.")


class ClaimedReminders(ResponseModel):
    """The reminders a claim leased, earliest due first; empty when nothing is due."""

    items: list[DueReminder]
    next_due_at: datetime | None = Field(
        description="When the next reminder not returned falls due (a leased one: when its "
        "lease runs out), so the claimer can sleep until then; in the past when more are due "
        "than `limit`; null when none is scheduled.",
    )


class SentReminder(RequestModel):
    """A reminder of a task that went out, and when."""

    task_id: Id
    sent_at: AwareDatetime = Field(description="Becomes the task's `last_notification`.")


class RecordRemindersRequest(RequestModel):
    """Reminders sent, to record as PATCHing each task's `last_notification` would."""

    reminders: list[SentReminder] = Field(min_length=1, max_length=1000)


class UnsentReminder(RequestModel):
    """A reminder of a task that the notifier did not send."""

    task_id: Id
    due_at: AwareDatetime = Field(description="The moment it fell due, as its claim said.")
    given_up: bool = Field(
        False,
        description="True when the notifier gave up on it for good (Telegram refused it, or "
        "every attempt failed): it is not offered again for this moment. False when it was "
        "skipped (the task no longer due, the chat unreachable).",
    )


class HandBackRemindersRequest(RequestModel):
    """Reminders not sent, whose tasks go back to task-api at once."""

    reminders: list[UnsentReminder] = Field(min_length=1, max_length=1000)


class RecordedReminders(ResponseModel):
    """Which tasks had their reminder recorded (or handed back), and which no longer exist."""

    recorded: list[int]
    not_found: list[int]


class DeadLetterQuery(RequestModel):
    """The filter and the page of `GET /api/v1/admin/dead-letters`."""

    queue: str | None = Field(
        None, max_length=255, description="Only the letters that came from this queue."
    )
    skip: int = Field(0, ge=0, le=MAX_ID, description="How many letters to pass over.")
    limit: int = Field(100, ge=1, le=1000, description="How many letters to answer at most.")


class DeadLetterPublic(ResponseModel):
    """A message the notifier gave up on (`notifications.dead`), as task-api filed it."""

    id: int
    message_id: str | None
    queue: str | None = Field(
        description="The queue it came from (and goes back to when sent again); null: unknown."
    )
    reason: str | None = Field(
        description="Why it was given up on: the worker's reason, or RabbitMQ's "
        "(`delivery_limit`, ...); null: none given."
    )
    attempts: int | None = Field(description="Failed sends before it was given up on.")
    dead_lettered_at: datetime
    task_id: int | None = Field(description="The task it reminds of, when it is a reminder.")
    user_id: int | None = Field(description="Whose task that is, when it is a reminder.")
    body: str = Field(description="The message's body as text (bytes that are not UTF-8 as �).")

    @field_validator("body", mode="before")
    @classmethod
    def _as_text(cls, body: object) -> object:
        return body.decode(errors="replace") if isinstance(body, bytes) else body


class ResentDeadLetters(ResponseModel):
    """How many dead letters went back to their queues."""

    resent: int

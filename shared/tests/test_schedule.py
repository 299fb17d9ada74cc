"""The reminder policy, case by case."""

from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta

import pytest

from todo_shared.enums import TaskStatus, Urgency
from todo_shared.quiet_hours import QuietHours
from todo_shared.schedule import (
    DEFAULT_SCHEDULE,
    Cadence,
    Recipient,
    ReminderSchedule,
    next_notification_at,
)

CREATED = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
H = timedelta(hours=1)


@dataclass(frozen=True)
class Task:
    urgency: Urgency = Urgency.NOT_URGENT
    status: TaskStatus = TaskStatus.NEW
    created_at: datetime = CREATED
    last_notification: datetime | None = None
    remind_at: datetime | None = None
    snoozed_until: datetime | None = None
    reminder_given_up_at: datetime | None = None
    remind_every: timedelta | None = None
    cadence_off: bool = False
    due_at: datetime | None = None
    remind_before: tuple[timedelta, ...] | None = None
    recurrence: str | None = None


NEW = Task()
ANYONE = Recipient(timezone="UTC", remind_before=())


def nudge(
    task: Task,
    schedule: ReminderSchedule = DEFAULT_SCHEDULE,
    recipient: Recipient = ANYONE,
    now: datetime = CREATED,
) -> datetime | None:
    """The policy's answer for `task`, changed at `now` by default when it was created."""
    return next_notification_at(task, schedule, recipient, now=now)


CASES = [
    # (what, task, expected next reminder)
    ("not urgent, never notified", NEW, CREATED + 24 * H),
    ("urgent, never notified", replace(NEW, urgency=Urgency.URGENT), CREATED + 12 * H),
    ("very urgent, never notified", replace(NEW, urgency=Urgency.VERY_URGENT), CREATED + 3 * H),
    (
        "not urgent, notified",
        replace(NEW, last_notification=CREATED + 30 * H),
        CREATED + 54 * H,
    ),
    (
        "urgent, notified",
        replace(NEW, urgency=Urgency.URGENT, last_notification=CREATED + 12 * H),
        CREATED + 22 * H,
    ),
    (
        "very urgent, notified",
        replace(NEW, urgency=Urgency.VERY_URGENT, last_notification=CREATED + 3 * H),
        CREATED + 8 * H,
    ),
    (
        "in progress is reminded like new",
        replace(NEW, status=TaskStatus.IN_PROGRESS),
        CREATED + 24 * H,
    ),
    ("done gives null", replace(NEW, status=TaskStatus.DONE), None),
    (
        "done gives null even with a pending remind_at",
        replace(NEW, status=TaskStatus.DONE, remind_at=CREATED + H),
        None,
    ),
    (
        "back from done: the cadence goes on from the last reminder",
        replace(NEW, status=TaskStatus.NEW, last_notification=CREATED + 24 * H),
        CREATED + 48 * H,
    ),
    (
        "a pending remind_at before the cadence comes first",
        replace(NEW, remind_at=CREATED + 2 * H),
        CREATED + 2 * H,
    ),
    (
        "a remind_at after the cadence waits its turn",
        replace(NEW, remind_at=CREATED + 30 * H),
        CREATED + 24 * H,
    ),
    (
        "a delivered remind_at no longer counts",
        replace(NEW, remind_at=CREATED + 2 * H, last_notification=CREATED + 2 * H),
        CREATED + 26 * H,
    ),
    (
        "a remind_at set after the last reminder is pending again",
        replace(NEW, remind_at=CREATED + 30 * H, last_notification=CREATED + 24 * H),
        CREATED + 30 * H,
    ),
    (
        "snoozed past the due moment pushes it back",
        replace(NEW, snoozed_until=CREATED + 40 * H),
        CREATED + 40 * H,
    ),
    (
        "a snooze that ends before the cadence's moment brings the reminder forward",
        replace(NEW, snoozed_until=CREATED + 10 * H),
        CREATED + 10 * H,
    ),
    (
        "snoozed an hour after a reminder: the next one comes in an hour",
        replace(
            NEW,
            urgency=Urgency.URGENT,
            last_notification=CREATED + 12 * H,
            snoozed_until=CREATED + 13 * H,
        ),
        CREATED + 13 * H,
    ),
    (
        "after the snoozed reminder, the cadence goes on from it",
        replace(
            NEW,
            urgency=Urgency.URGENT,
            last_notification=CREATED + 13 * H,
            snoozed_until=CREATED + 13 * H,
        ),
        CREATED + 23 * H,
    ),
    (
        "a snoozed reminder given up on is spent too",
        replace(
            NEW,
            urgency=Urgency.URGENT,
            reminder_given_up_at=CREATED + 13 * H,
            snoozed_until=CREATED + 13 * H,
        ),
        CREATED + 23 * H,
    ),
    (
        "a snooze also holds back a remind_at after it",
        replace(NEW, remind_at=CREATED + 7 * H, snoozed_until=CREATED + 5 * H),
        CREATED + 5 * H,
    ),
    (
        "a remind_at after a spent snooze is still pending",
        replace(
            NEW,
            remind_at=CREATED + 7 * H,
            snoozed_until=CREATED + 5 * H,
            last_notification=CREATED + 5 * H,
        ),
        CREATED + 7 * H,
    ),
    (
        "done gives null even while snoozed",
        replace(NEW, status=TaskStatus.DONE, snoozed_until=CREATED + H),
        None,
    ),
    (
        "a snooze also holds back a remind_at",
        replace(NEW, remind_at=CREATED + 2 * H, snoozed_until=CREATED + 5 * H),
        CREATED + 5 * H,
    ),
    (
        "a reminder given up on is not due again: the cadence goes on from its moment",
        replace(NEW, reminder_given_up_at=CREATED + 24 * H),
        CREATED + 48 * H,
    ),
    (
        "a reminder sent after one given up on counts from when it was sent",
        replace(NEW, reminder_given_up_at=CREATED + 24 * H, last_notification=CREATED + 30 * H),
        CREATED + 54 * H,
    ),
    (
        "a remind_at given up on no longer counts",
        replace(NEW, remind_at=CREATED + 2 * H, reminder_given_up_at=CREATED + 2 * H),
        CREATED + 26 * H,
    ),
    (
        "its own cadence in place of its urgency's: first after it",
        replace(NEW, urgency=Urgency.VERY_URGENT, remind_every=2 * H),
        CREATED + 2 * H,
    ),
    (
        "its own cadence in place of its urgency's: then every",
        replace(NEW, remind_every=2 * H, last_notification=CREATED + 5 * H),
        CREATED + 7 * H,
    ),
    (
        "its own cadence still lets a remind_at come first",
        replace(NEW, remind_every=10 * H, remind_at=CREATED + H),
        CREATED + H,
    ),
    ("cadence off, nothing else pending: no reminder", replace(NEW, cadence_off=True), None),
    (
        "cadence off: only a remind_at reminds",
        replace(NEW, cadence_off=True, remind_at=CREATED + 30 * H),
        CREATED + 30 * H,
    ),
    (
        "cadence off: a delivered remind_at leaves nothing",
        replace(NEW, cadence_off=True, remind_at=CREATED + H, last_notification=CREATED + H),
        None,
    ),
    (
        "cadence off: a snooze still reminds",
        replace(NEW, cadence_off=True, snoozed_until=CREATED + 3 * H),
        CREATED + 3 * H,
    ),
    (
        "overdue by many periods is due once, from the last reminder",
        replace(NEW, urgency=Urgency.VERY_URGENT, last_notification=CREATED + 3 * H),
        CREATED + 8 * H,
    ),
]


@pytest.mark.parametrize(("task", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_next_notification_at(task: Task, expected: datetime | None) -> None:
    assert nudge(task) == expected


def test_a_change_of_urgency_moves_the_next_reminder() -> None:
    relaxed = replace(NEW, last_notification=CREATED + 24 * H)
    pressing = replace(relaxed, urgency=Urgency.VERY_URGENT)
    assert nudge(relaxed) == CREATED + 48 * H
    assert nudge(pressing) == CREATED + 29 * H


def test_the_intervals_come_from_the_schedule_given() -> None:
    quick = {urgency: Cadence(first=H, every=2 * H) for urgency in Urgency}
    assert nudge(NEW, quick) == CREATED + H
    assert nudge(replace(NEW, last_notification=CREATED), quick) == CREATED + 2 * H


DUE = CREATED + 72 * H
WITH_DUE = replace(NEW, due_at=DUE)
BEFORE = Recipient(timezone="UTC", remind_before=(24 * H, H))

DUE_CASES = [
    # (what, task, when it was last changed, expected next reminder)
    ("a due date far ahead: the cadence comes first", WITH_DUE, CREATED, CREATED + 24 * H),
    (
        "a day before it is due, then the cadence",
        replace(WITH_DUE, last_notification=CREATED + 24 * H),
        CREATED + 24 * H,
        DUE - 24 * H,
    ),
    (
        "an hour before it is due comes before the cadence",
        replace(WITH_DUE, last_notification=DUE - 24 * H),
        DUE - 24 * H,
        DUE - H,
    ),
    (
        "past due: the next urgency's interval (urgent's 10 h) from the due moment",
        replace(WITH_DUE, last_notification=DUE - H),
        DUE - H,
        DUE + 10 * H,
    ),
    (
        "past due and reminded since: every 10 h, not every 24",
        replace(WITH_DUE, last_notification=DUE + 10 * H),
        DUE + 10 * H,
        DUE + 20 * H,
    ),
    (
        "very urgent stays at its own 5 h past due",
        replace(WITH_DUE, urgency=Urgency.VERY_URGENT, last_notification=DUE + H),
        DUE + H,
        DUE + 6 * H,
    ),
    (
        "past due, its own shorter cadence stays",
        replace(WITH_DUE, remind_every=2 * H, last_notification=DUE + H),
        DUE + H,
        DUE + 3 * H,
    ),
    (
        "a reminder before it is due that was already past when the due date was set is skipped",
        replace(NEW, due_at=CREATED + 30 * H),
        CREATED + 10 * H,
        CREATED + 24 * H,
    ),
    (
        "the task's own offsets replace its owner's",
        replace(WITH_DUE, remind_before=(2 * H,), last_notification=CREATED + 60 * H),
        CREATED + 60 * H,
        DUE - 2 * H,
    ),
    (
        "no offsets at all: only the cadence",
        replace(WITH_DUE, remind_before=(), last_notification=DUE - 10 * H),
        DUE - 10 * H,
        DUE + 10 * H,
    ),
    (
        "cadence off: only the reminders before it is due",
        replace(WITH_DUE, cadence_off=True, last_notification=DUE - 24 * H),
        DUE - 24 * H,
        DUE - H,
    ),
    (
        "cadence off and past due: nothing",
        replace(WITH_DUE, cadence_off=True, last_notification=DUE - H),
        DUE - H,
        None,
    ),
    (
        "a repeating task is not nagged before its occurrence, only reminded before it",
        replace(WITH_DUE, recurrence="FREQ=WEEKLY"),
        CREATED,
        DUE - 24 * H,
    ),
    (
        "a repeating task past its occurrence is nagged at the tighter cadence",
        replace(WITH_DUE, recurrence="FREQ=WEEKLY", last_notification=DUE - H),
        DUE - H,
        DUE + 10 * H,
    ),
    (
        "a snooze past the due moment still decides",
        replace(WITH_DUE, snoozed_until=DUE + 30 * H, last_notification=DUE + H),
        DUE + H,
        DUE + 30 * H,
    ),
]


@pytest.mark.parametrize(
    ("task", "now", "expected"), [c[1:] for c in DUE_CASES], ids=[c[0] for c in DUE_CASES]
)
def test_reminders_around_the_due_moment(
    task: Task, now: datetime, expected: datetime | None
) -> None:
    assert nudge(task, recipient=BEFORE, now=now) == expected


MOSCOW_NIGHTS = Recipient(
    timezone="Europe/Moscow", quiet_hours=QuietHours(time(22), time(8)), remind_before=()
)
# CREATED is 12:00 in Moscow (UTC+3); each day's quiet hours are 19:00-05:00 UTC.
QUIET_CASES = [
    # (what, task, recipient, expected next reminder)
    (
        "outside the quiet hours: unmoved",
        replace(NEW, urgency=Urgency.VERY_URGENT),
        MOSCOW_NIGHTS,
        CREATED + 3 * H,
    ),
    (
        "due at 23:00 Moscow: moved to 08:00",
        replace(NEW, remind_every=11 * H),
        MOSCOW_NIGHTS,
        datetime(2026, 11, 2, 5, tzinfo=UTC),
    ),
    (
        "due at 02:00 Moscow, after midnight: to 08:00 the same day",
        replace(NEW, remind_every=14 * H),
        MOSCOW_NIGHTS,
        datetime(2026, 11, 2, 5, tzinfo=UTC),
    ),
    (
        "a task overdue all night is due once, in the morning",
        replace(NEW, urgency=Urgency.VERY_URGENT, last_notification=CREATED + 7 * H),
        MOSCOW_NIGHTS,
        datetime(2026, 11, 2, 5, tzinfo=UTC),
    ),
    (
        "very urgent ones through, when the person lets them",
        replace(NEW, urgency=Urgency.VERY_URGENT, last_notification=CREATED + 7 * H),
        replace(MOSCOW_NIGHTS, quiet_hours=QuietHours(time(22), time(8), True)),
        CREATED + 12 * H,
    ),
    (
        "others wait even when very urgent ones come through",
        replace(NEW, remind_every=11 * H),
        replace(MOSCOW_NIGHTS, quiet_hours=QuietHours(time(22), time(8), True)),
        datetime(2026, 11, 2, 5, tzinfo=UTC),
    ),
    (
        "a snooze into the night waits for the morning too",
        replace(NEW, snoozed_until=CREATED + 10 * H),
        MOSCOW_NIGHTS,
        datetime(2026, 11, 2, 5, tzinfo=UTC),
    ),
    (
        "a remind_at at night too",
        replace(NEW, remind_at=CREATED + 10 * H),
        MOSCOW_NIGHTS,
        datetime(2026, 11, 2, 5, tzinfo=UTC),
    ),
    ("done: nothing to move", replace(NEW, status=TaskStatus.DONE), MOSCOW_NIGHTS, None),
]


@pytest.mark.parametrize(
    ("task", "recipient", "expected"),
    [c[1:] for c in QUIET_CASES],
    ids=[c[0] for c in QUIET_CASES],
)
def test_quiet_hours_move_a_reminder_to_their_end(
    task: Task, recipient: Recipient, expected: datetime | None
) -> None:
    assert nudge(task, recipient=recipient) == expected


def test_the_mornings_reminder_is_followed_by_the_cadence_not_by_the_nights_missed_ones() -> None:
    morning = datetime(2026, 11, 2, 5, tzinfo=UTC)
    reminded = replace(NEW, urgency=Urgency.VERY_URGENT, last_notification=morning)
    assert nudge(reminded, recipient=MOSCOW_NIGHTS, now=morning) == morning + 5 * H

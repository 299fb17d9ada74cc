"""The reminder policy, case by case."""

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import pytest

from todo_shared.enums import TaskStatus, Urgency
from todo_shared.schedule import DEFAULT_SCHEDULE, Cadence, next_notification_at

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


NEW = Task()

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
    assert next_notification_at(task, DEFAULT_SCHEDULE) == expected


def test_a_change_of_urgency_moves_the_next_reminder() -> None:
    relaxed = replace(NEW, last_notification=CREATED + 24 * H)
    pressing = replace(relaxed, urgency=Urgency.VERY_URGENT)
    assert next_notification_at(relaxed, DEFAULT_SCHEDULE) == CREATED + 48 * H
    assert next_notification_at(pressing, DEFAULT_SCHEDULE) == CREATED + 29 * H


def test_the_intervals_come_from_the_schedule_given() -> None:
    quick = {urgency: Cadence(first=H, every=2 * H) for urgency in Urgency}
    assert next_notification_at(NEW, quick) == CREATED + H
    assert next_notification_at(replace(NEW, last_notification=CREATED), quick) == CREATED + 2 * H

"""The rule "still due?" of every channel, case by case: a sibling channel recording this same
reminder first does not make it stale; a snooze, a new due moment or a send of our own does."""

from datetime import UTC, datetime, timedelta

import pytest

from notifier_worker.due import reason_not_to_send
from todo_shared.enums import TaskStatus
from todo_shared.schemas import TaskPublic

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
DUE = NOW - timedelta(minutes=2)  # when the reminder fell due (its claim)
SIBLING_SENT = NOW - timedelta(minutes=1)  # the other channel sent and recorded it then
LATER = NOW + timedelta(hours=5)  # the task's next reminder once this one is recorded
EARLIER = DUE - timedelta(hours=5)  # a reminder of the task before this one
STALE = "the task is no longer due"


def task(**fields: object) -> TaskPublic:
    """An open task, due now and never reminded, but for `fields`."""
    return TaskPublic.model_validate(
        {
            "id": 7,
            "title": "Pay rent",
            "description": None,
            "status": TaskStatus.NEW,
            "completed": False,
            "urgency": "very_urgent",
            "user_id": 1,
            "user": {"id": 1, "username": "ann"},
            "assignee_id": None,
            "created_at": EARLIER,
            "updated_at": EARLIER,
            "started_at": None,
            "completed_at": None,
            "time_spent_seconds": 0,
            "remind_at": None,
            "snoozed_until": None,
            "last_notification": None,
            "next_notification_at": DUE,
        }
        | fields
    )


CASES = {
    "deleted": (None, None, "the task was deleted"),
    "done": (task(status=TaskStatus.DONE), None, "the task is done"),
    "done, though due": (
        task(status=TaskStatus.DONE, next_notification_at=DUE),
        None,
        "the task is done",
    ),
    "due now": (task(), None, None),
    "due now, reminded before": (task(last_notification=EARLIER), EARLIER, None),
    "a sibling sent it first": (
        task(last_notification=SIBLING_SENT, next_notification_at=LATER),
        None,
        None,
    ),
    "a sibling sent it, this channel an earlier one": (
        task(last_notification=SIBLING_SENT, next_notification_at=LATER),
        EARLIER,
        None,
    ),
    "a sibling sent a one-off reminder": (
        task(last_notification=SIBLING_SENT, next_notification_at=None),
        None,
        None,
    ),
    "this channel sent it (another due moment)": (
        task(last_notification=SIBLING_SENT, next_notification_at=LATER),
        SIBLING_SENT,
        STALE,
    ),
    "snoozed after a sibling sent it": (
        task(
            last_notification=SIBLING_SENT,
            snoozed_until=NOW + timedelta(hours=1),
            next_notification_at=NOW + timedelta(hours=1),
        ),
        None,
        STALE,
    ),
    "snoozed before, a sibling sent it since": (
        task(
            last_notification=SIBLING_SENT,
            snoozed_until=DUE - timedelta(minutes=1),
            next_notification_at=LATER,
        ),
        None,
        None,
    ),
    "snoozed since the claim, never reminded": (
        task(snoozed_until=NOW + timedelta(hours=1), next_notification_at=NOW + timedelta(hours=1)),
        None,
        STALE,
    ),
    "rescheduled since the claim": (
        task(last_notification=EARLIER, next_notification_at=LATER),
        EARLIER,
        STALE,
    ),
    "no reminders any more": (task(next_notification_at=None), None, STALE),
}


@pytest.mark.parametrize(("found", "sent_here_at", "reason"), CASES.values(), ids=CASES.keys())
def test_still_due(
    found: TaskPublic | None, sent_here_at: datetime | None, reason: str | None
) -> None:
    assert reason_not_to_send(found, DUE, now=NOW, sent_here_at=sent_here_at) == reason

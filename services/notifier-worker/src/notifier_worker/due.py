"""Whether a reminder is still worth sending at the moment of sending, whatever its channel.

A reminder goes by each of its person's channels, each sent by a worker of its own, each
recording it in task-api: the first to record moves the task's next reminder into the future.
So "the task's next reminder is not due now" no longer means the reminder is stale; it may be
that a sibling channel sent this very reminder first, and this channel's copy must still go.
"""

from datetime import datetime

from todo_shared.enums import TaskStatus
from todo_shared.schemas import TaskPublic


def reason_not_to_send(
    task: TaskPublic | None,
    due_at: datetime,
    *,
    now: datetime,
    sent_here_at: datetime | None,
) -> str | None:
    """Why the reminder of `task` that fell due at `due_at` should not be sent now, if so.

    `sent_here_at` is when this channel last sent a reminder of the task: when that is after the
    reminder fell due, the reminded task was this channel's doing (a reminder of another due
    moment of the same task), not a sibling's, and this one is stale.
    """
    if task is None:
        return "the task was deleted"
    if task.status == TaskStatus.DONE:
        return "the task is done"
    if task.next_notification_at is not None and task.next_notification_at <= now:
        return None
    if _reminded_by_a_sibling(task, due_at, sent_here_at) and not _snoozed_since(task):
        return None
    # Snoozed or rescheduled since the claim, or sent here already: a newer one will come.
    return "the task is no longer due"


def _reminded_by_a_sibling(task: TaskPublic, due_at: datetime, sent_here: datetime | None) -> bool:
    """The task was reminded since this reminder fell due, and not by this channel."""
    reminded = task.last_notification
    if reminded is None or reminded < due_at:
        return False
    return sent_here is None or sent_here < due_at


def _snoozed_since(task: TaskPublic) -> bool:
    """The person snoozed the task after its last reminder: a snooze is pending."""
    snoozed, reminded = task.snoozed_until, task.last_notification
    return snoozed is not None and reminded is not None and snoozed > reminded

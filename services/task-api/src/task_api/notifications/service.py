"""What the notifier may do with reminders: claim the due ones, record them sent or hand them back.

Each is for the notifier's own scope: the producer claims, the workers record and hand back.
"""

from datetime import datetime, timedelta

from task_api.auth.principal import Principal, Scope
from task_api.email_actions.links import ActionLinks
from task_api.tasks import service as tasks
from task_api.tasks.rules import TaskRules
from task_api.tasks.store import TaskStore
from todo_shared.schemas import (
    ClaimedReminders,
    ClaimRequest,
    HandBackRemindersRequest,
    RecordedReminders,
    RecordRemindersRequest,
)


async def claim(
    store: TaskStore,
    links: ActionLinks,
    principal: Principal,
    request: ClaimRequest,
    *,
    now: datetime,
) -> ClaimedReminders:
    """Lease the reminders due now, earliest first, so that no other claim returns them; with
    them, when the next one falls due. Each goes to the channels that reach its person, a mail
    with its links signed now."""
    principal.require(Scope.CLAIM_REMINDERS)
    lease = timedelta(seconds=request.lease_seconds)
    rows, next_due_at = await store.claim_due(now=now, limit=request.limit, lease=lease)
    # One validation of the whole answer: a claim can hold a thousand reminders.
    return ClaimedReminders.model_validate(
        {"items": links.reminders(rows, now=now), "next_due_at": next_due_at}
    )


async def record_sent(
    store: TaskStore,
    rules: TaskRules,
    principal: Principal,
    request: RecordRemindersRequest,
    *,
    now: datetime,
) -> RecordedReminders:
    """Record reminders sent, each task at its latest moment, in one transaction."""
    principal.require(Scope.RECORD_REMINDERS)
    sent: dict[int, datetime] = {}
    for reminder in request.reminders:
        sent[reminder.task_id] = max(reminder.sent_at, sent.get(reminder.task_id, reminder.sent_at))
    recorded = await tasks.record_reminders(store, rules, sent, now=now)
    return RecordedReminders(recorded=recorded, not_found=sorted(sent.keys() - set(recorded)))


async def hand_back(
    store: TaskStore,
    rules: TaskRules,
    principal: Principal,
    request: HandBackRemindersRequest,
    *,
    now: datetime,
) -> RecordedReminders:
    """Hand back the tasks of reminders not sent, in one transaction; a task named twice counts
    its latest reminder given up on."""
    principal.require(Scope.RECORD_REMINDERS)
    given_up: dict[int, datetime | None] = {}
    for reminder in request.reminders:
        moments = [given_up.get(reminder.task_id), reminder.due_at if reminder.given_up else None]
        given_up[reminder.task_id] = max((m for m in moments if m is not None), default=None)
    handed_back = await tasks.hand_back_reminders(store, rules, given_up, now=now)
    return RecordedReminders(
        recorded=handed_back, not_found=sorted(given_up.keys() - set(handed_back))
    )

"""The notifier's routes: `/api/v1/notifications/claim`, `.../sent` and `.../unsent`."""

from datetime import datetime, timedelta

from fastapi import APIRouter

from task_api.auth.dependencies import require
from task_api.auth.principal import Scope
from task_api.db import utcnow
from task_api.dependencies import RulesDep, StoreDep
from task_api.errors import responses
from task_api.tasks import service
from todo_shared.schemas import (
    ClaimedReminders,
    ClaimRequest,
    HandBackRemindersRequest,
    RecordedReminders,
    RecordRemindersRequest,
)

router = APIRouter(prefix="/api/v1/notifications", tags=["notifications"])


@router.post(
    "/claim",
    dependencies=[require(Scope.CLAIM_REMINDERS)],
    responses=responses(401, 403, 422, 503),
)
async def claim(request: ClaimRequest, store: StoreDep) -> ClaimedReminders:
    """Lease the reminders due now, earliest first, so that no other claim returns them.

    For the notifier's producer (the `reminders:claim` scope).
    """
    rows = await store.claim_due(
        now=utcnow(), limit=request.limit, lease=timedelta(seconds=request.lease_seconds)
    )
    # One validation of the whole answer: a claim can hold a thousand reminders.
    return ClaimedReminders.model_validate({"items": [dict(row) for row in rows]})


@router.post(
    "/sent",
    dependencies=[require(Scope.RECORD_REMINDERS)],
    responses=responses(401, 403, 422, 503),
)
async def record_sent(
    request: RecordRemindersRequest, store: StoreDep, rules: RulesDep
) -> RecordedReminders:
    """Record reminders sent, as PATCHing each task's `last_notification` would (its next
    reminder moves, its claim's lease ends, a `task.updated` event goes out), all in one
    transaction. A task named twice is recorded at its latest moment.

    For the notifier's workers (the `reminders:record` scope), which send many at once.
    """
    sent: dict[int, datetime] = {}
    for reminder in request.reminders:
        sent[reminder.task_id] = max(reminder.sent_at, sent.get(reminder.task_id, reminder.sent_at))
    recorded = await service.record_reminders(store, rules, sent, now=utcnow())
    return RecordedReminders(recorded=recorded, not_found=sorted(sent.keys() - set(recorded)))


@router.post(
    "/unsent",
    dependencies=[require(Scope.RECORD_REMINDERS)],
    responses=responses(401, 403, 422, 503),
)
async def hand_back_unsent(
    request: HandBackRemindersRequest, store: StoreDep, rules: RulesDep
) -> RecordedReminders:
    """Hand back the tasks of reminders not sent, all in one transaction: each claim's lease
    ends, so the task is claimed again as soon as it is due (a chat that blocked the bot: once
    the person starts the bot again). A reminder given up on (`given_up`) is not offered again
    for its due moment: the task's next reminder is the schedule's next after that moment, as
    if it had been sent then (`last_notification` stays), and a `task.updated` event goes out.

    For the notifier's workers (the `reminders:record` scope).
    """
    given_up: dict[int, datetime | None] = {}  # a task named twice: its latest given up on
    for reminder in request.reminders:
        moments = [given_up.get(reminder.task_id), reminder.due_at if reminder.given_up else None]
        given_up[reminder.task_id] = max((m for m in moments if m is not None), default=None)
    handed_back = await service.hand_back_reminders(store, rules, given_up, now=utcnow())
    return RecordedReminders(
        recorded=handed_back, not_found=sorted(given_up.keys() - set(handed_back))
    )

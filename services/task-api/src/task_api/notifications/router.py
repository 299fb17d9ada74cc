"""The notifier's routes: `/api/v1/notifications/claim` and `/api/v1/notifications/sent`."""

from datetime import datetime, timedelta

from fastapi import APIRouter

from task_api.auth.dependencies import require
from task_api.auth.principal import Scope
from task_api.db import utcnow
from task_api.dependencies import PoolDep, RulesDep, StoreDep
from task_api.errors import responses
from task_api.notifications.repository import claim_due
from task_api.tasks import service
from todo_shared.schemas import (
    ClaimedReminders,
    ClaimRequest,
    RecordedReminders,
    RecordRemindersRequest,
)

router = APIRouter(prefix="/api/v1/notifications", tags=["notifications"])


@router.post(
    "/claim",
    dependencies=[require(Scope.CLAIM_REMINDERS)],
    responses=responses(401, 403, 422, 503),
)
async def claim(request: ClaimRequest, pool: PoolDep) -> ClaimedReminders:
    """Lease the reminders due now, earliest first, so that no other claim returns them.

    For the notifier's producer (the `reminders:claim` scope).
    """
    rows = await claim_due(
        pool, now=utcnow(), limit=request.limit, lease=timedelta(seconds=request.lease_seconds)
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

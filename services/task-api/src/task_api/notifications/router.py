"""The notifier's route: `/api/v1/notifications/claim`."""

from datetime import timedelta

from fastapi import APIRouter

from task_api.auth.dependencies import require
from task_api.auth.principal import Scope
from task_api.db import utcnow
from task_api.dependencies import PoolDep
from task_api.errors import responses
from task_api.notifications.repository import claim_due
from todo_shared.schemas import ClaimedReminders, ClaimRequest

router = APIRouter(
    prefix="/api/v1/notifications",
    tags=["notifications"],
    dependencies=[require(Scope.CLAIM_REMINDERS)],
)


@router.post("/claim", responses=responses(401, 403, 422, 503))
async def claim(request: ClaimRequest, pool: PoolDep) -> ClaimedReminders:
    """Lease the reminders due now, earliest first, so that no other claim returns them.

    For the notifier's producer (the `reminders:claim` scope).
    """
    rows = await claim_due(
        pool, now=utcnow(), limit=request.limit, lease=timedelta(seconds=request.lease_seconds)
    )
    # One validation of the whole answer: a claim can hold a thousand reminders.
    return ClaimedReminders.model_validate({"items": [dict(row) for row in rows]})

"""The notifier's route: `/api/v1/notifications/claim`."""

from datetime import timedelta

from fastapi import APIRouter
from todo_shared.schemas import ClaimedReminders, ClaimRequest, DueReminder

from task_api.db import utcnow
from task_api.dependencies import SessionDep
from task_api.errors import responses
from task_api.notifications.repository import claim_due
from task_api.tasks.repository import to_public

router = APIRouter(prefix="/api/v1/notifications", tags=["notifications"])


@router.post("/claim", responses=responses(422, 503))
async def claim(request: ClaimRequest, session: SessionDep) -> ClaimedReminders:
    """Lease the reminders due now, earliest first, so that no other claim returns them."""
    rows = await claim_due(
        session, now=utcnow(), limit=request.limit, lease=timedelta(seconds=request.lease_seconds)
    )
    await session.commit()
    reminders = [
        DueReminder(
            task=to_public(row),
            telegram_chat_id=row["telegram_chat_id"],
            due_at=row["next_notification_at"],
        )
        for row in rows
    ]
    return ClaimedReminders(items=reminders)

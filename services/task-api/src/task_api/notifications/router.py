"""The notifier's routes: `/api/v1/notifications/claim`, `.../sent` and `.../unsent`."""

from fastapi import APIRouter

from task_api.auth.dependencies import PrincipalDep
from task_api.db import utcnow
from task_api.dependencies import ActionLinksDep, RulesDep, StoreDep
from task_api.http_errors import responses
from task_api.notifications import service
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
    responses=responses(401, 403, 422, 503),
)
async def claim(
    request: ClaimRequest, store: StoreDep, links: ActionLinksDep, principal: PrincipalDep
) -> ClaimedReminders:
    """Lease the reminders due now, earliest first, so that no other claim returns them; with
    them, when the next one falls due (`next_due_at`), so the producer sleeps until then.

    Each reminder names the channels that reach its person: the chat (`telegram_chat_id`) when
    Telegram is one of their channels and the chat has not blocked the bot, the address
    (`email`, with its Done, Snooze and Unsubscribe links signed now) when email is one and the
    address is verified; null otherwise.

    For the notifier's producer (the `reminders:claim` scope).
    """
    return await service.claim(store, links, principal, request, now=utcnow())


@router.post(
    "/sent",
    responses=responses(401, 403, 422, 503),
)
async def record_sent(
    request: RecordRemindersRequest, store: StoreDep, rules: RulesDep, principal: PrincipalDep
) -> RecordedReminders:
    """Record reminders sent, as PATCHing each task's `last_notification` would (its next
    reminder moves, its claim's lease ends, a `task.updated` event goes out), all in one
    transaction. A task named twice is recorded at its latest moment.

    For the notifier's workers (the `reminders:record` scope), which send many at once.
    """
    return await service.record_sent(store, rules, principal, request, now=utcnow())


@router.post(
    "/unsent",
    responses=responses(401, 403, 422, 503),
)
async def hand_back_unsent(
    request: HandBackRemindersRequest, store: StoreDep, rules: RulesDep, principal: PrincipalDep
) -> RecordedReminders:
    """Hand back the tasks of reminders not sent, all in one transaction: each claim's lease
    ends, so the task is claimed again as soon as it is due (a chat that blocked the bot: once
    the person starts the bot again). A reminder given up on (`given_up`) is not offered again
    for its due moment: the task's next reminder is the schedule's next after that moment, as
    if it had been sent then (`last_notification` stays), and a `task.updated` event goes out.

    For the notifier's workers (the `reminders:record` scope).
    """
    return await service.hand_back(store, rules, principal, request, now=utcnow())

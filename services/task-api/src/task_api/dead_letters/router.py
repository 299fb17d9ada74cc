"""The dead-letter office of admins: `/api/v1/admin/dead-letters`."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from task_api.auth.dependencies import PrincipalDep
from task_api.dead_letters import service
from task_api.dependencies import ResenderDep, SessionDep
from task_api.http_errors import responses
from todo_shared.schemas import MAX_ID, DeadLetterPublic, DeadLetterQuery, Page, ResentDeadLetters

router = APIRouter(prefix="/api/v1/admin/dead-letters", tags=["admin"])

DeadLetterId = Annotated[int, Path(gt=0, le=MAX_ID, description="The dead letter's id.")]


@router.get("", responses=responses(401, 403, 422, 503))
async def list_dead_letters(
    query: Annotated[DeadLetterQuery, Query()], session: SessionDep, principal: PrincipalDep
) -> Page[DeadLetterPublic]:
    """The reminders the notifier gave up on (`notifications.dead`), newest first, with the
    queue each came from and why (admins only)."""
    letters, total = await service.list_letters(session, principal, query)
    items = [DeadLetterPublic.model_validate(letter) for letter in letters]
    return Page(items=items, total=total, skip=query.skip, limit=query.limit)


@router.post("/resend", responses=responses(401, 403, 409, 422, 503))
async def resend_dead_letters(
    session: SessionDep,
    resender: ResenderDep,
    principal: PrincipalDep,
    queue: Annotated[
        str | None, Query(max_length=255, description="Only the letters of this queue.")
    ] = None,
) -> ResentDeadLetters:
    """Send every dead letter (of one queue, if named) back to its queue, with a fresh set of
    attempts, and forget it (admins only). Letters that name no queue of reminders stay; 409
    for such a queue. 503 when RabbitMQ is away: the letters confirmed until then are gone."""
    resent = await service.resend_all(session, resender, principal, queue)
    return ResentDeadLetters(resent=resent)


@router.post("/{dead_letter_id}/resend", responses=responses(401, 403, 404, 409, 422, 503))
async def resend_dead_letter(
    dead_letter_id: DeadLetterId,
    session: SessionDep,
    resender: ResenderDep,
    principal: PrincipalDep,
) -> ResentDeadLetters:
    """Send a dead letter back to its queue, with a fresh set of attempts, and forget it
    (admins only). 409 when it names no queue of reminders to go back to."""
    resent = await service.resend_one(session, resender, principal, dead_letter_id)
    return ResentDeadLetters(resent=resent)


@router.delete(
    "/{dead_letter_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=responses(401, 403, 404, 422, 503),
)
async def discard_dead_letter(
    dead_letter_id: DeadLetterId, session: SessionDep, principal: PrincipalDep
) -> Response:
    """Forget a dead letter without sending it (admins only)."""
    await service.discard(session, principal, dead_letter_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)

"""What admins do with dead letters: read them, send them again, discard them.

A letter is sent again first and deleted after: if task-api dies in between, the letter stays
and a later "send again" sends it once more. That is safe because a reminder is recognised by
its `reminder_id` (the message_id): the workers skip a reminder already sent, and a task no
longer due, so a second copy sends nothing twice. Deleting first could lose the letter instead.
"""

import asyncio
from collections.abc import Sequence

from aio_pika.abc import AbstractChannel
from sqlalchemy.ext.asyncio import AsyncSession

from task_api.auth.principal import Principal
from task_api.dead_letters import repository
from task_api.dead_letters.models import DeadLetter
from task_api.dead_letters.resender import RESENDABLE_QUEUES, Resender, resend
from task_api.errors import Conflict, Forbidden, NotFound
from todo_shared.schemas import DeadLetterQuery

BATCH_SIZE = 100
"""Letters sent again per transaction by "send all again"."""


async def list_letters(
    session: AsyncSession, principal: Principal, query: DeadLetterQuery
) -> tuple[list[DeadLetter], int]:
    """One page of the letters, newest first, and how many match (admins only)."""
    _require_admin(principal)
    return await repository.list_letters(session, query.queue, query.skip, query.limit)


async def resend_one(
    session: AsyncSession, resender: Resender, principal: Principal, letter_id: int
) -> int:
    """Send one letter back to its queue, then forget it; how many went (1)."""
    _require_admin(principal)
    letter = await _find(session, letter_id)
    if letter.queue not in RESENDABLE_QUEUES:
        raise Conflict(
            "dead letter {letter_id} cannot be sent again: it names no queue of reminders",
            letter_id=letter_id,
        )
    async with resender.channel() as channel:
        await resend(channel, letter)
    await repository.delete_letters(session, [letter.id])
    await session.commit()
    return 1


async def resend_all(
    session: AsyncSession, resender: Resender, principal: Principal, queue: str | None
) -> int:
    """Send every letter (of one queue, if named) back to its queue, in batches; how many went.

    Only the letters filed before it began: one that fails again meanwhile waits for the next
    time. Letters that name no queue of reminders stay where they are.
    """
    _require_admin(principal)
    if queue is not None and queue not in RESENDABLE_QUEUES:
        raise Conflict("the letters of {queue} cannot be sent again", queue=queue)
    queues = RESENDABLE_QUEUES if queue is None else {queue}
    up_to_id = await repository.last_id(session)
    resent = 0
    async with resender.channel() as channel:
        while batch := await repository.take_batch(session, queues, up_to_id, BATCH_SIZE):
            resent += await _resend_batch(session, channel, batch)
    return resent


async def discard(session: AsyncSession, principal: Principal, letter_id: int) -> None:
    """Forget a letter without sending it (admins only)."""
    _require_admin(principal)
    letter = await _find(session, letter_id)
    await repository.delete_letters(session, [letter.id])
    await session.commit()


async def _resend_batch(
    session: AsyncSession, channel: AbstractChannel, batch: Sequence[DeadLetter]
) -> int:
    """Send the batch again and forget the letters the broker confirmed; the first failure is
    raised once those are committed, so nothing confirmed is sent again next time."""
    outcomes = await asyncio.gather(
        *(resend(channel, letter) for letter in batch), return_exceptions=True
    )
    sent = [letter.id for letter, outcome in zip(batch, outcomes, strict=True) if outcome is None]
    await repository.delete_letters(session, sent)
    await session.commit()
    failure = next((outcome for outcome in outcomes if outcome is not None), None)
    if failure is not None:
        raise failure
    return len(sent)


async def _find(session: AsyncSession, letter_id: int) -> DeadLetter:
    letter = await repository.get_letter(session, letter_id)
    if letter is None:
        raise NotFound("dead letter {letter_id} not found", letter_id=letter_id)
    return letter


def _require_admin(principal: Principal) -> None:
    if not principal.is_admin:
        raise Forbidden("only admins may read, send again or discard dead letters")

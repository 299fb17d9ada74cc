"""Storing and finding dead letters."""

from collections.abc import Collection, Sequence

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from task_api.dead_letters.letter import Letter
from task_api.dead_letters.models import DeadLetter

NEWEST_FIRST = (DeadLetter.dead_lettered_at.desc(), DeadLetter.id.desc())


async def file(session: AsyncSession, letter: Letter) -> None:
    """Keep `letter`; one filed already (the same message delivered again) is left as it is."""
    await session.execute(insert(DeadLetter).values(letter.columns()).on_conflict_do_nothing())


async def list_letters(
    session: AsyncSession, queue: str | None, skip: int, limit: int
) -> tuple[list[DeadLetter], int]:
    """One page of the letters (of one queue, if named), newest first, and how many in all."""
    matching = select(DeadLetter).where(*_of_queue(queue))
    total = await session.scalar(select(func.count()).select_from(matching.subquery()))
    page = matching.order_by(*NEWEST_FIRST).offset(skip).limit(limit)
    return list(await session.scalars(page)), total or 0


async def get_letter(session: AsyncSession, letter_id: int) -> DeadLetter | None:
    """The letter with this id, locked until the transaction ends, or None."""
    return await session.get(DeadLetter, letter_id, with_for_update=True)


async def take_batch(
    session: AsyncSession, queues: Collection[str], up_to_id: int, size: int
) -> Sequence[DeadLetter]:
    """Up to `size` letters of these queues, oldest first, filed no later than the letter
    `up_to_id`; locked, and skipped while another transaction holds them."""
    batch = (
        select(DeadLetter)
        .where(DeadLetter.queue.in_(queues), DeadLetter.id <= up_to_id)
        .order_by(DeadLetter.id)
        .limit(size)
        .with_for_update(skip_locked=True)
    )
    return list(await session.scalars(batch))


async def last_id(session: AsyncSession) -> int:
    """The id of the latest letter filed (0 for none)."""
    return await session.scalar(select(func.coalesce(func.max(DeadLetter.id), 0))) or 0


async def delete_letters(session: AsyncSession, letter_ids: Collection[int]) -> None:
    """Forget these letters."""
    await session.execute(delete(DeadLetter).where(DeadLetter.id.in_(letter_ids)))


def _of_queue(queue: str | None) -> list[ColumnElement[bool]]:
    return [] if queue is None else [DeadLetter.queue == queue]

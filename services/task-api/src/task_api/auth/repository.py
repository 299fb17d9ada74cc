"""Storing refresh tokens and failed sign-ins."""

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from task_api.auth.models import LoginFailure, RefreshToken

WINDOW = timedelta(minutes=1)


async def recent_failures(
    session: AsyncSession, *, username: str, client_address: str, now: datetime
) -> list[tuple[int, datetime | None]]:
    """For the username, then for the address: failures in the last minute, and the oldest."""
    since = now - WINDOW
    counts = []
    for column, value in (
        (LoginFailure.username, username),
        (LoginFailure.client_address, client_address),
    ):
        query = select(func.count(), func.min(LoginFailure.failed_at)).where(
            column == value, LoginFailure.failed_at > since
        )
        count, oldest = (await session.execute(query)).one()
        counts.append((count, oldest))
    return counts


async def record_failure(
    session: AsyncSession, *, username: str, client_address: str, now: datetime
) -> None:
    """Count a failed sign-in, and forget those that no longer count."""
    await session.execute(delete(LoginFailure).where(LoginFailure.failed_at <= now - WINDOW))
    session.add(LoginFailure(username=username, client_address=client_address, failed_at=now))


async def find_refresh_token(session: AsyncSession, token_hash: str) -> RefreshToken | None:
    """The refresh token with this hash, locked until the transaction ends, or None."""
    query = select(RefreshToken).where(RefreshToken.token_hash == token_hash).with_for_update()
    return await session.scalar(query)


async def revoke_family(session: AsyncSession, family: str, *, now: datetime) -> None:
    """Revoke every refresh token descended from the same sign-in."""
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.family == family, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


async def forget_expired(session: AsyncSession, *, user_id: int, now: datetime) -> None:
    """Delete this user's refresh tokens that expired, so the table does not grow forever."""
    await session.execute(
        delete(RefreshToken).where(RefreshToken.user_id == user_id, RefreshToken.expires_at <= now)
    )

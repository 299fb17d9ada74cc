"""Signing up, signing in, rotating and revoking refresh tokens."""

import math
import secrets
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from task_api.auth import repository
from task_api.auth.access import Access
from task_api.auth.models import RefreshToken
from task_api.auth.schemas import Credentials, Registration, TokenPair
from task_api.auth.tokens import digest, new_secret_token
from task_api.config import Settings
from task_api.errors import TooManyRequests, Unauthorized
from task_api.tasks.rules import TaskRules
from task_api.users import repository as users
from task_api.users import service as user_service
from task_api.users.models import User
from todo_shared.i18n import Text, negotiate
from todo_shared.schemas import UserCreate

WRONG_CREDENTIALS = Text("wrong username or password")
INVALID_REFRESH = Text("the refresh token is invalid, expired or already used; sign in again")


async def register(
    session: AsyncSession,
    access: Access,
    rules: TaskRules,
    data: Registration,
    *,
    accept_language: str | None,
) -> User:
    """Create a person's account, with the quiet hours new people get, reading the language
    they name (else the one their Accept-Language prefers); the password must be long enough."""
    password_hash = await access.passwords.hash_new(data.password)
    language = data.language or negotiate(accept_language)
    profile = UserCreate(
        username=data.username, email=data.email, timezone=data.timezone, language=language
    )
    return await user_service.create_user(
        session, profile, defaults=rules.new_people, password_hash=password_hash
    )


async def sign_in(
    session: AsyncSession,
    access: Access,
    settings: Settings,
    credentials: Credentials,
    *,
    client_address: str,
    now: datetime,
) -> TokenPair:
    """Tokens for a username and password; the same 401 for an unknown user and a bad password."""
    username = credentials.username.lower()
    await _refuse_when_too_many_failures(session, settings, username, client_address, now)
    user = await users.find_by_username(session, username)
    stored = user.password_hash if user is not None else None
    matches, new_hash = await access.passwords.check(credentials.password, stored)
    if user is None or not matches:
        await repository.record_failure(
            session, username=username, client_address=client_address, now=now
        )
        await session.commit()
        raise Unauthorized(WRONG_CREDENTIALS)
    if new_hash is not None:
        user.password_hash = new_hash
    await repository.forget_expired(session, user_id=user.id, now=now)
    pair = _issue(session, access, settings, user, family=secrets.token_hex(16), now=now)
    await session.commit()
    return pair


async def rotate(
    session: AsyncSession, access: Access, settings: Settings, token: str, *, now: datetime
) -> TokenPair:
    """New tokens for a refresh token, which stops working; a reused one revokes its family."""
    stored = await repository.find_refresh_token(session, digest(token))
    if stored is None or stored.expires_at <= now:
        raise Unauthorized(INVALID_REFRESH)
    if stored.revoked_at is not None:
        # Presented again after rotation or sign-out: whoever holds it now is not its owner.
        await repository.revoke_family(session, stored.family, now=now)
        await session.commit()
        raise Unauthorized(INVALID_REFRESH)
    stored.revoked_at = now
    user = await users.get_user(session, stored.user_id)
    if user is None:
        raise Unauthorized(INVALID_REFRESH)
    pair = _issue(session, access, settings, user, family=stored.family, now=now)
    await session.commit()
    return pair


async def sign_out(session: AsyncSession, token: str, *, now: datetime) -> None:
    """Revoke a refresh token; one that is unknown or already revoked changes nothing."""
    stored = await repository.find_refresh_token(session, digest(token))
    if stored is not None and stored.revoked_at is None:
        stored.revoked_at = now
        await session.commit()


def _issue(
    session: AsyncSession,
    access: Access,
    settings: Settings,
    user: User,
    *,
    family: str,
    now: datetime,
) -> TokenPair:
    refresh = new_secret_token()
    session.add(
        RefreshToken(
            token_hash=digest(refresh),
            family=family,
            user_id=user.id,
            created_at=now,
            expires_at=now + settings.refresh_token_ttl,
        )
    )
    return TokenPair(
        access_token=access.tokens.issue(user.id, user.role, now=now),
        refresh_token=refresh,
        expires_in=int(settings.access_token_ttl.total_seconds()),
    )


async def _refuse_when_too_many_failures(
    session: AsyncSession, settings: Settings, username: str, client_address: str, now: datetime
) -> None:
    failures = await repository.recent_failures(
        session, username=username, client_address=client_address, now=now
    )
    # An address may be a whole office's: it gets more failures than one username does.
    limits = (settings.login_failures_per_minute, settings.login_failures_per_address_per_minute)
    for (count, oldest), limit in zip(failures, limits, strict=True):
        if count >= limit and oldest is not None:
            wait = (oldest + repository.WINDOW - now).total_seconds()
            raise TooManyRequests(
                "too many failed sign-ins; try again later", retry_after=max(1, math.ceil(wait))
            )

"""The users routes: `/api/v1/users`. Every one needs a token."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, status

from task_api.auth.dependencies import PersonDep, PrincipalDep
from task_api.config import Settings
from task_api.db import utcnow
from task_api.dependencies import RulesDep, SessionDep, StoreDep, VerifierDep, get_settings
from task_api.http_errors import responses
from task_api.telegram import service as telegram
from task_api.telegram.schemas import LinkCode
from task_api.users import service
from todo_shared.schemas import (
    MAX_ID,
    Page,
    UnreachableAddress,
    UserCreate,
    UserPublic,
    UserQuery,
    UserUpdate,
)

router = APIRouter(prefix="/api/v1/users", tags=["users"])

UserId = Annotated[int, Path(gt=0, le=MAX_ID, description="The user's id.")]


@router.post("", status_code=status.HTTP_201_CREATED, responses=responses(401, 403, 409, 422, 503))
async def create_user(
    data: UserCreate, session: SessionDep, rules: RulesDep, principal: PrincipalDep
) -> UserPublic:
    """Create a user without a password (admins only; people sign up at /auth/register)."""
    return UserPublic.model_validate(await service.add_user(session, rules, principal, data))


@router.get("", responses=responses(401, 403, 422, 503))
async def list_users(
    query: Annotated[UserQuery, Query()], session: SessionDep, principal: PrincipalDep
) -> Page[UserPublic]:
    """List users (admins and services): by their chat, by whether their chat or address is
    unreachable, by role, or by a part of their username (`q`, whatever its case)."""
    users, total = await service.list_users(session, principal, query)
    items = [UserPublic.model_validate(user) for user in users]
    return Page(items=items, total=total, skip=query.skip, limit=query.limit)


@router.get("/me", responses=responses(401, 403, 503))
async def get_me(session: SessionDep, person: PersonDep) -> UserPublic:
    """Your own account."""
    assert person.user_id is not None
    return UserPublic.model_validate(await service.get_user(session, person, person.user_id))


@router.patch("/me", responses=responses(401, 403, 409, 422, 503))
async def update_me(
    changes: UserUpdate,
    session: SessionDep,
    store: StoreDep,
    rules: RulesDep,
    verifier: VerifierDep,
    person: PersonDep,
) -> UserPublic:
    """Change your email (a new one is unverified, and a code and a link are mailed to it),
    time zone, quiet hours (null: none), the reminders before a task is due or the channels
    reminders go by; your open tasks' reminders move with them."""
    assert person.user_id is not None
    user = await service.update_user(
        session, store, rules, verifier, person, person.user_id, changes
    )
    return UserPublic.model_validate(user)


@router.post(
    "/me/telegram-link", status_code=status.HTTP_201_CREATED, responses=responses(401, 403, 503)
)
async def create_telegram_link(
    session: SessionDep,
    person: PersonDep,
    settings: Annotated[Settings, Depends(get_settings)],
) -> LinkCode:
    """A one-time code (valid 10 minutes) to send the bot: `/start <code>` links that chat."""
    assert person.user_id is not None
    return await telegram.issue_link_code(session, settings, person.user_id, now=utcnow())


@router.get("/{user_id}", responses=responses(401, 403, 404, 422, 503))
async def get_user(user_id: UserId, session: SessionDep, principal: PrincipalDep) -> UserPublic:
    """One user: yourself, or anyone for admins and services."""
    return UserPublic.model_validate(await service.get_user(session, principal, user_id))


@router.patch("/{user_id}", responses=responses(401, 403, 404, 409, 422, 503))
async def update_user(
    user_id: UserId,
    changes: UserUpdate,
    session: SessionDep,
    store: StoreDep,
    rules: RulesDep,
    verifier: VerifierDep,
    principal: PrincipalDep,
) -> UserPublic:
    """Change your email (verified again), time zone, quiet hours or reminders before due
    dates; admins change anyone, and set chats and roles."""
    user = await service.update_user(session, store, rules, verifier, principal, user_id, changes)
    return UserPublic.model_validate(user)


@router.post("/{user_id}/telegram-unreachable", responses=responses(401, 403, 404, 422, 503))
async def mark_telegram_unreachable(
    user_id: UserId,
    session: SessionDep,
    store: StoreDep,
    rules: RulesDep,
    principal: PrincipalDep,
) -> UserPublic:
    """The notifier says this user's chat blocked the bot: reminders stop until /start."""
    user = await service.mark_chat_unreachable(session, store, rules, principal, user_id)
    return UserPublic.model_validate(user)


@router.post("/{user_id}/email-unreachable", responses=responses(401, 403, 404, 422, 503))
async def mark_email_unreachable(
    user_id: UserId,
    body: UnreachableAddress,
    session: SessionDep,
    store: StoreDep,
    rules: RulesDep,
    principal: PrincipalDep,
) -> UserPublic:
    """The notifier says mail to this address bounced for good: no reminders by email until
    the person verifies it again. An address they have changed since is left as it is.

    For the notifier's workers (the `chats:unreachable` scope) and admins."""
    user = await service.mark_email_unreachable(
        session, store, rules, principal, user_id, body.email
    )
    return UserPublic.model_validate(user)

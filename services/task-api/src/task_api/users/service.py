"""What can be done with users."""

import unicodedata

import confusables
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from task_api.auth.principal import Principal, Scope
from task_api.db import utcnow
from task_api.errors import Conflict, Forbidden, InvalidField, NotFound
from task_api.tasks.rules import TaskRules
from task_api.tasks.service import reschedule_open_tasks
from task_api.tasks.store import TaskStore, TaskWrites
from task_api.users import repository
from task_api.users.defaults import NewPeople
from task_api.users.models import IMPORTER_USERNAME, User
from task_api.verification.service import Verifier
from todo_shared.enums import Role
from todo_shared.schemas import UserCreate, UserQuery, UserUpdate

ADMIN_ONLY_FIELDS = ("telegram_chat_id", "role")
RESCHEDULING_FIELDS = {"timezone", "remind_before", "channels"}
"""A change of these (or of quiet hours, or of the address) moves the person's reminders."""
RESERVED_USERNAMES = (IMPORTER_USERNAME,)


async def create_user(
    session: AsyncSession,
    data: UserCreate,
    *,
    defaults: NewPeople,
    password_hash: str | None = None,
    role: Role = Role.USER,
) -> User:
    """Add a user, with the defaults for what `data` leaves out; a username or chat that is
    already taken, or reserved, is a conflict."""
    if looks_reserved(data.username):
        raise Conflict("the username {username!r} is reserved", username=data.username)
    if await repository.find_by_username(session, data.username) is not None:
        raise Conflict("the username {username!r} is already taken", username=data.username)
    if data.telegram_chat_id is not None:
        await _refuse_taken_chat(session, data.telegram_chat_id)
    fields = data.model_dump() | {"language": defaults.language_for(data.language)}
    user = User(**fields, password_hash=password_hash, role=role)
    user.quiet_hours = defaults.quiet_hours
    session.add(user)
    try:
        await session.commit()
    except IntegrityError as error:
        # Two sign-ups at the same moment: the unique indexes decide.
        if "username" in str(error.orig):
            raise Conflict("this username is already taken") from error
        raise Conflict("this Telegram chat is already taken") from error
    return user


async def add_user(
    session: AsyncSession, rules: TaskRules, principal: Principal, data: UserCreate
) -> User:
    """Add a user without a password, as an admin does; people sign up themselves."""
    if not principal.is_admin:
        raise Forbidden("only admins create users here; sign up at /api/v1/auth/register")
    return await create_user(session, data, defaults=rules.new_people)


async def list_users(
    session: AsyncSession, principal: Principal, query: UserQuery
) -> tuple[list[User], int]:
    """The users `query` asks for, and how many match (admins and services)."""
    if not (principal.is_admin or principal.is_service):
        raise Forbidden("only admins and services may list users")
    return await repository.list_users(session, query)


def looks_reserved(username: str) -> bool:
    """True for a name that reads as a reserved one, whatever its case, accents or letters.

    Accents go first (NFKD, marks dropped), full-width and other compatibility forms next
    (NFKC); then look-alike letters (a Cyrillic "i", a small "l" for "I") are matched.
    """
    decomposed = unicodedata.normalize("NFKD", username)
    plain = unicodedata.normalize(
        "NFKC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )
    return any(confusables.is_confusable(plain, name) for name in RESERVED_USERNAMES)


async def get_user(session: AsyncSession, principal: Principal, user_id: int) -> User:
    """A user the caller may see: themselves, or anyone for admins and services."""
    if not (principal.owns(user_id) or principal.is_admin or principal.is_service):
        raise Forbidden("you may see only your own account")
    user = await repository.get_user(session, user_id)
    if user is None:
        raise NotFound("user {user_id} not found", user_id=user_id)
    return user


async def update_user(
    session: AsyncSession,
    store: TaskStore,
    rules: TaskRules,
    verifier: Verifier,
    principal: Principal,
    user_id: int,
    changes: UserUpdate,
) -> User:
    """Change the given fields of a user; people change themselves, admins anyone.

    A new address is unverified, and its code and link are mailed in the same transaction: a
    mail server that fails changes nothing."""
    if not (principal.owns(user_id) or principal.is_admin):
        raise Forbidden("you may change only your own account")
    fields = changes.model_dump(exclude_unset=True)
    admin_only = [name for name in ADMIN_ONLY_FIELDS if name in fields]
    if admin_only and not principal.is_admin:
        raise Forbidden(
            "only an admin may set {fields}; "
            "link a Telegram chat by sending a link code to the bot",
            fields=", ".join(admin_only),
        )
    if "remind_before" in fields and fields["remind_before"] is None:
        # Every person has reminders before due dates ([] for none); the column is never null.
        raise InvalidField(["body", "remind_before"], "cannot be null; give [] for none")
    if fields.get("role") == Role.IMPORTER:
        raise Forbidden("nobody becomes the importer: it is an account of its own")
    async with store.transaction_of(session) as tasks:
        user = await repository.get_user(session, user_id, for_update=True)
        if user is None:
            raise NotFound("user {user_id} not found", user_id=user_id)
        if user.role == Role.IMPORTER:
            raise Forbidden("the importer's account is not for changing")
        chat_id = fields.pop("telegram_chat_id", user.telegram_chat_id)
        new_email = fields.pop("email", user.email)
        if "quiet_hours" in fields:
            user.quiet_hours = changes.quiet_hours and changes.quiet_hours.rule()
            del fields["quiet_hours"]
        for field, value in fields.items():
            setattr(user, field, value)
        rescheduling = bool(fields.keys() & RESCHEDULING_FIELDS) or (
            "quiet_hours" in changes.model_fields_set
        )
        if new_email != user.email:
            await change_email(session, verifier, user, new_email)
            rescheduling = True
        if chat_id != user.telegram_chat_id:
            await link_chat(session, tasks, rules, user, chat_id)
        elif rescheduling:
            await reschedule_open_tasks(tasks, rules, user.id, now=utcnow())
    return user


async def link_chat(
    session: AsyncSession, tasks: TaskWrites, rules: TaskRules, user: User, chat_id: int | None
) -> None:
    """Point `user`'s reminders at this chat (None: nowhere) and reschedule them."""
    if chat_id is not None:
        await _refuse_taken_chat(session, chat_id, besides=user.id)
    user.telegram_chat_id = chat_id
    user.telegram_unreachable = False
    await reschedule_open_tasks(tasks, rules, user.id, now=utcnow())


async def change_email(
    session: AsyncSession, verifier: Verifier, user: User, email: str | None
) -> None:
    """Give `user` this address (None: none), unverified, and mail it a code when mail can be
    sent; in the caller's transaction, which reschedules their reminders."""
    user.email = email
    user.email_verified_at = None
    user.email_unreachable = False  # that was said of the address they had
    if email is None or not verifier.sends_mail:
        await verifier.forget(session, user.id)
        return
    await verifier.start(session, user, now=utcnow())


async def mark_chat_unreachable(
    session: AsyncSession, store: TaskStore, rules: TaskRules, principal: Principal, user_id: int
) -> User:
    """Stop reminding a user whose chat blocked the bot, until the chat starts the bot again."""
    if Scope.MARK_UNREACHABLE not in principal.scopes and not principal.is_admin:
        raise Forbidden("only the notifier or an admin may mark a chat unreachable")
    async with store.transaction_of(session) as tasks:
        user = await repository.get_user(session, user_id, for_update=True)
        if user is None:
            raise NotFound("user {user_id} not found", user_id=user_id)
        user.telegram_unreachable = True
        await reschedule_open_tasks(tasks, rules, user.id, now=utcnow())
    return user


async def mark_email_unreachable(
    session: AsyncSession,
    store: TaskStore,
    rules: TaskRules,
    principal: Principal,
    user_id: int,
    email: str,
) -> User:
    """Stop reminding a user by email whose address bounced for good, until they verify it
    again; an address they have changed since is theirs no more, and nothing changes."""
    if Scope.MARK_UNREACHABLE not in principal.scopes and not principal.is_admin:
        raise Forbidden("only the notifier or an admin may mark an address unreachable")
    async with store.transaction_of(session) as tasks:
        user = await repository.get_user(session, user_id, for_update=True)
        if user is None:
            raise NotFound("user {user_id} not found", user_id=user_id)
        if user.email != email:
            return user
        user.email_unreachable = True
        user.email_verified_at = None
        await reschedule_open_tasks(tasks, rules, user.id, now=utcnow())
    return user


async def _refuse_taken_chat(
    session: AsyncSession, chat_id: int, besides: int | None = None
) -> None:
    holder = await repository.find_by_chat(session, chat_id)
    if holder is not None and holder.id != besides:
        raise Conflict("this Telegram chat is already linked to another user")

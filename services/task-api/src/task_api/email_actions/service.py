"""What the links of a reminder mail do, each within what its token allows.

A Done or Snooze token reaches one task of one person: another task, or the task once handed
to someone else, is out of its reach. An Unsubscribe token turns email off for one address of
one person, and only while it is still theirs. Opening a link (GET) only looks: mail scanners
open links; what acts is the page's button (POST), or a mail client's one-click POST.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from task_api.email_actions.tokens import (
    ActionToken,
    ActionTokens,
    Purpose,
    TokenExpired,
    TokenRefused,
)
from task_api.tasks import service as tasks
from task_api.tasks.record import TaskRecord
from task_api.tasks.rules import TaskRules
from task_api.tasks.store import TaskStore, TaskWrites
from task_api.users import repository as users
from todo_shared.enums import TaskStatus

SNOOZE = timedelta(hours=1)
"""How long Snooze puts a reminder off: the bot's "1 h"."""


class Outcome(StrEnum):
    """What a link's page says: what it offers to do, what it did, or why it does nothing."""

    OFFERED = "offered"
    DONE = "done"
    SNOOZED = "snoozed"
    UNSUBSCRIBED = "unsubscribed"
    ALREADY_DONE = "already_done"
    DELETED = "deleted"
    OTHER_ADDRESS = "other_address"
    EXPIRED = "expired"
    INVALID = "invalid"


@dataclass(frozen=True)
class ActionResult:
    """The outcome, in the person's language when the token says who they are, with what the
    page names: the task's title, the address, when a snooze ends on their clock."""

    outcome: Outcome
    language: str | None = None
    title: str | None = None
    email: str | None = None
    until: datetime | None = None


class TaskLinks:
    """Done and Snooze: look at the task (GET) or act on it (POST), as its owner would."""

    def __init__(self, store: TaskStore, rules: TaskRules, tokens: ActionTokens) -> None:
        self._store = store
        self._rules = rules
        self._tokens = tokens

    async def look(self, purpose: Purpose, token: str, *, now: datetime) -> ActionResult:
        """What the link would do, changing nothing."""
        async with self._store.transaction() as tx:
            claims, refused = await self._read(tx, purpose, token, now=now)
            if refused is not None:
                return refused
            task = await tx.load(claims.task_id)
            return _refusal(task, claims, purpose) or _result(Outcome.OFFERED, task)

    async def act(self, purpose: Purpose, token: str, *, now: datetime) -> ActionResult:
        """Mark the task done, or snooze it an hour from `now`, in one transaction."""
        async with self._store.transaction() as tx:
            claims, refused = await self._read(tx, purpose, token, now=now)
            if refused is not None:
                return refused
            task = await tx.load(claims.task_id)
            if (refusal := _refusal(task, claims, purpose)) is not None:
                return refusal
            assert task is not None
            changes: dict[str, Any] = {"status": TaskStatus.DONE}
            if purpose == Purpose.SNOOZE:
                changes = {"snoozed_until": now + SNOOZE}
            await tasks.change_loaded_task(
                tx, self._rules, task, changes, actor_id=claims.user_id, now=now
            )
        if purpose == Purpose.DONE:
            return _result(Outcome.DONE, task)
        until = (now + SNOOZE).astimezone(ZoneInfo(self._rules.zone_of(task.user)))
        return _result(Outcome.SNOOZED, task, until=until)

    async def _read(
        self, tx: TaskWrites, purpose: Purpose, token: str, *, now: datetime
    ) -> tuple[ActionToken, None] | tuple[None, ActionResult]:
        """The token's claims, or the page of a token that does nothing."""
        try:
            return self._tokens.read(purpose, token, now=now), None
        except TokenRefused as refused:
            owner = await tx.owner(refused.user_id) if refused.user_id else None
            return None, _refused(refused, owner.language if owner else None)


def _refused(refused: TokenRefused, language: str | None) -> ActionResult:
    """The page of a token that does nothing: expired, or not a genuine one of its purpose."""
    outcome = Outcome.EXPIRED if isinstance(refused, TokenExpired) else Outcome.INVALID
    return ActionResult(outcome, language)


def _refusal(task: TaskRecord | None, claims: ActionToken, purpose: Purpose) -> ActionResult | None:
    """Why a genuine token does nothing to this task, if it does not."""
    if task is None:
        return ActionResult(Outcome.DELETED)
    if task.user_id != claims.user_id:  # handed to someone else: not the link's to touch
        return ActionResult(Outcome.INVALID)
    if task.completed or (purpose == Purpose.DONE and _occurrence_done(task, claims)):
        return _result(Outcome.ALREADY_DONE, task)
    return None


def _occurrence_done(task: TaskRecord, claims: ActionToken) -> bool:
    """True when the Done link's occurrence of a repeating task is done already: the task came
    back open, due at a later one. A link pressed twice finishes one occurrence, not two."""
    if task.recurrence is None or claims.due_at is None or task.due_at is None:
        return False
    return int(task.due_at.timestamp()) != claims.due_at


def _result(outcome: Outcome, task: TaskRecord, until: datetime | None = None) -> ActionResult:
    return ActionResult(outcome, task.user.language, title=task.title, until=until)


class Unsubscribing:
    """Unsubscribe: look at what the link would turn off (GET), or turn it off (POST)."""

    def __init__(self, store: TaskStore, rules: TaskRules, tokens: ActionTokens) -> None:
        self._store = store
        self._rules = rules
        self._tokens = tokens

    async def look(self, session: AsyncSession, token: str, *, now: datetime) -> ActionResult:
        """What the link would turn off, changing nothing."""
        return await self._run(session, token, now=now, act=False)

    async def act(self, session: AsyncSession, token: str, *, now: datetime) -> ActionResult:
        """Turn the person's email channel off, if the address is still theirs, and reschedule
        their reminders, in one transaction."""
        return await self._run(session, token, now=now, act=True)

    async def _run(
        self, session: AsyncSession, token: str, *, now: datetime, act: bool
    ) -> ActionResult:
        try:
            claims = self._tokens.read(Purpose.UNSUBSCRIBE, token, now=now)
        except TokenRefused as refused:
            owner = await users.get_user(session, refused.user_id) if refused.user_id else None
            return _refused(refused, owner.language if owner else None)
        async with self._store.transaction_of(session) as tx:
            user = await users.get_user(session, claims.user_id, for_update=act)
            if user is None:
                return ActionResult(Outcome.INVALID)
            if not claims.is_for(user.email):
                return ActionResult(Outcome.OTHER_ADDRESS, user.language)
            if not act:
                return ActionResult(Outcome.OFFERED, user.language, email=user.email)
            if user.remind_by_email:
                user.remind_by_email = False
                await tasks.reschedule_open_tasks(tx, self._rules, user.id, now=now)
            return ActionResult(Outcome.UNSUBSCRIBED, user.language, email=user.email)

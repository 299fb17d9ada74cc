"""The importer: fetches todos from an outside HTTP API and keeps them as tasks of its own user.

Imported tasks keep their source id, so a second run updates them instead of adding copies. A
run saves everything it fetched, with its events, in one transaction, or nothing: a source
that is down, slow, failing or sending malformed JSON leaves no half import behind. Only one
API process imports at a time (a PostgreSQL advisory lock).
"""

import asyncio
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated
from urllib.parse import urlsplit

import httpx
from pydantic import BaseModel, Field, TypeAdapter, ValidationError
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from task_api.auth.principal import Principal
from task_api.db import utcnow
from task_api.errors import Forbidden
from task_api.tasks.record import Owner, TaskRecord
from task_api.tasks.store import TaskStore, TaskWrites
from task_api.users import repository as users
from task_api.users.models import IMPORTER_USERNAME, User
from task_api.validation_messages import message_for
from todo_shared.enums import Role, TaskStatus, Urgency
from todo_shared.events import Event, ImportCompleted, TaskEventType
from todo_shared.i18n import Text
from todo_shared.retry import pause
from todo_shared.schemas import Storable

log = logging.getLogger(__name__)

IMPORT_LOCK = 0x7461736B_696D7074  # any 64-bit number no other lock of this database uses


class SourceTodo(BaseModel):
    """A todo as jsonplaceholder's `/todos` gives it."""

    user_id: int = Field(alias="userId")
    id: int = Field(gt=0, le=2**63 - 1)
    title: Annotated[str, Field(min_length=1), Storable]
    completed: bool


SOURCE_TODOS = TypeAdapter(list[SourceTodo])


class ImportFailed(Exception):
    """The source could not give todos this run could save; `reason` says why."""

    def __init__(self, template: str, /, **values: object) -> None:
        self.reason = Text(template, **values)
        super().__init__(str(self.reason))


class ImportBusy(Exception):
    """Another API process is importing right now."""


@dataclass(frozen=True)
class ImportOutcome:
    """What a run saved."""

    created: int
    updated: int


class Importer:
    """Imports todos from one source URL into tasks of the importer's user."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        store: TaskStore,
        http: httpx.AsyncClient,
        *,
        source_url: str,
        max_bytes: int,
    ) -> None:
        self._sessionmaker = sessionmaker
        self._store = store
        self._http = http
        self.source_url = source_url
        self._source = urlsplit(source_url).netloc[:64] or source_url[:64]
        self._max_bytes = max_bytes

    async def run(self) -> ImportOutcome:
        """Fetch and save once; ImportFailed (logged) or ImportBusy when that cannot be done."""
        try:
            todos = await self.fetch()
        except ImportFailed as failure:
            log.warning("import failed", extra={"reason": str(failure.reason)})
            raise
        async with self._sessionmaker() as session, self._store.transaction_of(session) as tasks:
            if not await session.scalar(select(func.pg_try_advisory_xact_lock(IMPORT_LOCK))):
                raise ImportBusy
            outcome = await self._save(session, tasks, todos, now=utcnow())
        log.info(
            "import done",
            extra={
                # Not "created": logging refuses to overwrite that attribute of a LogRecord.
                "tasks_created": outcome.created,
                "tasks_updated": outcome.updated,
                "source": self.source_url,
            },
        )
        return outcome

    async def run_for(self, principal: Principal) -> ImportOutcome:
        """An import asked for now, by an admin."""
        if not principal.is_admin:
            raise Forbidden("only admins run the importer")
        return await self.run()

    async def run_every(self, seconds: float, stopping: asyncio.Event) -> None:
        """Import now and then every `seconds`, until stopped; failures are logged, not raised."""
        while not stopping.is_set():
            try:
                await self.run()
            except ImportFailed:
                pass  # run() logged why
            except ImportBusy:
                log.info("import skipped: another process is importing")
            except Exception:  # a broken run must not end the loop, nor the API with it
                log.exception("import crashed")
            await pause(stopping, seconds)

    async def fetch(self) -> list[SourceTodo]:
        """The source's todos, all valid, or ImportFailed saying what was wrong."""
        try:
            async with self._http.stream("GET", self.source_url) as response:
                if response.status_code != 200:
                    raise ImportFailed("the source answered {status}", status=response.status_code)
                body = await self._read_capped(response)
        except httpx.TimeoutException as error:
            raise ImportFailed("the source did not answer in time") from error
        except httpx.HTTPError as error:
            raise ImportFailed(
                "the source could not be reached ({error})", error=type(error).__name__
            ) from error
        try:
            return SOURCE_TODOS.validate_json(body)
        except ValidationError as error:
            problem = error.errors(include_url=False)[0]
            where = ".".join(str(part) for part in problem["loc"]) or Text("the body")
            raise ImportFailed(
                "the source sent malformed todos: {where}: {problem}",
                where=where,
                problem=message_for(problem),
            ) from error

    async def _read_capped(self, response: httpx.Response) -> bytes:
        body = bytearray()
        async for chunk in response.aiter_bytes():
            body += chunk
            if len(body) > self._max_bytes:
                raise ImportFailed(
                    "the source sent more than {max_bytes} bytes", max_bytes=self._max_bytes
                )
        return bytes(body)

    async def _save(
        self, session: AsyncSession, tasks: TaskWrites, todos: list[SourceTodo], *, now: datetime
    ) -> ImportOutcome:
        owner = await tasks.owner((await self._importer_user(session)).id)
        assert owner is not None, "the importer's user was just found or made"
        fetched = {todo.id: _imported_task(todo, owner, now) for todo in todos}
        written = await tasks.import_many(self._source, fetched)
        created = sum(new for _, new in written)
        outcome = ImportOutcome(created=created, updated=len(written) - created)
        events: list[Event] = [
            task.event(TaskEventType.CREATED if new else TaskEventType.UPDATED, now=now)
            for task, new in written
        ]
        completed = ImportCompleted(
            event_id=uuid.uuid4(),
            occurred_at=now,
            created_count=outcome.created,
            updated_count=outcome.updated,
        )
        await tasks.announce_events([*events, completed])
        return outcome

    async def _importer_user(self, session: AsyncSession) -> User:
        """The user who owns imported tasks, known by its role; made on the first run.

        Nobody can sign in as it, and its name is reserved: no person's account is it.
        """
        user = await users.find_importer(session)
        if user is None:
            user = User(username=IMPORTER_USERNAME, role=Role.IMPORTER)
            session.add(user)
            await session.flush()
        return user


def _imported_task(todo: SourceTodo, owner: Owner, now: datetime) -> TaskRecord:
    done = todo.completed
    return TaskRecord(
        title=todo.title.strip()[:500] or "(untitled)",
        description=f"From external API: User {todo.user_id}",
        status=TaskStatus.DONE if done else TaskStatus.NEW,
        urgency=Urgency.NOT_URGENT,
        user_id=owner.id,
        user=owner,
        created_at=now,
        updated_at=now,
        started_at=now if done else None,
        completed_at=now if done else None,
    )

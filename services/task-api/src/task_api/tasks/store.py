"""The one writer of tasks and of the outbox: each change and its events in one transaction.

Creating, changing and deleting a task is what the API and the notifier do all day: through the
ORM's unit of work a PATCH cost 4.6 ms of CPU and capped the whole reminder pipeline at 120 a
second (measured). Here the statements (`tasks.statements`) run on asyncpg, and the task is a
`TaskRecord` that the domain rules (`tasks.domain`) change like any other object.

A transaction is the store's own, on its pool, or an ORM session's (`transaction_of`) when a
change of users goes with the writes of tasks, so that both commit together. After a commit that
put events in the outbox, the store wakes its process's relay directly; not by a PostgreSQL
NOTIFY: commits that notify are serialised by a lock of PostgreSQL's own, which cost the API 15%
of its creations a second.
"""

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import asdict
from datetime import datetime, timedelta
from functools import partial

import asyncpg
from sqlalchemy.ext.asyncio import AsyncSession

from task_api.tasks.domain import Completion
from task_api.tasks.record import Owner, TaskRecord
from task_api.tasks.statements import (
    CLAIM,
    COLUMNS,
    COUNT_ACTIVE,
    DELETE,
    IMPORT,
    INSERT,
    LOAD,
    LOAD_MANY,
    LOAD_OPEN,
    LOAD_OWNED,
    LOAD_OWNER,
    LOCK_OWNER,
    NEXT_CLAIMABLE,
    RECORD_COMPLETION,
    RECORD_EVENT,
    SAVE,
)
from todo_shared.events import Event, TaskEventType
from todo_shared.quiet_hours import QuietHours


class TaskWrites:
    """The statements of one transaction."""

    def __init__(self, connection: Callable[[], Awaitable[asyncpg.Connection]]) -> None:
        self._connection = connection  # gives the connection, ready for the next statement
        self.announced = False

    async def owner(self, user_id: int, *, lock: bool = False) -> Owner | None:
        """The user, or None; `lock` holds their row until the transaction ends."""
        query = LOCK_OWNER if lock else LOAD_OWNER
        connection = await self._connection()
        row = await connection.fetchrow(query.sql, *query.arguments({"user_id": user_id}))
        return None if row is None else _owner(row, row["id"])

    async def load(self, task_id: int) -> TaskRecord | None:
        """The task, locked until the transaction ends, or None."""
        connection = await self._connection()
        row = await connection.fetchrow(LOAD.sql, *LOAD.arguments({"task_id": task_id}))
        return None if row is None else _loaded(row)

    async def load_many(self, task_ids: list[int]) -> list[TaskRecord]:
        """The tasks of these ids that exist, locked until the transaction ends."""
        connection = await self._connection()
        rows = await connection.fetch(LOAD_MANY.sql, *LOAD_MANY.arguments({"task_ids": task_ids}))
        return [_loaded(row) for row in rows]

    async def load_of_owner(self, user_id: int, *, open_only: bool) -> list[TaskRecord]:
        """The user's tasks (`open_only`: those not done), locked until the transaction ends."""
        query = LOAD_OPEN if open_only else LOAD_OWNED
        connection = await self._connection()
        rows = await connection.fetch(query.sql, *query.arguments({"user_id": user_id}))
        return [_loaded(row) for row in rows]

    async def insert(self, task: TaskRecord) -> None:
        """Store a new task; it gets its id."""
        connection = await self._connection()
        task.id = await connection.fetchval(INSERT.sql, *INSERT.arguments(_row(task)))

    async def import_many(
        self, source: str, tasks: Mapping[int, TaskRecord]
    ) -> list[tuple[TaskRecord, bool]]:
        """Store each task under its id at `source`: a new one is inserted, a known one updated
        if its title or status moved. The tasks written, each with whether it is new."""
        rows = [
            IMPORT.arguments(_row(task) | {"import_source": source, "import_source_id": source_id})
            for source_id, task in tasks.items()
        ]
        connection = await self._connection()
        written = await connection.fetchmany(IMPORT.sql, rows) if rows else []
        return [
            (_task(row, tasks[row["import_source_id"]].user), row["inserted"]) for row in written
        ]

    async def save(self, task: TaskRecord) -> None:
        """Write the task's changes."""
        await self.save_many([task])

    async def save_many(self, tasks: list[TaskRecord]) -> None:
        """Write the changes of these tasks, in one round trip."""
        rows = [SAVE.arguments(_row(task) | {"task_id": task.id}) for task in tasks]
        connection = await self._connection()
        await connection.executemany(SAVE.sql, rows)

    async def delete(self, task: TaskRecord) -> None:
        """Delete the task."""
        connection = await self._connection()
        await connection.execute(DELETE.sql, *DELETE.arguments({"task_id": task.id}))

    async def record_completion(self, task: TaskRecord, completion: Completion) -> None:
        """Keep this completion in the task's history."""
        values = {"task_id": task.id, **asdict(completion)}
        connection = await self._connection()
        await connection.execute(RECORD_COMPLETION.sql, *RECORD_COMPLETION.arguments(values))

    async def count_active(self, user_id: int) -> int:
        """How many of the user's tasks are not done."""
        query = COUNT_ACTIVE
        connection = await self._connection()
        return await connection.fetchval(query.sql, *query.arguments({"user_id": user_id}))

    async def announce(self, kind: TaskEventType, task: TaskRecord, *, now: datetime) -> None:
        """Put the event of this change in the outbox, in this transaction."""
        await self.announce_many(kind, [task], now=now)

    async def announce_many(
        self, kind: TaskEventType, tasks: list[TaskRecord], *, now: datetime
    ) -> None:
        """Put the events of the same change of these tasks in the outbox, in one round trip."""
        await self.announce_events([task.event(kind, now=now) for task in tasks])

    async def announce_events(self, events: Sequence[Event]) -> None:
        """Put these events in the outbox, in this transaction, in one round trip."""
        rows = [RECORD_EVENT.arguments(_outbox_row(event)) for event in events]
        connection = await self._connection()
        await connection.executemany(RECORD_EVENT.sql, rows)
        self.announced = self.announced or bool(events)


class TaskStore:
    """Opens the transactions that write tasks, and wakes the relay after those with events."""

    def __init__(self, pool: asyncpg.Pool, on_events_committed: Callable[[], None]) -> None:
        self._pool = pool
        self._on_events_committed = on_events_committed

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[TaskWrites]:
        """A transaction: committed when the block ends, rolled back if it raises."""
        async with self._pool.acquire() as connection:
            async with connection.transaction():
                writes = TaskWrites(partial(_as_it_is, connection))
                yield writes
            if writes.announced:
                self._on_events_committed()

    @asynccontextmanager
    async def transaction_of(self, session: AsyncSession) -> AsyncIterator[TaskWrites]:
        """The session's transaction, with these writes in it: its ORM changes and the writes
        are committed together when the block ends, or rolled back together if it raises."""
        writes = TaskWrites(partial(_session_connection, session))
        try:
            yield writes
        except Exception:
            await session.rollback()
            raise
        await session.commit()
        if writes.announced:
            self._on_events_committed()

    async def claim_due(
        self, *, now: datetime, limit: int, lease: timedelta
    ) -> tuple[Sequence[asyncpg.Record], datetime | None]:
        """Lease up to `limit` due tasks until `now + lease`: rows shaped like `DueReminder`,
        earliest first, and the moment the next task becomes claimable (None: none will).

        `SKIP LOCKED` passes over rows another claim is taking at this moment, so two claims
        running together never return the same task. A lease that runs out makes the task
        claimable again; recording the reminder (POST /notifications/sent) or handing it back
        (`/unsent`) ends it.
        """
        values = {"now": now, "limit": limit, "lease_end": now + lease}
        async with self._pool.acquire() as connection, connection.transaction():
            # A lease lost in a crash only offers its task again, which the pipeline already
            # allows for (at-least-once, deduplicated by reminder); so a claim does not wait for
            # the disk.
            await connection.execute("SET LOCAL synchronous_commit = off")
            rows = await connection.fetch(CLAIM.sql, *CLAIM.arguments(values))
            # Read after the leases are written, so the tasks just returned count at their
            # lease's end, not at the due moment they were claimed for.
            next_claimable = await connection.fetchval(
                NEXT_CLAIMABLE.sql, *NEXT_CLAIMABLE.arguments({})
            )
        return sorted(rows, key=lambda row: row["due_at"]), next_claimable


async def _as_it_is(connection: asyncpg.Connection) -> asyncpg.Connection:
    return connection


async def _session_connection(session: AsyncSession) -> asyncpg.Connection:
    """The asyncpg connection of the session's transaction, which sees its ORM changes."""
    await session.flush()
    connection = await session.connection()
    driver: asyncpg.Connection = (await connection.get_raw_connection()).driver_connection
    if not driver.is_in_transaction():
        # SQLAlchemy's asyncpg adapter sends BEGIN with the first statement, not before it.
        await connection.exec_driver_sql("SELECT 1")
    return driver


def _owner(row: asyncpg.Record, user_id: int) -> Owner:
    start, end = row["quiet_hours_start"], row["quiet_hours_end"]
    quiet = None
    if start is not None and end is not None:
        quiet = QuietHours(start, end, row["quiet_hours_let_very_urgent_through"])
    return Owner(
        id=user_id,
        username=row["username"],
        timezone=row["timezone"],
        telegram_chat_id=row["telegram_chat_id"],
        telegram_unreachable=row["telegram_unreachable"],
        quiet_hours=quiet,
        remind_before=row["owner_remind_before"],
        language=row["language"],
        remind_by_telegram=row["remind_by_telegram"],
        remind_by_email=row["remind_by_email"],
        email_verified=row["email_verified"],
    )


def _loaded(row: asyncpg.Record) -> TaskRecord:
    """The task of a row with its columns and its owner's."""
    return _task(row, _owner(row, row["user_id"]))


def _task(row: asyncpg.Record, owner: Owner) -> TaskRecord:
    return TaskRecord(**{name: row[name] for name in COLUMNS}, id=row["id"], user=owner)


def _outbox_row(event: Event) -> dict[str, object]:
    return {
        "event_id": event.event_id,
        "routing_key": str(event.type),
        "body": event.model_dump_json(),
        "created_at": event.occurred_at,
    }


def _row(task: TaskRecord) -> dict[str, object]:
    return {name: getattr(task, name) for name in COLUMNS}

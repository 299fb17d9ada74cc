"""The database: table metadata, the engine and the sessions that requests use."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Self

import asyncpg
from sqlalchemy import Enum, Executable, MetaData
from sqlalchemy.dialects.postgresql.asyncpg import dialect as asyncpg_dialect
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase

from task_api.config import DatabaseSettings
from todo_shared.postgres import asyncpg_dsn

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """The declarative base of every table, with names Alembic can rely on."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def checked_strings(enum: type[StrEnum]) -> Enum:
    """A column type for an enum, stored as strings that a CHECK constraint keeps to its values.

    Not a PostgreSQL enum type, so that adding a value needs no ALTER TYPE.
    """
    return Enum(
        enum,
        native_enum=False,
        create_constraint=True,
        length=16,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


def utcnow() -> datetime:
    """The current moment in UTC: the one clock task-api reads."""
    return datetime.now(UTC)


def create_engine(settings: DatabaseSettings) -> AsyncEngine:
    """The engine of the writes: its connections give up after the configured timeout."""
    return create_async_engine(
        settings.database_url,
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_pool_size,
        pool_timeout=settings.database_timeout_seconds,
        connect_args={
            "timeout": settings.database_timeout_seconds,
            "command_timeout": settings.database_timeout_seconds * 6,
            "server_settings": {"application_name": "task-api"},
        },
    )


async def create_pool(settings: DatabaseSettings) -> asyncpg.Pool:
    """Plain asyncpg, for the hot statements that need no unit of work: reads, writes of tasks.

    SQLAlchemy's async layer (greenlets, pool checkout, the transaction each connection opens,
    its row processing) took half the time of `GET /api/v1/tasks/{id}` and a third of a claim;
    these statements are SQLAlchemy Core compiled once (`CompiledQuery`) and skip it.
    """
    return await asyncpg.create_pool(
        asyncpg_dsn(settings.database_url),
        min_size=0,
        max_size=settings.database_pool_size,
        timeout=settings.database_timeout_seconds,
        command_timeout=settings.database_timeout_seconds * 6,
        server_settings={"application_name": "task-api-asyncpg"},
        reset=_keep_session,
    )


async def _keep_session(connection: asyncpg.Connection) -> None:
    """Skip the reset query asyncpg runs on each connection given back to the pool.

    The statements on this pool leave no session state: their locks and settings are
    transaction-scoped, and asyncpg still rolls back a transaction left open. The query cost a
    round trip per request, 8% of the API's CPU under the reminder pipeline's load (measured).
    """


_ASYNCPG = asyncpg_dialect()


@dataclass(frozen=True)
class CompiledQuery:
    """A SQLAlchemy statement compiled once for asyncpg, and the order of its parameters."""

    sql: str
    parameters: tuple[str, ...]
    literals: Mapping[str, Any]
    """The values of the parameters the statement brought itself (a `!= 'done'`, say)."""

    @classmethod
    def of(cls, statement: Executable) -> Self:
        """Compile `statement`; the values it leaves open are named `bindparam`s."""
        compiled = statement.compile(dialect=_ASYNCPG)
        literals = {name: value for name, value in compiled.params.items() if value is not None}
        return cls(str(compiled), tuple(compiled.positiontup or ()), literals)

    def arguments(self, values: Mapping[str, Any]) -> list[Any]:
        """The positional arguments for asyncpg, taken by name from `values` (or the literals)."""
        return [values[name] if name in values else self.literals[name] for name in self.parameters]


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker:
    """Sessions that keep loaded objects usable after commit, for building responses."""
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)

"""Alembic's entry: runs the migrations online, over an asyncpg connection."""

import asyncio

from alembic import context
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from task_api.all_models import import_all_models
from task_api.config import DatabaseSettings
from task_api.db import Base

import_all_models()
target_metadata = Base.metadata


def _database_url() -> str:
    # `python -m task_api migrate` and the tests set the URL; the alembic CLI reads the settings.
    return context.config.get_main_option("sqlalchemy.url") or DatabaseSettings().database_url


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


async def _run_online() -> None:
    engine = create_async_engine(_database_url())
    async with engine.connect() as connection:
        await connection.run_sync(_run)
    await engine.dispose()


if context.is_offline_mode():
    context.configure(url=_database_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_run_online())

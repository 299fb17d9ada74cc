"""The schema comes only from migrations, and they run both ways."""

import asyncio

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, inspect
from sqlalchemy.ext.asyncio import create_async_engine

from task_api import migrate
from task_api.db import Base
from task_api.models import import_all_models


async def table_names(url: str) -> set[str]:
    engine = create_async_engine(url)
    async with engine.connect() as connection:
        names = await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))
    await engine.dispose()
    return names - {"alembic_version"}


async def differences(url: str) -> list:
    import_all_models()

    def compare(connection: Connection) -> list:
        return compare_metadata(MigrationContext.configure(connection), Base.metadata)

    engine = create_async_engine(url)
    async with engine.connect() as connection:
        found = await connection.run_sync(compare)
    await engine.dispose()
    return found


async def test_upgrade_downgrade_and_upgrade_again(scratch_database_url: str) -> None:
    await asyncio.to_thread(migrate.upgrade, scratch_database_url)
    assert await table_names(scratch_database_url) >= {"app_user", "task"}

    await asyncio.to_thread(migrate.downgrade, scratch_database_url, "base")
    assert await table_names(scratch_database_url) == set()

    await asyncio.to_thread(migrate.upgrade, scratch_database_url)
    assert await table_names(scratch_database_url) >= {"app_user", "task"}


async def test_the_models_match_the_migrations(scratch_database_url: str) -> None:
    await asyncio.to_thread(migrate.upgrade, scratch_database_url)
    assert await differences(scratch_database_url) == []

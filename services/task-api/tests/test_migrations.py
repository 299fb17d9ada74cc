"""The schema comes only from migrations, and they run both ways."""

import asyncio
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, inspect
from sqlalchemy.ext.asyncio import create_async_engine

from task_api import migrate
from task_api.all_models import import_all_models
from task_api.db import Base
from todo_shared.postgres import asyncpg_dsn


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


async def test_a_pending_snooze_becomes_the_next_reminder_of_existing_tasks(
    scratch_database_url: str,
) -> None:
    await asyncio.to_thread(migrate.upgrade, scratch_database_url, "9e15416c32bd")
    created = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    snooze, cadence = created + timedelta(hours=13), created + timedelta(hours=22)
    spent = created + timedelta(hours=1)
    # (last_notification, snoozed_until, next_notification_at as the old rule stored it)
    rows = [
        (created + timedelta(hours=12), snooze, cadence),
        (spent, spent, cadence),
        (None, None, cadence),
        (None, snooze, None),
    ]
    connection = await asyncpg.connect(asyncpg_dsn(scratch_database_url))
    try:
        user_id = await connection.fetchval(
            "INSERT INTO app_user (username, created_at) VALUES ('ann', $1) RETURNING id", created
        )
        for last, snoozed, next_at in rows:
            await connection.execute(
                "INSERT INTO task (title, status, urgency, user_id, created_at, updated_at,"
                " time_spent_seconds, last_notification, snoozed_until, next_notification_at)"
                " VALUES ('t', 'new', 'urgent', $1, $2, $2, 0, $3, $4, $5)",
                user_id,
                created,
                last,
                snoozed,
                next_at,
            )
        await asyncio.to_thread(migrate.upgrade, scratch_database_url)
        moved = await connection.fetch("SELECT next_notification_at FROM task ORDER BY id")
    finally:
        await connection.close()

    assert [row["next_notification_at"] for row in moved] == [snooze, cadence, cadence, None]


BEFORE_THE_IMPORTER_ROLE = "9e15416c32bd"
NEW_TASK = (
    "INSERT INTO task (title, status, urgency, user_id, created_at, updated_at, "
    "time_spent_seconds, next_notification_at, import_source, import_source_id) "
    "VALUES ($1, 'new', 'not_urgent', $2, now(), now(), 0, now(), $3, $4)"
)


@pytest.mark.parametrize(
    ("username", "password_hash"),
    [("importer", None), ("Importer", "$argon2id$v=19$m=1024,t=1,p=1$c2FsdA$aGFzaA")],
    ids=["made by the importer", "taken by a person"],
)
async def test_imported_tasks_end_with_the_importer_and_people_keep_theirs(
    scratch_database_url: str, username: str, password_hash: str | None
) -> None:
    await asyncio.to_thread(migrate.upgrade, scratch_database_url, BEFORE_THE_IMPORTER_ROLE)
    connection = await asyncpg.connect(asyncpg_dsn(scratch_database_url))
    try:
        holder = await connection.fetchval(
            "INSERT INTO app_user (username, password_hash, created_at) VALUES ($1, $2, now()) "
            "RETURNING id",
            username,
            password_hash,
        )
        await connection.execute(NEW_TASK, "imported", holder, "example.org", 1)
        await connection.execute(NEW_TASK, "their own", holder, None, None)
        await asyncio.to_thread(migrate.upgrade, scratch_database_url)
        importer = await connection.fetchrow("SELECT * FROM app_user WHERE role = 'importer'")
        owners = dict(await connection.fetch("SELECT title, user_id FROM task"))
        held = await connection.fetchrow("SELECT * FROM app_user WHERE id = $1", holder)
    finally:
        await connection.close()
    assert owners["imported"] == importer["id"]
    assert owners["their own"] == holder
    assert importer["username"] == "importer"
    if password_hash is None:  # the account the importer made is the importer
        assert importer["id"] == holder
    else:  # the person keeps their account, name and own task, and is no importer
        assert (held["role"], held["username"]) == ("user", "Importer")
        assert importer["id"] != holder


BEFORE_QUIET_HOURS_AND_DUE_DATES = "7c3d9a1e5b20"


async def test_existing_people_and_tasks_keep_their_reminders_as_they_were(
    scratch_database_url: str,
) -> None:
    await asyncio.to_thread(migrate.upgrade, scratch_database_url, BEFORE_QUIET_HOURS_AND_DUE_DATES)
    created = datetime(2026, 12, 1, 22, 30, tzinfo=UTC)  # reminders at night stay at night
    connection = await asyncpg.connect(asyncpg_dsn(scratch_database_url))
    try:
        user_id = await connection.fetchval(
            "INSERT INTO app_user (username, created_at) VALUES ('ann', $1) RETURNING id", created
        )
        await connection.execute(
            "INSERT INTO task (title, status, urgency, user_id, created_at, updated_at,"
            " time_spent_seconds, next_notification_at) VALUES ('t', 'new', 'very_urgent', $1,"
            " $2, $2, 0, $3)",
            user_id,
            created,
            created + timedelta(hours=3),
        )
        await asyncio.to_thread(migrate.upgrade, scratch_database_url)
        person = await connection.fetchrow("SELECT * FROM app_user")
        task = await connection.fetchrow("SELECT * FROM task")
    finally:
        await connection.close()
    assert (person["quiet_hours_start"], person["quiet_hours_end"]) == (None, None)
    assert person["remind_before"] == [timedelta(days=1), timedelta(hours=1)]
    assert task["next_notification_at"] == created + timedelta(hours=3)
    assert (task["due_at"], task["recurrence"], task["remind_before"]) == (None, None, None)


BEFORE_VERIFIED_EMAIL = "3a7d5e9c1f24"


async def test_an_existing_address_is_unverified(scratch_database_url: str) -> None:
    await asyncio.to_thread(migrate.upgrade, scratch_database_url, BEFORE_VERIFIED_EMAIL)
    connection = await asyncpg.connect(asyncpg_dsn(scratch_database_url))
    try:
        await connection.execute(
            "INSERT INTO app_user (username, email, created_at) VALUES ('ann', 'ann@example.org',"
            " now())"
        )
        await asyncio.to_thread(migrate.upgrade, scratch_database_url)
        person = await connection.fetchrow("SELECT email, email_verified_at FROM app_user")
    finally:
        await connection.close()
    assert (person["email"], person["email_verified_at"]) == ("ann@example.org", None)


BEFORE_CHANNELS = "a2137b3dae99"


async def test_channels_keep_people_reminded_by_telegram_as_before_both_ways(
    scratch_database_url: str,
) -> None:
    await asyncio.to_thread(migrate.upgrade, scratch_database_url, BEFORE_CHANNELS)
    due = datetime(2026, 12, 9, 9, 0, tzinfo=UTC)
    connection = await asyncpg.connect(asyncpg_dsn(scratch_database_url))
    try:
        user_id = await connection.fetchval(
            "INSERT INTO app_user (username, telegram_chat_id, email, created_at)"
            " VALUES ('ann', 42, 'ann@example.org', now()) RETURNING id"
        )
        await connection.execute(
            "INSERT INTO task (title, status, urgency, user_id, created_at, updated_at,"
            " time_spent_seconds, next_notification_at) VALUES ('t', 'new', 'urgent', $1,"
            " now(), now(), 0, $2)",
            user_id,
            due,
        )
        await asyncio.to_thread(migrate.upgrade, scratch_database_url)
        person = await connection.fetchrow("SELECT * FROM app_user")
        upgraded = await connection.fetchval("SELECT next_notification_at FROM task")
        await asyncio.to_thread(migrate.downgrade, scratch_database_url, BEFORE_CHANNELS)
        downgraded = await connection.fetchrow("SELECT * FROM app_user")
        kept = await connection.fetchval("SELECT next_notification_at FROM task")
    finally:
        await connection.close()
    assert (person["remind_by_telegram"], person["remind_by_email"]) == (True, True)
    assert person["email_unreachable"] is False
    assert (person["telegram_chat_id"], person["email_verified_at"]) == (42, None)
    assert upgraded == kept == due
    assert "remind_by_telegram" not in downgraded
    assert downgraded["telegram_chat_id"] == 42

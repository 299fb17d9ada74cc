"""The URL a service is given, as asyncpg takes it: the same server, user and options."""

import pytest

from todo_shared.postgres import asyncpg_dsn


@pytest.mark.parametrize(
    ("database_url", "dsn"),
    [
        (
            "postgresql+asyncpg://postgres@127.0.0.1:5432/todo",
            "postgresql://postgres@127.0.0.1:5432/todo",
        ),
        (
            "postgresql://app:p%40ss@db/todo?ssl=require",
            "postgresql://app:p%40ss@db/todo?ssl=require",
        ),
        ("postgresql+asyncpg://app:a+b@db/todo", "postgresql://app:a+b@db/todo"),
    ],
)
def test_asyncpg_dsn_drops_only_the_driver(database_url: str, dsn: str) -> None:
    assert asyncpg_dsn(database_url) == dsn

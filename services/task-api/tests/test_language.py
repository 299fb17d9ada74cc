"""A person's language: chosen at sign-up, by Accept-Language, by Telegram, or changed later."""

import httpx
import pytest

from todo_testkit.factories import new_chat_id, unique_name
from todo_testkit.typing import Caller

PASSWORD = "correct horse battery staple"


async def sign_up(anonymous: httpx.AsyncClient, headers: dict[str, str], **fields: str) -> dict:
    body = {"username": unique_name("reader"), "password": PASSWORD, **fields}
    answer = await anonymous.post("/api/v1/auth/register", json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    return answer.json()


@pytest.mark.parametrize(
    ("fields", "accept_language", "expected"),
    [
        ({}, None, "en"),
        ({}, "ru-RU,ru;q=0.9,en;q=0.8", "ru"),
        ({}, "de-DE,de;q=0.9", "en"),
        ({"language": "en"}, "ru", "en"),
        ({"language": "ru"}, None, "ru"),
    ],
    ids=["the default", "Accept-Language", "none of ours", "named over the header", "named"],
)
async def test_a_new_person_reads_the_language_they_ask_for(
    anonymous: httpx.AsyncClient,
    fields: dict[str, str],
    accept_language: str | None,
    expected: str,
) -> None:
    headers = {"Accept-Language": accept_language} if accept_language else {}
    person = await sign_up(anonymous, headers, **fields)
    assert person["language"] == expected


async def test_a_person_changes_their_language(person: Caller) -> None:
    changed = await person.client.patch("/api/v1/users/me", json={"language": "ru"})
    assert changed.status_code == 200, changed.text
    assert changed.json()["language"] == "ru"
    assert (await person.client.get("/api/v1/users/me")).json()["language"] == "ru"


@pytest.mark.parametrize("language", [None, "de", "russian", ""])
async def test_what_is_not_one_of_our_languages_is_refused(
    person: Caller, language: str | None
) -> None:
    answer = await person.client.patch("/api/v1/users/me", json={"language": language})
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["loc"] == ["body", "language"]


@pytest.mark.parametrize(
    ("language_code", "expected"),
    [("ru", "ru"), ("ru-RU", "ru"), ("en-GB", "en"), ("uk", "en"), (None, "en")],
)
async def test_a_chat_that_starts_the_bot_reads_its_telegram_language(
    bot: httpx.AsyncClient, language_code: str | None, expected: str
) -> None:
    body = {"chat_id": new_chat_id(), "language_code": language_code}
    answer = await bot.post("/api/v1/telegram/accounts", json=body)
    assert answer.status_code == 201, answer.text
    assert answer.json()["language"] == expected

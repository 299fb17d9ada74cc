"""The links of a reminder mail: Done, Snooze 1 h and Unsubscribe, without signing in.

Opening a link (GET, as mail scanners do) changes nothing and shows a button; the button
(POST), or a mail client's one-click POST, acts. A token reaches one task (or one address) of
one person, for one purpose, for a while.
"""

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from task_api.config import Settings
from task_api.email_actions.tokens import ActionTokens, Purpose, address_digest, task_subject
from todo_testkit.typing import Caller, Json, MakeCaller, MakeJson

VerifyAddress = Callable[[Caller], Awaitable[str]]
PATHS = {
    Purpose.DONE: "/api/v1/email/tasks/done",
    Purpose.SNOOZE: "/api/v1/email/tasks/snooze",
    Purpose.UNSUBSCRIBE: "/api/v1/email/unsubscribe",
}
ME = "/api/v1/users/me"


def token(
    settings: Settings,
    purpose: Purpose,
    user_id: int,
    subject: int | str,
    valid_for: timedelta = timedelta(days=1),
) -> str:
    """A token as a claim mints it, valid for this long (negative: expired)."""
    expires = int((datetime.now(UTC) + valid_for).timestamp())
    return ActionTokens(settings.jwt_secret).mint(purpose, user_id, subject, expires=expires)


async def task_now(caller: Caller, task: Json) -> Json:
    return (await caller.client.get(f"/api/v1/tasks/{task['id']}")).json()


@pytest.fixture
def open_link(anonymous: httpx.AsyncClient) -> Callable[..., Awaitable[httpx.Response]]:
    """GET or POST a link's path with its token, as a browser (or a mail client) would."""

    async def open_(method: str, purpose: Purpose, value: str, **request: object) -> httpx.Response:
        return await anonymous.request(method, PATHS[purpose], params={"token": value}, **request)

    return open_


async def test_done_shows_a_button_and_only_the_button_marks_the_task_done(
    person: Caller, make_task: MakeJson, settings: Settings, open_link, anonymous
) -> None:
    task = await make_task(person, title="Pay rent")
    done = token(settings, Purpose.DONE, person.id, task["id"])

    opened = await open_link("GET", Purpose.DONE, done)
    assert opened.status_code == 200
    assert opened.headers["content-type"].startswith("text/html")
    assert opened.headers["content-language"] == "en"
    assert '<html lang="en">' in opened.text
    assert "Mark “Pay rent” done?" in opened.text
    assert f'<form method="post" action="{PATHS[Purpose.DONE]}?token=' in opened.text
    assert await task_now(person, task) == task, "opening the link changed the task"

    acted = await open_link("POST", Purpose.DONE, done)
    again = await open_link("POST", Purpose.DONE, done)

    assert acted.status_code == 200
    assert "“Pay rent” is done." in acted.text
    assert (await task_now(person, task))["status"] == "done"
    assert again.status_code == 200
    assert "“Pay rent” is already done." in again.text
    history = await person.client.get(f"/api/v1/tasks/{task['id']}/completions")
    assert history.json()["total"] == 1


async def test_snooze_puts_the_reminder_off_an_hour_and_says_until_when_in_russian(
    make_linked_person: MakeCaller, make_task: MakeJson, settings: Settings, open_link
) -> None:
    person = await make_linked_person(language="ru", timezone="Asia/Tokyo")
    task = await make_task(person, title="Оплатить аренду")
    snooze = token(settings, Purpose.SNOOZE, person.id, task["id"])

    opened = await open_link("GET", Purpose.SNOOZE, snooze)
    assert opened.headers["content-language"] == "ru"
    assert '<html lang="ru">' in opened.text
    assert "Отложить напоминания о задаче «Оплатить аренду» на час?" in opened.text
    assert await task_now(person, task) == task

    before = datetime.now(UTC)
    acted = await open_link("POST", Purpose.SNOOZE, snooze)

    assert acted.status_code == 200
    now = await task_now(person, task)
    until = datetime.fromisoformat(now["snoozed_until"])
    assert before + timedelta(hours=1) <= until <= datetime.now(UTC) + timedelta(hours=1)
    assert now["next_notification_at"] == now["snoozed_until"]
    wall = until.astimezone(ZoneInfo("Asia/Tokyo")).strftime("%H:%M")
    assert f"Задача «Оплатить аренду» отложена до {wall}." in acted.text


@pytest.mark.parametrize(
    "forge",
    ["wrong purpose", "another task", "another person", "tampered", "nonsense"],
)
async def test_a_token_reaches_only_its_own_task_for_its_own_purpose(
    make_person: MakeCaller, make_task: MakeJson, settings: Settings, open_link, forge: str
) -> None:
    person, other = await make_person(), await make_person()
    task = await make_task(person)
    others = await make_task(other)
    done = token(settings, Purpose.DONE, person.id, task["id"])
    payload, _, signature = done.rpartition(".")
    forged = {
        "wrong purpose": token(settings, Purpose.SNOOZE, person.id, task["id"]),
        "another task": done.replace(f".{task['id']}.", f".{others['id']}.", 1),
        "another person": token(settings, Purpose.DONE, person.id, others["id"]),
        "tampered": f"{payload}.{signature[:-2]}AA",
        "nonsense": "not.a.token",
    }[forge]

    for method in ("GET", "POST"):
        answer = await open_link(method, Purpose.DONE, forged)
        assert answer.status_code == 400, answer.text
        assert "This link is not valid." in answer.text

    assert (await task_now(person, task))["status"] == "new"
    assert (await task_now(other, others))["status"] == "new"


async def test_an_expired_link_says_so_in_its_persons_language(
    make_person: MakeCaller, make_task: MakeJson, settings: Settings, open_link
) -> None:
    person = await make_person(language="ru")
    task = await make_task(person)
    old = token(settings, Purpose.DONE, person.id, task["id"], valid_for=timedelta(seconds=-1))

    answer = await open_link("POST", Purpose.DONE, old)

    assert answer.status_code == 410
    assert answer.headers["content-language"] == "ru"
    assert "Срок действия этой ссылки истёк" in answer.text
    assert (await task_now(person, task))["status"] == "new"


async def test_a_deleted_task_or_one_handed_to_someone_else_is_out_of_reach(
    make_person: MakeCaller, make_task: MakeJson, settings: Settings, open_link, engine: AsyncEngine
) -> None:
    person, other = await make_person(), await make_person()
    deleted, handed = await make_task(person), await make_task(person)
    await person.client.delete(f"/api/v1/tasks/{deleted['id']}")
    async with engine.begin() as connection:
        await connection.execute(
            text("UPDATE task SET user_id = :other WHERE id = :id"),
            {"other": other.id, "id": handed["id"]},
        )

    gone = await open_link(
        "POST", Purpose.DONE, token(settings, Purpose.DONE, person.id, deleted["id"])
    )
    refused = await open_link(
        "POST", Purpose.SNOOZE, token(settings, Purpose.SNOOZE, person.id, handed["id"])
    )

    assert gone.status_code == 410
    assert "This task was deleted." in gone.text
    assert refused.status_code == 400
    assert (await task_now(other, handed))["snoozed_until"] is None


async def test_everything_the_page_shows_is_escaped(
    person: Caller, make_task: MakeJson, settings: Settings, open_link
) -> None:
    task = await make_task(person, title='<script>alert("x")</script> & co')

    opened = await open_link(
        "GET", Purpose.DONE, token(settings, Purpose.DONE, person.id, task["id"])
    )

    assert "<script>" not in opened.text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in opened.text


async def test_a_repeating_task_done_by_link_moves_to_its_next_occurrence_once(
    person: Caller, make_task: MakeJson, settings: Settings, open_link
) -> None:
    task = await make_task(person, recurrence="FREQ=DAILY")
    occurrence = task_subject(task["id"], datetime.fromisoformat(task["due_at"]))
    done = token(settings, Purpose.DONE, person.id, occurrence)

    acted = await open_link("POST", Purpose.DONE, done)
    again = await open_link("POST", Purpose.DONE, done)

    assert acted.status_code == 200
    now = await task_now(person, task)
    assert now["status"] != "done"
    assert datetime.fromisoformat(now["due_at"]) > datetime.fromisoformat(task["due_at"])
    assert again.status_code == 200
    assert "already done" in again.text
    assert await task_now(person, task) == now, "a link pressed twice finished two occurrences"
    history = await person.client.get(f"/api/v1/tasks/{task['id']}/completions")
    assert history.json()["total"] == 1


async def unsubscribe_token(settings: Settings, caller: Caller, address: str) -> str:
    return token(
        settings, Purpose.UNSUBSCRIBE, caller.id, address_digest(address), timedelta(days=90)
    )


@pytest.mark.parametrize("how", ["the page's button", "one-click"])
async def test_unsubscribing_turns_email_off_and_stops_its_reminders(
    person: Caller,
    make_task: MakeJson,
    verify_address: VerifyAddress,
    settings: Settings,
    open_link,
    how: str,
) -> None:
    address = await verify_address(person)
    task = await make_task(person)
    assert (await task_now(person, task))["next_notification_at"] is not None
    unsubscribe = await unsubscribe_token(settings, person, address)

    opened = await open_link("GET", Purpose.UNSUBSCRIBE, unsubscribe)
    assert opened.status_code == 200
    assert f"Stop reminders by email to {address}?" in opened.text
    assert (await person.client.get(ME)).json()["channels"] == ["email", "telegram"]

    one_click = {"data": {"List-Unsubscribe": "One-Click"}} if how == "one-click" else {}
    acted = await open_link("POST", Purpose.UNSUBSCRIBE, unsubscribe, **one_click)

    assert acted.status_code == 200, acted.text
    assert f"Reminders by email to {address} are off." in acted.text
    assert (await person.client.get(ME)).json()["channels"] == ["telegram"]
    assert (await task_now(person, task))["next_notification_at"] is None
    again = await open_link("POST", Purpose.UNSUBSCRIBE, unsubscribe)
    assert again.status_code == 200


async def test_an_unsubscribe_link_of_an_address_changed_since_changes_nothing(
    make_person: MakeCaller, verify_address: VerifyAddress, settings: Settings, open_link
) -> None:
    person = await make_person(language="ru")
    old = await verify_address(person)
    await verify_address(person)
    unsubscribe = await unsubscribe_token(settings, person, old)

    answer = await open_link("POST", Purpose.UNSUBSCRIBE, unsubscribe)

    assert answer.status_code == 410
    assert "ничего не изменено" in answer.text
    assert (await person.client.get(ME)).json()["channels"] == ["email", "telegram"]
    for purpose in (Purpose.DONE, Purpose.SNOOZE):  # a task's token unsubscribes nothing
        task_token = token(settings, purpose, person.id, address_digest(old))
        assert (await open_link("POST", Purpose.UNSUBSCRIBE, task_token)).status_code == 400

"""Channels: each person chooses Telegram, email, both or none, and a task is reminded of only
while one of the chosen channels reaches its owner (a chat that has not blocked the bot; a
verified address that has not bounced)."""

from collections.abc import Awaitable, Callable

import httpx
import pytest

from fake_smtp import FakeSmtp
from todo_testkit.task_api import verification_code
from todo_testkit.typing import Caller, Json, MakeCaller, MakeJson

VerifyAddress = Callable[[Caller], Awaitable[str]]

ME = "/api/v1/users/me"


async def reminded(caller: Caller, task: Json) -> bool:
    """Whether the task has a next reminder now."""
    answer = await caller.client.get(f"/api/v1/tasks/{task['id']}")
    return answer.json()["next_notification_at"] is not None


async def set_channels(caller: Caller, *channels: str) -> Json:
    changed = await caller.client.patch(ME, json={"channels": list(channels)})
    assert changed.status_code == 200, changed.text
    return changed.json()


def unreachable(worker: httpx.AsyncClient, caller: Caller, address: str):
    return worker.post(f"/api/v1/users/{caller.id}/email-unreachable", json={"email": address})


async def test_people_start_with_both_channels_and_choose_theirs(person: Caller) -> None:
    assert (await person.client.get(ME)).json()["channels"] == ["email", "telegram"]

    chosen = await set_channels(person, "telegram", "telegram")
    none = await set_channels(person)

    assert chosen["channels"] == ["telegram"]
    assert none["channels"] == []
    assert (await person.client.get(ME)).json()["channels"] == []
    null = await person.client.patch(ME, json={"channels": None})
    unknown = await person.client.patch(ME, json={"channels": ["fax"]})
    assert (null.status_code, unknown.status_code) == (422, 422)
    assert (await person.client.get(ME)).json()["channels"] == []


async def test_turning_telegram_off_stops_reminders_and_on_brings_them_back(
    make_linked_person: MakeCaller, make_task: MakeJson
) -> None:
    owner = await make_linked_person()
    task = await make_task(owner)
    assert await reminded(owner, task)

    await set_channels(owner, "email")  # no verified address: nothing reaches them
    assert not await reminded(owner, task)

    await set_channels(owner, "telegram")
    assert await reminded(owner, task)


async def test_an_email_only_person_is_reminded_once_the_address_is_verified(
    person: Caller, make_task: MakeJson, verify_address: VerifyAddress
) -> None:
    task = await make_task(person)
    assert not await reminded(person, task), "no chat, no verified address"

    await verify_address(person)
    assert await reminded(person, task)

    await set_channels(person, "telegram")
    assert not await reminded(person, task)
    await set_channels(person, "email")
    assert await reminded(person, task)

    await person.client.patch(ME, json={"email": "elsewhere@example.org"})  # unverified
    assert not await reminded(person, task)


async def test_removing_the_address_stops_its_reminders(
    person: Caller, make_task: MakeJson, verify_address: VerifyAddress
) -> None:
    await verify_address(person)
    task = await make_task(person)
    assert await reminded(person, task)

    removed = await person.client.patch(ME, json={"email": None})

    assert removed.json()["email_verified"] is False
    assert not await reminded(person, task)


async def test_an_address_that_bounced_stops_until_verified_again(
    person: Caller,
    make_task: MakeJson,
    verify_address: VerifyAddress,
    worker: httpx.AsyncClient,
    mailbox: FakeSmtp,
) -> None:
    address = await verify_address(person)
    task = await make_task(person)

    marked = await unreachable(worker, person, address)

    assert marked.status_code == 200, marked.text
    assert (marked.json()["email_unreachable"], marked.json()["email_verified"]) == (True, False)
    assert marked.json()["email"] == address
    assert not await reminded(person, task)
    resent = await person.client.post("/api/v1/users/me/email/verification/resend")
    assert resent.status_code == 202, resent.text
    code = verification_code(mailbox.messages(to=address)[-1].text)
    again = await person.client.post("/api/v1/users/me/email/verification", json={"code": code})
    assert (again.json()["email_verified"], again.json()["email_unreachable"]) == (True, False)
    assert await reminded(person, task)


async def test_a_bounce_of_an_address_changed_since_changes_nothing(
    person: Caller, make_task: MakeJson, verify_address: VerifyAddress, worker: httpx.AsyncClient
) -> None:
    old = await verify_address(person)
    await verify_address(person)
    task = await make_task(person)
    before = (await person.client.get(ME)).json()

    marked = await unreachable(worker, person, old)

    assert marked.status_code == 200
    assert marked.json() == before
    assert await reminded(person, task)


@pytest.mark.parametrize("caller", ["person", "bot", "nobody"])
async def test_only_the_notifier_or_an_admin_marks_an_address(
    person: Caller,
    bot: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    admin: Caller,
    verify_address: VerifyAddress,
    caller: str,
) -> None:
    address = await verify_address(person)
    client = {"person": person.client, "bot": bot, "nobody": anonymous}[caller]

    refused = await unreachable(client, person, address)

    assert refused.status_code == (401 if caller == "nobody" else 403)
    assert (await person.client.get(ME)).json()["email_verified"] is True
    by_admin = await unreachable(admin.client, person, address)
    assert by_admin.json()["email_unreachable"] is True


async def test_an_unknown_user_is_404(worker: httpx.AsyncClient) -> None:
    answer = await worker.post(
        "/api/v1/users/999999999/email-unreachable", json={"email": "a@example.org"}
    )
    assert answer.status_code == 404


async def test_null_reminders_before_due_dates_are_refused_not_a_server_error(
    person: Caller,
) -> None:
    refused = await person.client.patch(ME, json={"remind_before": None})

    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "remind_before"]
    assert (await person.client.get(ME)).json()["remind_before"] == ["P1D", "PT1H"]

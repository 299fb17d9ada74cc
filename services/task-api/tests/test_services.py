"""Services call with their own secrets and get only the scopes they need."""

import httpx
import pytest
from pydantic import ValidationError

from task_api.config import Settings
from todo_testkit.typing import Caller, Json, MakeCaller, MakeJson

CLAIM = "/api/v1/notifications/claim"


@pytest.fixture
async def task(make_linked_person: MakeCaller, make_task: MakeJson) -> Json:
    return await make_task(await make_linked_person())


async def test_only_the_producer_claims(
    producer: httpx.AsyncClient,
    worker: httpx.AsyncClient,
    bot: httpx.AsyncClient,
    person: Caller,
    admin: Caller,
) -> None:
    assert (await producer.post(CLAIM, json={})).status_code == 200
    for refused in (worker, bot, person.client, admin.client):
        answer = await refused.post(CLAIM, json={})
        assert answer.status_code == 403
        assert "reminders:claim" in answer.json()["detail"]


async def test_the_worker_reads_any_task_and_records_reminders_only(
    worker: httpx.AsyncClient, task: Json
) -> None:
    url = f"/api/v1/tasks/{task['id']}"
    assert (await worker.get(url)).json() == task
    recorded = await worker.patch(url, json={"last_notification": "2026-01-01T00:00:00Z"})
    assert recorded.status_code == 200
    for changes in ({"title": "x"}, {"status": "done"}, {"last_notification": None, "title": "y"}):
        assert (await worker.patch(url, json=changes)).status_code == 403, changes
    assert (await worker.put(url, json={"title": "x"})).status_code == 403
    assert (await worker.delete(url)).status_code == 403
    assert (await worker.post("/api/v1/tasks", json={"title": "x"})).status_code == 403


async def test_the_producer_reads_no_task(producer: httpx.AsyncClient, task: Json) -> None:
    assert (await producer.get(f"/api/v1/tasks/{task['id']}")).status_code == 404
    assert (await producer.get("/api/v1/tasks")).status_code == 403


async def test_the_bot_acts_only_for_a_linked_chat(
    bot: httpx.AsyncClient, make_bot_client, make_linked_person: MakeCaller
) -> None:
    assert (await bot.post("/api/v1/tasks", json={"title": "x"})).status_code == 403
    unlinked = make_bot_client(424242424242)
    refused = await unlinked.post("/api/v1/tasks", json={"title": "x"})
    assert refused.status_code == 403
    assert "not linked" in refused.json()["detail"]

    owner = await make_linked_person()
    as_owner = make_bot_client(owner.user["telegram_chat_id"])
    created = await as_owner.post("/api/v1/tasks", json={"title": "from the chat"})
    assert created.status_code == 201
    assert created.json()["user_id"] == owner.id
    assert (await as_owner.get("/api/v1/users/me")).json()["id"] == owner.id
    bad_chat = make_bot_client("not-a-number")  # type: ignore[arg-type]
    assert (await bad_chat.get("/api/v1/users/me")).status_code == 401


async def test_the_worker_cannot_act_for_a_chat(
    make_client, settings: Settings, make_linked_person: MakeCaller
) -> None:
    owner = await make_linked_person()
    headers = {"X-Telegram-Chat-Id": str(owner.user["telegram_chat_id"])}
    secret = settings.service_tokens["notifier-worker"].get_secret_value()
    worker_for_chat = make_client(secret, headers=headers)
    assert (await worker_for_chat.get("/api/v1/users/me")).status_code == 403


async def test_an_unknown_secret_is_refused(make_client) -> None:
    answer = await make_client("f" * 64).get("/api/v1/tasks")
    assert answer.status_code == 401


@pytest.mark.parametrize(
    ("tokens", "problem"),
    [
        ({"notifier": "too short"}, "at least 32"),
        ({"mailer": "m" * 40}, "notifier"),
        ({"notifier-producer": "s" * 40, "notifier-worker": "s" * 40}, "secret of its own"),
    ],
    ids=["short", "unknown service", "shared secret"],
)
def test_service_secrets_are_checked_at_start_up(
    settings: Settings, tokens: dict, problem: str
) -> None:
    with pytest.raises(ValidationError, match=problem):
        Settings.model_validate({**settings.model_dump(), "service_tokens": tokens})

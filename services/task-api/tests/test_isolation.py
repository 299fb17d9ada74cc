"""Isolation, tried as an attacker would: Mallory goes after Alice's tasks every way she can.

Every attack is made twice: with Mallory's own token, and with the bot's secret acting for
Mallory's chat, which must have exactly her rights.
"""

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from todo_testkit.typing import Caller, Json, MakeCaller, MakeJson


@pytest.fixture
async def alice(make_linked_person: MakeCaller) -> Caller:
    return await make_linked_person()


@pytest.fixture
async def mallorys_account(make_linked_person: MakeCaller) -> Caller:
    """Mallory, signed in with her own token, her account linked to a chat of hers."""
    return await make_linked_person()


@pytest.fixture(params=["her token", "the bot for her chat"])
def mallory(
    request: pytest.FixtureRequest,
    mallorys_account: Caller,
    make_bot_client: Callable[[int], httpx.AsyncClient],
) -> Caller:
    """Mallory, calling with her token or through the bot acting for her chat."""
    if request.param == "her token":
        return mallorys_account
    bot = make_bot_client(mallorys_account.user["telegram_chat_id"])
    return Caller(mallorys_account.user, bot, mallorys_account.tokens)


@pytest.fixture
async def alices_task(alice: Caller, make_task: MakeJson) -> Json:
    return await make_task(alice, title="Alice's secret", description="only mine")


async def assert_untouched(alice: Caller, task: Json) -> None:
    now = await alice.client.get(f"/api/v1/tasks/{task['id']}")
    assert now.status_code == 200, "Alice's task is gone"
    assert now.json() == task, "Alice's task changed"


ATTACKS_BY_ID: list[tuple[str, str, dict[str, Any]]] = [
    ("GET", "", {}),
    ("PUT", "", {"json": {"title": "pwned"}}),
    ("PATCH", "", {"json": {"title": "pwned"}}),
    ("PATCH", "", {"json": {"status": "done"}}),
    ("PATCH", "", {"json": {"completed": True}}),
    ("PATCH", "", {"json": {"last_notification": "2030-01-01T00:00:00Z"}}),
    ("PATCH", "", {"json": {"snoozed_until": "2099-01-01T00:00:00Z"}}),
    ("DELETE", "", {}),
]


@pytest.mark.parametrize(("method", "suffix", "request_"), ATTACKS_BY_ID)
async def test_another_persons_task_is_not_found_by_id(
    mallory: Caller, alice: Caller, alices_task: Json, method: str, suffix: str, request_: dict
) -> None:
    answer = await mallory.client.request(
        method, f"/api/v1/tasks/{alices_task['id']}{suffix}", **request_
    )
    assert answer.status_code == 404
    assert "Alice's secret" not in answer.text
    await assert_untouched(alice, alices_task)


@pytest.mark.parametrize(
    "params",
    [
        lambda task: {"user_id": task["user_id"]},
        lambda task: {"task_id": task["id"]},
        lambda task: {"user_id": task["user_id"], "task_id": task["id"]},
        lambda task: {"limit": 1000},
    ],
    ids=["by user_id", "by task_id", "by both", "everything"],
)
async def test_filters_never_reach_another_persons_tasks(
    mallory: Caller, make_task: MakeJson, alices_task: Json, params
) -> None:
    own = await make_task(mallory, title="Mallory's")
    listed = (await mallory.client.get("/api/v1/tasks", params=params(alices_task))).json()
    assert alices_task["id"] not in [task["id"] for task in listed["items"]]
    assert {task["user_id"] for task in listed["items"]} <= {mallory.id}
    if "task_id" not in params(alices_task):
        assert own["id"] in [task["id"] for task in listed["items"]]


async def test_a_user_id_in_the_body_is_forced_to_the_callers_own(
    mallory: Caller, alice: Caller
) -> None:
    planted = await mallory.client.post(
        "/api/v1/tasks", json={"title": "planted", "user_id": alice.id}
    )
    assert planted.status_code == 201
    assert planted.json()["user_id"] == mallory.id
    alices = (await alice.client.get("/api/v1/tasks")).json()["items"]
    assert "planted" not in [task["title"] for task in alices]


async def test_patching_user_id_cannot_give_a_task_away_or_take_one(
    mallory: Caller, alice: Caller, make_task: MakeJson, alices_task: Json
) -> None:
    own = await make_task(mallory)
    given = await mallory.client.patch(f"/api/v1/tasks/{own['id']}", json={"user_id": alice.id})
    assert given.status_code == 422
    taken = await mallory.client.patch(
        f"/api/v1/tasks/{alices_task['id']}", json={"user_id": mallory.id}
    )
    assert taken.status_code in (404, 422)
    assert (await mallory.client.get(f"/api/v1/tasks/{own['id']}")).json()["user_id"] == mallory.id
    await assert_untouched(alice, alices_task)


@pytest.mark.parametrize(
    ("method", "request_"),
    [
        ("GET", {}),
        ("PATCH", {"json": {"email": "mallory@example.org"}}),
        ("PATCH", {"json": {"timezone": "UTC"}}),
        ("PATCH", {"json": {"telegram_chat_id": 666}}),
        ("POST", {}),
        ("PATCH", {"json": {"role": "admin"}}),
    ],
    ids=["read", "email", "timezone", "chat", "unreachable", "role"],
)
async def test_another_persons_account_is_out_of_reach(
    mallory: Caller, alice: Caller, method: str, request_: dict
) -> None:
    path = f"/api/v1/users/{alice.id}"
    if method == "POST":
        path += "/telegram-unreachable"
    answer = await mallory.client.request(method, path, **request_)
    assert answer.status_code == 403
    assert (await alice.client.get("/api/v1/users/me")).json() == alice.user


async def test_nobody_makes_themselves_admin(mallory: Caller) -> None:
    answer = await mallory.client.patch("/api/v1/users/me", json={"role": "admin"})
    assert answer.status_code == 403
    assert (await mallory.client.get("/api/v1/users")).status_code == 403


async def test_a_bot_acting_for_a_chat_is_held_to_that_users_rights(
    make_bot_client, make_linked_person: MakeCaller, alice: Caller, alices_task: Json
) -> None:
    mallory = await make_linked_person()
    as_mallory = make_bot_client(mallory.user["telegram_chat_id"])
    for method, _, request_ in ATTACKS_BY_ID:
        answer = await as_mallory.request(method, f"/api/v1/tasks/{alices_task['id']}", **request_)
        assert answer.status_code == 404, f"{method} {request_}: {answer.status_code}"
        assert "Alice's secret" not in answer.text
    listed = (await as_mallory.get("/api/v1/tasks", params={"user_id": alice.id})).json()
    assert listed["items"] == []
    assert (await as_mallory.get("/api/v1/users")).status_code == 403
    assert (await as_mallory.post("/api/v1/notifications/claim", json={})).status_code == 403
    unsent = {"reminders": [{"task_id": alices_task["id"], "due_at": "2026-12-02T10:00:00Z"}]}
    assert (await as_mallory.post("/api/v1/notifications/unsent", json=unsent)).status_code == 403
    await assert_untouched(alice, alices_task)


async def test_a_persons_token_cannot_act_for_a_chat(
    mallorys_account: Caller, alice: Caller, alices_task: Json
) -> None:
    headers = {"X-Telegram-Chat-Id": str(alice.user["telegram_chat_id"])}
    mallory = mallorys_account.client
    answer = await mallory.get(f"/api/v1/tasks/{alices_task['id']}", headers=headers)
    assert answer.status_code == 404
    me = await mallory.get("/api/v1/users/me", headers=headers)
    assert me.json()["id"] == mallorys_account.id


def every_route(app: FastAPI) -> list[tuple[str, str]]:
    """Each method and path template the API documents."""
    paths = app.openapi()["paths"]
    return [(method.upper(), path) for path, methods in paths.items() for method in methods]


async def test_the_bot_for_a_chat_gets_what_its_person_gets_on_every_route(
    app: FastAPI,
    mallorys_account: Caller,
    make_bot_client: Callable[[int], httpx.AsyncClient],
    alice: Caller,
    alices_task: Json,
) -> None:
    as_mallory = make_bot_client(mallorys_account.user["telegram_chat_id"])
    ids = {"task_id": alices_task["id"], "user_id": alice.id, "dead_letter_id": 1}
    for method, template in every_route(app):
        path = template.format(**ids)
        body = {} if method in ("POST", "PUT", "PATCH") else None
        by_token = await mallorys_account.client.request(method, path, json=body)
        by_bot = await as_mallory.request(method, path, json=body)
        assert by_bot.status_code == by_token.status_code, f"{method} {path}: {by_bot.text}"
        assert alice.user["username"] not in by_bot.text, f"{method} {path}"
    await assert_untouched(alice, alices_task)


async def test_an_admin_reaches_every_task(admin: Caller, alice: Caller, alices_task: Json) -> None:
    seen = await admin.client.get(f"/api/v1/tasks/{alices_task['id']}")
    assert seen.json() == alices_task
    by_owner = (await admin.client.get("/api/v1/tasks", params={"user_id": alice.id})).json()
    assert [task["id"] for task in by_owner["items"]] == [alices_task["id"]]
    assert (await admin.client.delete(f"/api/v1/tasks/{alices_task['id']}")).status_code == 204


async def test_the_session_of_one_person_is_not_anothers(
    mallory: Caller, alice: Caller, anonymous: httpx.AsyncClient
) -> None:
    stolen = {"refresh_token": alice.tokens["refresh_token"] + "x"}
    assert (await anonymous.post("/api/v1/auth/refresh", json=stolen)).status_code == 401
    assert (await mallory.client.get("/api/v1/users/me")).json()["id"] == mallory.id

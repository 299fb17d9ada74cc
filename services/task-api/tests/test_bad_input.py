"""Bad input gets a clear 4xx that names the problem, never a 500."""

import json
from collections.abc import AsyncIterator
from typing import Any, NamedTuple

import pytest
from httpx import AsyncClient

from task_api.config import Settings
from todo_testkit.typing import Caller, Json, MakeJson

TOO_BIG = 2**63
PASSWORD = "long enough!"


class Case(NamedTuple):
    what: str
    method: str
    path: str
    request: dict[str, Any]
    status: int
    named: str  # what the answer must mention


def post(path: str, body: Any) -> tuple[str, str, dict[str, Any]]:
    return "POST", path, {"json": body}


def get(path: str, **params: Any) -> tuple[str, str, dict[str, Any]]:
    return "GET", path, {"params": params}


MALFORMED = {"content": b'{"title": "t",', "headers": {"content-type": "application/json"}}
TASKS = "/api/v1/tasks"
REGISTER = "/api/v1/auth/register"

PERSON_CASES = [
    Case("empty title", *post(TASKS, {"title": ""}), 422, "title"),
    Case("blank title", *post(TASKS, {"title": "   "}), 422, "title"),
    Case("over-long title", *post(TASKS, {"title": "x" * 501}), 422, "title"),
    Case("missing title", *post(TASKS, {"description": "no title"}), 422, "title"),
    Case("a NUL in the title", *post(TASKS, {"title": "a\x00b"}), 422, "title"),
    Case(
        "a NUL in a new title",
        "PATCH",
        f"{TASKS}/987654321",
        {"json": {"title": "a\x00b"}},
        422,
        "title",
    ),
    Case(
        "a NUL in the description",
        *post(TASKS, {"title": "t", "description": "a\x00b"}),
        422,
        "description",
    ),
    Case("unknown urgency", *post(TASKS, {"title": "t", "urgency": "asap"}), 422, "urgency"),
    Case("unknown status", *post(TASKS, {"title": "t", "status": "finished"}), 422, "status"),
    Case("a negative user id", *post(TASKS, {"title": "t", "user_id": -5}), 422, "user_id"),
    Case(
        "a user id past 64 bits", *post(TASKS, {"title": "t", "user_id": TOO_BIG}), 422, "user_id"
    ),
    Case("an unknown field", *post(TASKS, {"title": "t", "colour": "red"}), 422, "colour"),
    Case(
        "remind_at that is no date",
        *post(TASKS, {"title": "t", "remind_at": "soon"}),
        422,
        "remind_at",
    ),
    Case(
        "remind_at in year 1",
        *post(TASKS, {"title": "t", "remind_at": "0001-01-01T00:00:00"}),
        422,
        "remind_at",
    ),
    Case("malformed JSON", "POST", TASKS, MALFORMED, 422, "JSON"),
    Case("a list instead of an object", *post(TASKS, ["title"]), 422, "body"),
    Case("a task id of zero", *get(f"{TASKS}/0"), 422, "task_id"),
    Case("a negative task id", *get(f"{TASKS}/-1"), 422, "task_id"),
    Case("a task id that is no number", *get(f"{TASKS}/abc"), 422, "task_id"),
    Case("a task id past 64 bits", *get(f"{TASKS}/{TOO_BIG}"), 422, "task_id"),
    Case("an unknown task", *get(f"{TASKS}/987654321"), 404, "987654321"),
    Case(
        "an unknown task to replace",
        "PUT",
        f"{TASKS}/987654321",
        {"json": {"title": "t"}},
        404,
        "987654321",
    ),
    Case("a limit over 1000", *get(TASKS, limit=1001), 422, "limit"),
    Case("a limit of zero", *get(TASKS, limit=0), 422, "limit"),
    Case("a negative skip", *get(TASKS, skip=-1), 422, "skip"),
    Case("an unknown status filter", *get(TASKS, status="finished"), 422, "status"),
    Case("an unknown query parameter", *get(TASKS, colour="red"), 422, "colour"),
    Case(
        "a time zone change that does not exist",
        "PATCH",
        "/api/v1/users/me",
        {"json": {"timezone": "Europe/Atlantis"}},
        422,
        "timezone",
    ),
]

ANONYMOUS_CASES = [
    Case(
        "a time zone that does not exist",
        *post(REGISTER, {"username": "tz-x", "password": PASSWORD, "timezone": "Mars/Olympus"}),
        422,
        "timezone",
    ),
    Case(
        "an empty username",
        *post(REGISTER, {"username": "", "password": PASSWORD}),
        422,
        "username",
    ),
    Case(
        "a username with spaces inside",
        *post(REGISTER, {"username": "a b", "password": PASSWORD}),
        422,
        "username",
    ),
    Case(
        "a malformed email",
        *post(REGISTER, {"username": "e-x", "password": PASSWORD, "email": "nobody"}),
        422,
        "email",
    ),
    Case(
        "a short password",
        *post(REGISTER, {"username": "p-x", "password": "short"}),
        422,
        "password",
    ),
    Case("no refresh token", *post("/api/v1/auth/refresh", {}), 422, "refresh_token"),
    Case(
        "sign-in without a password",
        *post("/api/v1/auth/token", {"username": "x"}),
        422,
        "password",
    ),
    Case("sign-in with malformed JSON", "POST", "/api/v1/auth/token", MALFORMED, 422, "JSON"),
    Case(
        "sign-in with a NUL in the username",
        *post("/api/v1/auth/token", {"username": "a\x00b", "password": PASSWORD}),
        422,
        "username",
    ),
    Case(
        "a sign-in form with a NUL in the username",
        "POST",
        "/api/v1/auth/token",
        {"data": {"username": "a\x00b", "password": PASSWORD}},
        422,
        "username",
    ),
    Case(
        "a time zone with a NUL",
        *post(REGISTER, {"username": "tz-n", "password": PASSWORD, "timezone": "Europe/\x00"}),
        422,
        "timezone",
    ),
    Case(
        "a refresh token with a NUL",
        *post("/api/v1/auth/refresh", {"refresh_token": "a\x00b"}),
        422,
        "refresh_token",
    ),
]

ADMIN_CASES = [
    Case(
        "a chat id past 64 bits",
        *post("/api/v1/users", {"username": "c-x", "telegram_chat_id": TOO_BIG}),
        422,
        "telegram_chat_id",
    ),
    Case("a user limit over 1000", *get("/api/v1/users", limit=5000), 422, "limit"),
    Case("an unknown user", *get("/api/v1/users/987654321"), 404, "987654321"),
    Case("a user id of zero", *get("/api/v1/users/0"), 422, "user_id"),
    Case(
        "a role that does not exist",
        "PATCH",
        "/api/v1/users/me",
        {"json": {"role": "root"}},
        422,
        "role",
    ),
    Case(
        "a task for a user that does not exist",
        *post(TASKS, {"title": "t", "user_id": 987654321}),
        422,
        "user_id",
    ),
]

CLAIM = "/api/v1/notifications/claim"
PRODUCER_CASES = [
    Case("a claim of zero", *post(CLAIM, {"limit": 0}), 422, "limit"),
    Case("a claim over 1000", *post(CLAIM, {"limit": 1001}), 422, "limit"),
    Case("a lease of zero", *post(CLAIM, {"lease_seconds": 0}), 422, "lease_seconds"),
]


def cases(table: list[Case]) -> pytest.MarkDecorator:
    return pytest.mark.parametrize("case", table, ids=[case.what for case in table])


async def assert_refused(client: AsyncClient, case: Case) -> None:
    answer = await client.request(case.method, case.path, **case.request)
    assert answer.status_code == case.status, answer.text
    assert case.named in answer.text


@cases(PERSON_CASES)
async def test_bad_input_of_people_is_refused_clearly(person: Caller, case: Case) -> None:
    await assert_refused(person.client, case)


@cases(ANONYMOUS_CASES)
async def test_bad_sign_ups_and_sign_ins_are_refused_clearly(
    anonymous: AsyncClient, case: Case
) -> None:
    await assert_refused(anonymous, case)


@cases(ADMIN_CASES)
async def test_bad_input_of_admins_is_refused_clearly(admin: Caller, case: Case) -> None:
    await assert_refused(admin.client, case)


@cases(PRODUCER_CASES)
async def test_bad_input_of_services_is_refused_clearly(producer: AsyncClient, case: Case) -> None:
    await assert_refused(producer, case)


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"title": None}, "title"),
        ({"status": None}, "status"),
        ({"urgency": "later"}, "urgency"),
        ({"title": ""}, "title"),
        ({"user_id": 1}, "user_id"),
        ({"snoozed_until": "2001-01-01T00:00:00Z"}, "snoozed_until"),
        ({"last_notification": "yesterday"}, "last_notification"),
    ],
)
async def test_bad_patches_are_refused_clearly(
    person: Caller, make_task: MakeJson, changes: Json, named: str
) -> None:
    task = await make_task()
    answer = await person.client.patch(f"/api/v1/tasks/{task['id']}", json=changes)
    assert answer.status_code == 422, answer.text
    assert named in answer.text
    unchanged = await person.client.get(f"/api/v1/tasks/{task['id']}")
    assert unchanged.json() == task


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
async def test_an_oversized_body_is_refused_with_413(
    person: Caller, settings: Settings, declared: bool
) -> None:
    body = json.dumps({"title": "big", "description": "x" * 1_100_000}).encode()

    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(body), 65_536):
            yield body[start : start + 65_536]

    content = body if declared else chunks()
    answer = await person.client.post(
        "/api/v1/tasks", content=content, headers={"content-type": "application/json"}
    )
    assert answer.status_code == 413
    # JSON like every other error, whether the length was declared or the body streamed.
    limit = f"the body is larger than {settings.max_body_bytes} bytes (MAX_BODY_BYTES)"
    assert answer.json() == {"detail": limit}
    listed = await person.client.get("/api/v1/tasks")
    assert "big" not in [task["title"] for task in listed.json()["items"]]


@pytest.mark.parametrize(
    "body",
    [
        {"title": "x" * 100_000},
        {"description": "x" * 9_000},
        {"title": "a", "urgency": "x" * 100_000},
        {"title": ["x" * 1000] * 90},
    ],
    ids=["a long title", "a missing title", "a long urgency", "a long list"],
)
async def test_a_422_echoes_only_the_start_of_what_was_sent(person: Caller, body: Json) -> None:
    answer = await person.client.post("/api/v1/tasks", json=body)
    assert answer.status_code == 422
    assert len(answer.content) < 1000, answer.text[:300]
    [problem] = answer.json()["detail"]
    assert "input" not in problem or problem["input"] == "x" * 100 + "…"


@pytest.mark.parametrize("route", ["/api/v1/auth/token", "/api/v1/auth/register", "/api/v1/tasks"])
async def test_a_body_that_is_not_utf8_is_refused_clearly(person: Caller, route: str) -> None:
    answer = await person.client.post(
        route, content=b'{"username": "\xff"}', headers={"content-type": "application/json"}
    )
    assert answer.status_code in (400, 422), answer.text

"""Bad input gets a clear 4xx that names the problem, never a 500."""

from typing import Any

import pytest
from httpx import AsyncClient

from todo_testkit.typing import Json, MakeJson

TOO_BIG = 2**63
CASES: list[tuple[str, str, str, dict[str, Any], int, str]] = [
    # (what, method, path, request, expected status, what the answer must name)
    (
        "empty title",
        "POST",
        "/api/v1/tasks",
        {"json": {"title": "", "user_id": "{user}"}},
        422,
        "title",
    ),
    (
        "blank title",
        "POST",
        "/api/v1/tasks",
        {"json": {"title": "   ", "user_id": "{user}"}},
        422,
        "title",
    ),
    (
        "over-long title",
        "POST",
        "/api/v1/tasks",
        {"json": {"title": "x" * 501, "user_id": "{user}"}},
        422,
        "title",
    ),
    ("missing title", "POST", "/api/v1/tasks", {"json": {"user_id": "{user}"}}, 422, "title"),
    (
        "unknown urgency",
        "POST",
        "/api/v1/tasks",
        {"json": {"title": "t", "user_id": "{user}", "urgency": "asap"}},
        422,
        "urgency",
    ),
    (
        "unknown status",
        "POST",
        "/api/v1/tasks",
        {"json": {"title": "t", "user_id": "{user}", "status": "finished"}},
        422,
        "status",
    ),
    (
        "a user that does not exist",
        "POST",
        "/api/v1/tasks",
        {"json": {"title": "t", "user_id": 987654321}},
        422,
        "user_id",
    ),
    (
        "a negative user id",
        "POST",
        "/api/v1/tasks",
        {"json": {"title": "t", "user_id": -5}},
        422,
        "user_id",
    ),
    (
        "a user id past 64 bits",
        "POST",
        "/api/v1/tasks",
        {"json": {"title": "t", "user_id": TOO_BIG}},
        422,
        "user_id",
    ),
    (
        "an unknown field",
        "POST",
        "/api/v1/tasks",
        {"json": {"title": "t", "user_id": "{user}", "colour": "red"}},
        422,
        "colour",
    ),
    (
        "remind_at that is no date",
        "POST",
        "/api/v1/tasks",
        {"json": {"title": "t", "user_id": "{user}", "remind_at": "soon"}},
        422,
        "remind_at",
    ),
    (
        "remind_at in year 1",
        "POST",
        "/api/v1/tasks",
        {"json": {"title": "t", "user_id": "{user}", "remind_at": "0001-01-01T00:00:00"}},
        422,
        "remind_at",
    ),
    (
        "malformed JSON",
        "POST",
        "/api/v1/tasks",
        {"content": b'{"title": "t",', "headers": {"content-type": "application/json"}},
        422,
        "JSON",
    ),
    ("a list instead of an object", "POST", "/api/v1/tasks", {"json": ["title"]}, 422, "body"),
    ("a task id of zero", "GET", "/api/v1/tasks/0", {}, 422, "task_id"),
    ("a negative task id", "GET", "/api/v1/tasks/-1", {}, 422, "task_id"),
    ("a task id that is no number", "GET", "/api/v1/tasks/abc", {}, 422, "task_id"),
    ("a task id past 64 bits", "GET", f"/api/v1/tasks/{TOO_BIG}", {}, 422, "task_id"),
    ("an unknown task", "GET", "/api/v1/tasks/987654321", {}, 404, "987654321"),
    (
        "an unknown task to replace",
        "PUT",
        "/api/v1/tasks/987654321",
        {"json": {"title": "t"}},
        404,
        "987654321",
    ),
    ("a limit over 1000", "GET", "/api/v1/tasks", {"params": {"limit": 1001}}, 422, "limit"),
    ("a limit of zero", "GET", "/api/v1/tasks", {"params": {"limit": 0}}, 422, "limit"),
    ("a negative skip", "GET", "/api/v1/tasks", {"params": {"skip": -1}}, 422, "skip"),
    (
        "an unknown status filter",
        "GET",
        "/api/v1/tasks",
        {"params": {"status": "finished"}},
        422,
        "status",
    ),
    (
        "an unknown query parameter",
        "GET",
        "/api/v1/tasks",
        {"params": {"colour": "red"}},
        422,
        "colour",
    ),
    (
        "a time zone that does not exist",
        "POST",
        "/api/v1/users",
        {"json": {"username": "tz-{user}", "timezone": "Mars/Olympus"}},
        422,
        "timezone",
    ),
    (
        "a time zone change that does not exist",
        "PATCH",
        "/api/v1/users/{user}",
        {"json": {"timezone": "Europe/Atlantis"}},
        422,
        "timezone",
    ),
    ("an empty username", "POST", "/api/v1/users", {"json": {"username": ""}}, 422, "username"),
    (
        "a username with spaces inside",
        "POST",
        "/api/v1/users",
        {"json": {"username": "a b"}},
        422,
        "username",
    ),
    (
        "a malformed email",
        "POST",
        "/api/v1/users",
        {"json": {"username": "e-{user}", "email": "nobody"}},
        422,
        "email",
    ),
    (
        "a chat id past 64 bits",
        "POST",
        "/api/v1/users",
        {"json": {"username": "c-{user}", "telegram_chat_id": TOO_BIG}},
        422,
        "telegram_chat_id",
    ),
    ("a user limit over 1000", "GET", "/api/v1/users", {"params": {"limit": 5000}}, 422, "limit"),
    ("an unknown user", "GET", "/api/v1/users/987654321", {}, 404, "987654321"),
    (
        "a claim of zero",
        "POST",
        "/api/v1/notifications/claim",
        {"json": {"limit": 0}},
        422,
        "limit",
    ),
    (
        "a lease of zero",
        "POST",
        "/api/v1/notifications/claim",
        {"json": {"lease_seconds": 0}},
        422,
        "lease_seconds",
    ),
]


def fill(value: Any, user_id: int) -> Any:
    """Put the test user's id where a case says "{user}"."""
    if value == "{user}":
        return user_id
    if isinstance(value, str):
        return value.replace("{user}", str(user_id))
    if isinstance(value, dict):
        return {key: fill(item, user_id) for key, item in value.items()}
    return value


@pytest.mark.parametrize(
    ("method", "path", "request_", "status", "named"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
async def test_bad_input_is_refused_clearly(
    client: AsyncClient,
    make_user: MakeJson,
    method: str,
    path: str,
    request_: dict[str, Any],
    status: int,
    named: str,
) -> None:
    user = await make_user()
    answer = await client.request(method, fill(path, user["id"]), **fill(request_, user["id"]))
    assert answer.status_code == status, answer.text
    assert named in answer.text


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
    client: AsyncClient, make_task: MakeJson, changes: Json, named: str
) -> None:
    task = await make_task()
    answer = await client.patch(f"/api/v1/tasks/{task['id']}", json=changes)
    assert answer.status_code == 422, answer.text
    assert named in answer.text
    unchanged = await client.get(f"/api/v1/tasks/{task['id']}")
    assert unchanged.json() == task

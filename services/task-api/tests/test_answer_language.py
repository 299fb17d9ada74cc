"""A failure's human words follow Accept-Language (en, ru); its status, `loc` and `type` do not.

Without the header, or with one that names none of our languages, every answer is the English
it was before there were languages, byte for byte.
"""

import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import httpx
import pytest
from pydantic_core import PydanticKnownError

from task_api.config import Settings
from task_api.validation_messages import MESSAGES
from todo_shared.i18n import Plural
from todo_testkit.typing import Caller

PASSWORD = "correct horse battery staple"
TASKS = "/api/v1/tasks"
PLACEHOLDER = re.compile(r"\{(\w+)\}")
WORDS = {"error", "expected", "pattern", "field_type", "class_name"}
ZONE_REFUSED = "unknown time zone 'Mars/Base'; use an IANA name such as 'Europe/Moscow'"
RU_ZONE_REFUSED = "неизвестный часовой пояс 'Mars/Base'; укажите имя IANA, например 'Europe/Moscow'"


@dataclass
class World:
    """Who asks, and how: a person, a client with the given headers from an address."""

    person: Caller
    settings: Settings
    headers: dict[str, str]
    make_client: Callable[..., httpx.AsyncClient]

    def client(self, *, signed_in: bool = True, address: str = "127.0.0.1") -> httpx.AsyncClient:
        """A client sending the case's headers (and the person's token unless not signed in)."""
        token = self.person.tokens["access_token"] if signed_in else None
        return self.make_client(token, headers=self.headers, address=address)


Ask = Callable[[World], Awaitable[httpx.Response]]
Body = Callable[[World], Any]


class Case(NamedTuple):
    what: str
    ask: Ask
    status: int
    english: Body
    russian: Body


async def too_many_sign_ins(world: World) -> httpx.Response:
    """Fail to sign in as often as allowed, each time from elsewhere, then try once more."""
    wrong = {"username": world.person.user["username"], "password": "a guess"}
    for attempt in range(world.settings.login_failures_per_minute):
        client = world.client(signed_in=False, address=f"10.9.0.{attempt}")
        assert (await client.post("/api/v1/auth/token", json=wrong)).status_code == 401
    return await world.client(signed_in=False).post("/api/v1/auth/token", json=wrong)


def detail(text: str) -> Body:
    """The body `{"detail": text}`."""
    return lambda _: {"detail": text}


def refused(*problems: dict[str, Any]) -> Body:
    """A 422's body: the problems, each shaped as pydantic or our own refusals shape them."""
    return lambda _: {"detail": list(problems)}


def zone_refused(msg: str) -> dict[str, Any]:
    """Refused: the time zone on Mars, saying `msg`."""
    return {
        "type": "value_error",
        "loc": ["body", "timezone"],
        "msg": msg,
        "input": "Mars/Base",
        "ctx": {"error": {}},
    }


CASES = [
    Case(
        "401 without a token",
        lambda world: world.client(signed_in=False).get(TASKS),
        401,
        detail("sign in first: send 'Authorization: Bearer <access token>'"),
        detail("сначала войдите: пришлите 'Authorization: Bearer <токен доступа>'"),
    ),
    Case(
        "403 listing the users",
        lambda world: world.client().get("/api/v1/users"),
        403,
        detail("only admins and services may list users"),
        detail("списки пользователей доступны только администраторам и сервисам"),
    ),
    Case(
        "404 of a task nobody has",
        lambda world: world.client().get(f"{TASKS}/987654321"),
        404,
        detail("task 987654321 not found"),
        detail("задача 987654321 не найдена"),
    ),
    Case(
        "409 signing up with a taken name",
        lambda world: world.client(signed_in=False).post(
            "/api/v1/auth/register",
            json={"username": world.person.user["username"], "password": PASSWORD},
        ),
        409,
        lambda world: {
            "detail": f"the username {world.person.user['username']!r} is already taken"
        },
        lambda world: {"detail": f"имя пользователя {world.person.user['username']!r} уже занято"},
    ),
    Case(
        "413 of a body over the limit",
        lambda world: world.client().post(
            TASKS,
            content=json.dumps({"title": "x" * world.settings.max_body_bytes}),
            headers={"content-type": "application/json"},
        ),
        413,
        lambda world: {
            "detail": f"the body is larger than {world.settings.max_body_bytes} bytes"
            " (MAX_BODY_BYTES)"
        },
        lambda world: {
            "detail": f"тело запроса больше {world.settings.max_body_bytes} байт (MAX_BODY_BYTES)"
        },
    ),
    Case(
        "422 of a missing field",
        lambda world: world.client().post(TASKS, json={"description": "no title"}),
        422,
        refused(
            {
                "type": "missing",
                "loc": ["body", "title"],
                "msg": "Field required",
                "input": {"description": "no title"},
            }
        ),
        refused(
            {
                "type": "missing",
                "loc": ["body", "title"],
                "msg": "Обязательное поле",
                "input": {"description": "no title"},
            }
        ),
    ),
    Case(
        "422 of our validator's refusal",
        lambda world: world.client().patch("/api/v1/users/me", json={"timezone": "Mars/Base"}),
        422,
        refused(zone_refused(f"Value error, {ZONE_REFUSED}")),
        refused(zone_refused(f"Неверное значение: {RU_ZONE_REFUSED}")),
    ),
    Case(
        "422 of our rules' refusal",
        lambda world: world.client().post(
            TASKS, json={"title": "late", "remind_at": "2001-01-01T00:00:00Z"}
        ),
        422,
        refused(
            {"loc": ["body", "remind_at"], "msg": "remind_at is in the past", "type": "value_error"}
        ),
        refused(
            {"loc": ["body", "remind_at"], "msg": "remind_at — в прошлом", "type": "value_error"}
        ),
    ),
    Case(
        "422 of a number out of range",
        lambda world: world.client().get(f"{TASKS}/0"),
        422,
        refused(
            {
                "type": "greater_than",
                "loc": ["path", "task_id"],
                "msg": "Input should be greater than 0",
                "input": "0",
                "ctx": {"gt": 0},
            }
        ),
        refused(
            {
                "type": "greater_than",
                "loc": ["path", "task_id"],
                "msg": "Значение должно быть больше 0",
                "input": "0",
                "ctx": {"gt": 0},
            }
        ),
    ),
    Case(
        "429 after too many failed sign-ins",
        too_many_sign_ins,
        429,
        detail("too many failed sign-ins; try again later"),
        detail("слишком много неудачных попыток входа; повторите позже"),
    ),
]
IDS = [case.what for case in CASES]


@pytest.fixture
def world_of(
    person: Caller, settings: Settings, make_client: Callable[..., httpx.AsyncClient]
) -> Callable[[dict[str, str]], World]:
    """The case's world, asking with the given headers."""
    return lambda headers: World(person, settings, headers, make_client)


@pytest.mark.parametrize("accept_language", [None, "de-DE, fr;q=0.8"], ids=["none", "not ours"])
@pytest.mark.parametrize("case", CASES, ids=IDS)
async def test_without_a_language_of_ours_the_answer_is_the_english_of_before(
    world_of: Callable[[dict[str, str]], World], case: Case, accept_language: str | None
) -> None:
    world = world_of({"Accept-Language": accept_language} if accept_language else {})
    answer = await case.ask(world)
    assert answer.status_code == case.status
    assert answer.json() == case.english(world)
    assert "content-language" not in answer.headers
    assert "Accept-Language" in answer.headers["vary"]


@pytest.mark.parametrize("case", CASES, ids=IDS)
async def test_in_russian_only_the_words_change(
    world_of: Callable[[dict[str, str]], World], case: Case
) -> None:
    world = world_of({"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.8"})
    answer = await case.ask(world)
    assert answer.status_code == case.status
    assert answer.json() == case.russian(world)
    assert _machine_readable(answer.json()) == _machine_readable(case.english(world))
    assert answer.headers["content-language"] == "ru"
    assert "Accept-Language" in answer.headers["vary"]


async def test_english_asked_for_is_english_and_says_so(
    world_of: Callable[[dict[str, str]], World],
) -> None:
    answer = await world_of({"Accept-Language": "en-GB"}).client().get(f"{TASKS}/987654321")
    assert answer.json() == {"detail": "task 987654321 not found"}
    assert answer.headers["content-language"] == "en"


def _machine_readable(body: dict[str, Any]) -> list[tuple[Any, ...]]:
    """What programs read of an error: each refused field's loc and type."""
    if isinstance(body["detail"], str):
        return []
    return [(problem["loc"], problem["type"]) for problem in body["detail"]]


@pytest.mark.parametrize("error_type", sorted(MESSAGES))
def test_pydantic_messages_are_pydantic_cores_own_templates(error_type: str) -> None:
    message = MESSAGES[error_type]
    template = PydanticKnownError(error_type, _context_of(message.template)).message_template
    if isinstance(message, Plural):
        assert template.replace("{expected_plural}", "") == message.template
        assert template.replace("{expected_plural}", "s") == message.plural
    else:
        assert template == message.template


def _context_of(template: str) -> dict[str, Any]:
    """A context with a value for each of the template's placeholders, of the type it takes."""
    return {name: "" if name in WORDS else 0 for name in PLACEHOLDER.findall(template)}

"""A call's parameters, read and typed the way the Bot API server reads them.

The real server first flattens every transport (query string, urlencoded or multipart form,
JSON body) into string arguments, turning JSON values that are not strings back into JSON
text; each method then parses the strings it needs. Doing the same here makes a JSON body and
a form body behave identically, as they do in Telegram.
"""

import json
from collections.abc import Mapping
from typing import Any

from aiohttp import web

from fake_telegram.errors import bad_request, chat_not_found

TRUE_WORDS = frozenset({"true", "yes", "1"})


async def read_arguments(request: web.Request) -> dict[str, str]:
    """Every argument of an API call: query string first, then the body's fields over it."""
    arguments = dict(request.query)
    if request.method == "POST" and request.can_read_body:
        arguments.update(await _body_arguments(request))
    return arguments


async def _body_arguments(request: web.Request) -> dict[str, str]:
    if request.content_type == "application/json":
        return _json_arguments(await request.read())
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        return {key: value for key, value in form.items() if isinstance(value, str)}
    return {}


def _json_arguments(body: bytes) -> dict[str, str]:
    try:
        document = json.loads(body or b"{}")
    except ValueError:
        raise bad_request("can't parse JSON object") from None
    if not isinstance(document, dict):
        raise bad_request("can't parse JSON object")
    return {key: as_argument(value) for key, value in document.items() if value is not None}


def as_argument(value: Any) -> str:
    """A JSON value as the string argument Telegram reads it as."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class Params:
    """Typed access to a call's string arguments."""

    def __init__(self, arguments: Mapping[str, str]) -> None:
        self.arguments = dict(arguments)

    def text(self, name: str) -> str:
        """The argument as given, or "" when it is missing."""
        return self.arguments.get(name, "")

    def optional_text(self, name: str) -> str | None:
        """The argument as given, or None when it is missing or empty."""
        return self.arguments.get(name) or None

    def integer(
        self, name: str, default: int = 0, low: int | None = None, high: int | None = None
    ) -> int:
        """An integer, clamped into [low, high]; a missing or malformed one is `default`."""
        try:
            value = int(self.arguments[name].strip())
        except (KeyError, ValueError):
            value = default
        if low is not None:
            value = max(low, value)
        if high is not None:
            value = min(high, value)
        return value

    def boolean(self, name: str) -> bool:
        """True for "true", "yes" or "1" in any case; everything else is false."""
        return self.text(name).strip().lower() in TRUE_WORDS

    def json(self, name: str, error: str) -> Any:
        """A JSON-encoded argument, None when missing; `error` is the Bad Request reason."""
        raw = self.optional_text(name)
        if raw is None:
            return None
        try:
            return json.loads(raw)
        except ValueError:
            raise bad_request(error) from None

    def string_list(self, name: str) -> list[str] | None:
        """A JSON array of strings (like `allowed_updates`); None when missing."""
        value = self.json(name, f"can't parse {name} JSON array")
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise bad_request(f"can't parse {name} JSON array")
        return value

    def chat_reference(self, name: str = "chat_id") -> int | str:
        """A chat id, or an "@username"; "chat_id is empty" when missing."""
        raw = self.text(name).strip()
        if not raw:
            raise bad_request(f"{name} is empty")
        if raw.startswith("@"):
            return raw
        try:
            return int(raw)
        except ValueError:
            raise chat_not_found() from None

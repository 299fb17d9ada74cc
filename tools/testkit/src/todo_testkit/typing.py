"""Types the fixtures of several test suites share."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx

Json = dict[str, Any]
MakeJson = Callable[..., Awaitable[Json]]
"""A fixture that creates something through an API and answers it as JSON."""


@dataclass
class Caller:
    """Someone calling task-api: their account, a client sending their token, their tokens."""

    user: Json
    client: httpx.AsyncClient
    tokens: Json

    @property
    def id(self) -> int:
        """The caller's user id."""
        return self.user["id"]


MakeCaller = Callable[..., Awaitable[Caller]]
"""A fixture that signs someone up and in."""

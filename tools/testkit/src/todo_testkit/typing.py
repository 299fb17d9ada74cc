"""Types the fixtures of several test suites share."""

from collections.abc import Awaitable, Callable
from typing import Any

Json = dict[str, Any]
MakeJson = Callable[..., Awaitable[Json]]
"""A fixture that creates something through an API and answers it as JSON."""

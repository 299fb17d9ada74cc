"""Readiness, every service's `/ready`: whether each dependency it needs answers."""

import asyncio
from collections.abc import Awaitable, Callable, Mapping

from pydantic import BaseModel

Check = Callable[[], Awaitable[str | None]]
"""Answers None when the dependency is there, or what is wrong with it."""

CHECK_TIMEOUT_SECONDS = 3.0


class Readiness(BaseModel):
    """Whether each dependency answers; `status` is "ready" only when all do."""

    status: str
    checks: dict[str, str]

    @property
    def status_code(self) -> int:
        """The HTTP answer: 200 when ready, 503 naming what does not answer."""
        return 200 if self.status == "ready" else 503


async def readiness(checks: Mapping[str, Check]) -> Readiness:
    """Run every check at once; each says "ok", what is wrong, or "no answer"."""
    outcomes = await asyncio.gather(*(_outcome(check) for check in checks.values()))
    named = dict(zip(checks, outcomes, strict=True))
    ok = all(outcome == "ok" for outcome in named.values())
    return Readiness(status="ready" if ok else "not ready", checks=named)


async def _outcome(check: Check) -> str:
    """ "ok", what is wrong, or "no answer" when the check takes too long."""
    try:
        async with asyncio.timeout(CHECK_TIMEOUT_SECONDS):
            problem = await check()
    except TimeoutError:
        return "no answer"
    except Exception as error:  # any failure means "not ready", and its kind is what helps
        return f"unavailable: {type(error).__name__}"
    return "ok" if problem is None else problem

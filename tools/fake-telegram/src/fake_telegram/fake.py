"""FakeTelegram: the fake Bot API server run inside a test's event loop, with its controls."""

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any, Self

from aiohttp import web

from fake_telegram.control import Control
from fake_telegram.dispatch import run_webhook_reply
from fake_telegram.server import make_app
from fake_telegram.state import BotState
from fake_telegram.world import World

SHUTDOWN_TIMEOUT = 2.0


class FakeTelegram(Control):
    """A fake Telegram Bot API server; the control operations come from `Control`."""

    def __init__(self, tokens: Sequence[str] = (), *, webhook_retry_delay: float = 0.1) -> None:
        super().__init__(World(tokens, self._run_webhook_reply, webhook_retry_delay))
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    @classmethod
    @asynccontextmanager
    async def running(
        cls,
        host: str = "127.0.0.1",
        port: int = 0,
        tokens: Sequence[str] = (),
        *,
        webhook_retry_delay: float = 0.1,
    ) -> AsyncIterator[Self]:
        """A started fake for the block (port 0: any free port; see `base_url`), then stopped."""
        fake = cls(tokens, webhook_retry_delay=webhook_retry_delay)
        await fake.start(host, port)
        try:
            yield fake
        finally:
            await fake.stop()

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Listen on host:port and set `base_url` (like "http://127.0.0.1:40123")."""
        self.world.closing = False
        self._runner = web.AppRunner(
            make_app(self), access_log=None, shutdown_timeout=SHUTDOWN_TIMEOUT
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound_port = self._runner.addresses[0][1]
        self.base_url = f"http://{_url_host(host)}:{bound_port}"

    async def stop(self) -> None:
        """Answer the waiting long polls, stop webhook deliveries, close the listening socket."""
        self.world.closing = True
        self.world.signal.notify()
        await self.world.webhooks.stop()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def api_url(self, token: str, method: str) -> str:
        """The URL of a Bot API method, as a client would call it."""
        return f"{self.base_url}/bot{token}/{method}"

    async def _run_webhook_reply(
        self, bot: BotState, method: str, arguments: dict[str, str]
    ) -> Any:
        return await run_webhook_reply(self.world, bot, method, arguments)

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host

"""FakeSmtp: a real SMTP server and its control routes, run inside a test's event loop."""

import asyncio
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Self

from aiohttp import web
from aiosmtpd.smtp import SMTP

from fake_smtp.control import Control
from fake_smtp.control_routes import make_control_app
from fake_smtp.handler import Credentials, Handler
from fake_smtp.tls import self_signed_certificate, server_context

HOSTNAME = "fake-smtp"
"""The name it greets with (not the machine's: looking that up may take seconds)."""
SHUTDOWN_TIMEOUT = 2.0


class FakeSmtp(Control):
    """An SMTP server keeping every message in memory; the control operations are `Control`'s.

    With `username` and `password`, MAIL needs AUTH (PLAIN or LOGIN) first, and AUTH needs
    STARTTLS first unless `auth_requires_tls` is False. Without `starttls`, AUTH goes in clear.
    """

    def __init__(
        self,
        username: str | None = None,
        password: str | None = None,
        *,
        starttls: bool = True,
        auth_requires_tls: bool = True,
    ) -> None:
        super().__init__()
        if (username is None) != (password is None):
            raise ValueError("give both a username and a password, or neither")
        credentials = None if username is None else Credentials(username, password or "")
        self._handler = Handler(self.mailbox, self.faults, credentials)
        self._starttls = starttls
        self._auth_requires_tls = starttls and auth_requires_tls
        self._smtp_server: asyncio.Server | None = None
        self._connections: weakref.WeakSet[SMTP] = weakref.WeakSet()
        self._control_runner: web.AppRunner | None = None
        self.host = ""
        self.smtp_port = 0
        self.control_url = ""
        self.certificate_pem: str | None = None
        """The certificate STARTTLS presents (PEM), for a client to trust: `cadata=`."""

    @classmethod
    @asynccontextmanager
    async def running(
        cls,
        host: str = "127.0.0.1",
        smtp_port: int = 0,
        control_port: int = 0,
        *,
        username: str | None = None,
        password: str | None = None,
        starttls: bool = True,
        auth_requires_tls: bool = True,
    ) -> AsyncIterator[Self]:
        """A started fake for the block (port 0: any free one; see `smtp_port`), then stopped."""
        fake = cls(username, password, starttls=starttls, auth_requires_tls=auth_requires_tls)
        await fake.start(host, smtp_port, control_port)
        try:
            yield fake
        finally:
            await fake.stop()

    async def start(
        self, host: str = "127.0.0.1", smtp_port: int = 0, control_port: int = 0
    ) -> None:
        """Listen for SMTP and for the control routes; set `smtp_port` and `control_url`."""
        self.mailbox.closing = False
        tls_context = None
        if self._starttls:
            certificate, key = self_signed_certificate(host)
            tls_context = server_context(certificate, key)
            self.certificate_pem = certificate.decode()
        loop = asyncio.get_running_loop()

        def new_connection() -> SMTP:
            connection = SMTP(
                self._handler,
                hostname=HOSTNAME,
                tls_context=tls_context,
                auth_require_tls=self._auth_requires_tls,
                authenticator=self._handler.credentials,
                enable_SMTPUTF8=True,
                loop=loop,
            )
            self._connections.add(connection)
            return connection

        self._smtp_server = await loop.create_server(new_connection, host, smtp_port)
        self.host = host
        self.smtp_port = self._smtp_server.sockets[0].getsockname()[1]
        self._control_runner = web.AppRunner(
            make_control_app(self), access_log=None, shutdown_timeout=SHUTDOWN_TIMEOUT
        )
        await self._control_runner.setup()
        await web.TCPSite(self._control_runner, host, control_port).start()
        bound_port = self._control_runner.addresses[0][1]
        self.control_url = f"http://{_url_host(host)}:{bound_port}/_control"

    async def stop(self) -> None:
        """Answer the waiting control calls, close every SMTP connection and listening socket."""
        self.mailbox.closing = True
        self.mailbox.notify()
        if self._smtp_server is not None:
            self._smtp_server.close()
            # A client left connected would hold the server open: the fake goes, as if killed.
            for connection in list(self._connections):
                if connection.transport is not None:
                    connection.transport.close()
            await self._smtp_server.wait_closed()
            self._smtp_server = None
        if self._control_runner is not None:
            await self._control_runner.cleanup()
            self._control_runner = None

    async def __aenter__(self) -> Self:
        """Started on 127.0.0.1, on free ports."""
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        """Stopped."""
        await self.stop()


def _url_host(host: str) -> str:
    """A host as a URL writes it: an IPv6 address in brackets."""
    return f"[{host}]" if ":" in host else host

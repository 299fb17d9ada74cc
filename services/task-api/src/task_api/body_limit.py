"""Refusing request bodies over MAX_BODY_BYTES with 413, in JSON like every other error."""

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from task_api.localized import problem
from todo_shared.i18n import Text


class BodyTooLarge(HTTPException):
    """A body that grew past the limit while it was read.

    An HTTPException, so that FastAPI passes it on from reading a body (it turns any other
    error there into a 400) to its JSON answer.
    """

    def __init__(self, max_bytes: int) -> None:
        self.message = too_large(max_bytes)
        super().__init__(413, str(self.message))


def too_large(max_bytes: int) -> Text:
    """What a 413 says."""
    return Text("the body is larger than {max_bytes} bytes (MAX_BODY_BYTES)", max_bytes=max_bytes)


class BodyLimit:
    """ASGI middleware: a body over `max_bytes`, declared or streamed, gets 413.

    Starlette's own limit answers a declared length in plain text, past every handler.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if _declared_length(headers) > self.max_bytes:
            response = problem(headers, 413, too_large(self.max_bytes))
            await response(scope, receive, send)
            return
        received = 0

        async def receive_within_limit() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise BodyTooLarge(self.max_bytes)
            return message

        await self.app(scope, receive_within_limit, send)


def _declared_length(headers: Headers) -> int:
    """The Content-Length the client declared; 0 when none (or one that is not a number)."""
    declared = headers.get("content-length", "")
    return int(declared) if declared.isdigit() else 0

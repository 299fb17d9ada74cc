"""Refusing request bodies over MAX_BODY_BYTES with 413, in JSON like every other error."""

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyTooLarge(HTTPException):
    """A body that grew past the limit while it was read.

    An HTTPException, so that FastAPI passes it on from reading a body (it turns any other
    error there into a 400) to its JSON answer.
    """

    def __init__(self, max_bytes: int) -> None:
        super().__init__(413, too_large(max_bytes))


def too_large(max_bytes: int) -> str:
    """What a 413 says."""
    return f"the body is larger than {max_bytes} bytes (MAX_BODY_BYTES)"


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
        if _declared_length(scope) > self.max_bytes:
            response = JSONResponse({"detail": too_large(self.max_bytes)}, 413)
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


def _declared_length(scope: Scope) -> int:
    """The Content-Length the client declared; 0 when none (or one that is not a number)."""
    declared = Headers(scope=scope).get("content-length", "")
    return int(declared) if declared.isdigit() else 0

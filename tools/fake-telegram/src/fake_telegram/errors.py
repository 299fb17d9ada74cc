"""The Bot API's error answers, as exceptions that the server turns into error envelopes."""

from typing import Any


class ApiError(Exception):
    """A call the Bot API refuses: answered as `{"ok": false, "error_code", "description"}`."""

    def __init__(self, error_code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.retry_after = retry_after

    def envelope(self) -> dict[str, Any]:
        """The JSON body Telegram answers with."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(reason: str) -> ApiError:
    """400, with Telegram's "Bad Request: " prefix."""
    return ApiError(400, f"Bad Request: {reason}")


def forbidden(reason: str) -> ApiError:
    """403, with Telegram's "Forbidden: " prefix."""
    return ApiError(403, f"Forbidden: {reason}")


def conflict(reason: str) -> ApiError:
    """409, with Telegram's "Conflict: " prefix."""
    return ApiError(409, f"Conflict: {reason}")


def too_many_requests(retry_after: int) -> ApiError:
    """429 with `parameters.retry_after`, worded as Telegram words it."""
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)


def unauthorized() -> ApiError:
    """401: the token is not one of a known bot."""
    return ApiError(401, "Unauthorized")


def not_found() -> ApiError:
    """404: no such method (or no such path)."""
    return ApiError(404, "Not Found")


def chat_not_found() -> ApiError:
    """400 for a chat the bot cannot reach."""
    return bad_request("chat not found")


def bot_blocked() -> ApiError:
    """403 for a user who blocked the bot."""
    return forbidden("bot was blocked by the user")


def server_error() -> ApiError:
    """500, which Telegram answers when something breaks on its side."""
    return ApiError(500, "Internal Server Error")

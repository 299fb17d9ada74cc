"""What the rules refuse, each failure with the HTTP code it answers (the web layer sends it)."""

from collections.abc import Sequence
from http import HTTPStatus


class DomainError(Exception):
    """A request the rules refuse; `status_code` is the HTTP answer it gets."""

    status_code = HTTPStatus.BAD_REQUEST

    def __init__(self, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = headers


class Unauthorized(DomainError):
    """No credentials, or credentials that do not hold."""

    status_code = HTTPStatus.UNAUTHORIZED

    def __init__(self, detail: str) -> None:
        super().__init__(detail, {"WWW-Authenticate": "Bearer"})


class Forbidden(DomainError):
    """Known credentials that do not allow this."""

    status_code = HTTPStatus.FORBIDDEN


class TooManyRequests(DomainError):
    """Too many attempts; `retry_after` says in how many seconds to try again."""

    status_code = HTTPStatus.TOO_MANY_REQUESTS

    def __init__(self, detail: str, *, retry_after: int) -> None:
        super().__init__(detail, {"Retry-After": str(retry_after)})


class NotFound(DomainError):
    status_code = HTTPStatus.NOT_FOUND


class Conflict(DomainError):
    status_code = HTTPStatus.CONFLICT


class InvalidField(DomainError):
    """A field that is well-formed but not acceptable, such as a reminder in the past."""

    status_code = HTTPStatus.UNPROCESSABLE_ENTITY

    def __init__(self, location: Sequence[str | int], detail: str) -> None:
        super().__init__(detail)
        self.location = list(location)

"""What the rules refuse, each failure with the HTTP code it answers (the web layer sends it).

Each carries its message as a catalog template and its values (`NotFound("task {task_id} not
found", task_id=task_id)`): `detail` is the English, and the answer is written in the language
the request prefers. `todo_testkit.catalogs` extracts these templates by the classes' names.
"""

from collections.abc import Sequence
from http import HTTPStatus

from todo_shared.i18n import Text


class DomainError(Exception):
    """A request the rules refuse; `status_code` is the HTTP answer it gets."""

    status_code = HTTPStatus.BAD_REQUEST

    def __init__(self, message: str | Text, /, **values: object) -> None:
        self.message = message if isinstance(message, Text) else Text(message, **values)
        self.detail = str(self.message)
        super().__init__(self.detail)
        self.headers: dict[str, str] | None = None


class Unauthorized(DomainError):
    """No credentials, or credentials that do not hold."""

    status_code = HTTPStatus.UNAUTHORIZED

    def __init__(self, message: str | Text, /, **values: object) -> None:
        super().__init__(message, **values)
        self.headers = {"WWW-Authenticate": "Bearer"}


class Forbidden(DomainError):
    """Known credentials that do not allow this."""

    status_code = HTTPStatus.FORBIDDEN


class TooManyRequests(DomainError):
    """Too many attempts; `retry_after` says in how many seconds to try again."""

    status_code = HTTPStatus.TOO_MANY_REQUESTS

    def __init__(self, template: str, /, *, retry_after: int, **values: object) -> None:
        super().__init__(template, **values)
        self.headers = {"Retry-After": str(retry_after)}


class NotFound(DomainError):
    status_code = HTTPStatus.NOT_FOUND


class Conflict(DomainError):
    status_code = HTTPStatus.CONFLICT


class InvalidField(DomainError):
    """A field that is well-formed but not acceptable, such as a reminder in the past."""

    status_code = HTTPStatus.UNPROCESSABLE_ENTITY

    def __init__(
        self, location: Sequence[str | int], message: str | Text, /, **values: object
    ) -> None:
        super().__init__(message, **values)
        self.location = list(location)


class Unavailable(DomainError):
    """Something the request needs is not there now (the mail server); `retry_after` seconds
    say when to try again, and none that trying again will not help."""

    status_code = HTTPStatus.SERVICE_UNAVAILABLE

    def __init__(self, message: Text, /, *, retry_after: int | None = None) -> None:
        super().__init__(message)
        if retry_after is not None:
            self.headers = {"Retry-After": str(retry_after)}

"""Answers in the language the request's Accept-Language prefers (en or ru), else English."""

from typing import TypeVar

from starlette.datastructures import Headers
from starlette.responses import JSONResponse, Response

from todo_shared.i18n import Text, negotiate

AnyResponse = TypeVar("AnyResponse", bound=Response)


def requested_language(headers: Headers) -> str | None:
    """Our language that the request's Accept-Language prefers; None when it names none."""
    return negotiate(headers.get("accept-language"))


def localized(response: AnyResponse, language: str | None) -> AnyResponse:
    """`response`, saying that it varies with Accept-Language and in which language it is."""
    response.headers.add_vary_header("Accept-Language")
    if language is not None:
        response.headers["Content-Language"] = language
    return response


def problem(
    request_headers: Headers,
    status_code: int,
    message: Text,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """A `{"detail": ...}` answer, the detail in the language the request prefers."""
    language = requested_language(request_headers)
    answer = JSONResponse({"detail": message.in_(language)}, status_code, headers=headers)
    return localized(answer, language)

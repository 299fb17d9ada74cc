"""The HTTP answers of failures: their bodies, their OpenAPI description, and the handlers.

A human `detail` (and a 422's `msg`) is written in the language the request's Accept-Language
prefers, en or ru, and in English without one; `loc` and `type` are the same in every language.
"""

import json

import asyncpg
from fastapi import FastAPI, Request, status
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from task_api.body_limit import BodyTooLarge
from task_api.errors import DomainError, InvalidField
from task_api.localized import localized, problem, requested_language
from task_api.validation_messages import message_for
from todo_shared.i18n import SOURCE_LANGUAGE, Text

IN_YOUR_LANGUAGE = " Its `detail` follows Accept-Language (en, ru); English without one."


class Problem(BaseModel):
    """The body of every error answer."""

    detail: str = Field(
        description="What went wrong, for people: in the language of Accept-Language."
    )


class FieldProblem(BaseModel):
    """One refused field, shaped like FastAPI's own validation errors."""

    loc: list[str | int] = Field(
        description="Where the refused value is; the same in every language."
    )
    msg: str = Field(
        description="Why it is refused, for people: in the language of Accept-Language."
    )
    type: str = Field(description="The kind of refusal, for programs; the same in every language.")


class InvalidFields(BaseModel):
    """The body of a 422 answer: which fields were refused and why."""

    detail: list[FieldProblem]


LANGUAGE_HEADERS = {
    "Content-Language": {
        "description": "The language of the detail, when Accept-Language named en or ru.",
        "schema": {"type": "string", "enum": ["en", "ru"]},
    },
    "Vary": {
        "description": "Accept-Language: the detail follows it.",
        "schema": {"type": "string"},
    },
}
ERROR_DESCRIPTIONS = {
    400: (Problem, "The body is not valid JSON."),
    401: (Problem, "No valid credentials."),
    403: (Problem, "The credentials do not allow this."),
    404: (Problem, "No such resource."),
    409: (Problem, "Conflicts with what exists."),
    413: (Problem, "The body is larger than MAX_BODY_BYTES."),
    422: (InvalidFields, "A field is missing, malformed or refused."),
    429: (Problem, "Too many attempts; see Retry-After."),
    503: (
        Problem,
        "The database, RabbitMQ or the mail server is unavailable (see Retry-After), or mail "
        "is not set up.",
    ),
}
ERROR_RESPONSES = {
    code: {
        "model": model,
        "description": description + IN_YOUR_LANGUAGE,
        "headers": LANGUAGE_HEADERS,
    }
    for code, (model, description) in ERROR_DESCRIPTIONS.items()
}


def responses(*codes: int) -> dict[int | str, dict]:
    """The OpenAPI description of the given error answers, for a route's `responses=`.

    A route that validates input (422) may also get a body it cannot parse (400) or one that is
    too large (413), so those are documented with it.
    """
    documented = {*codes, 400, 413} if 422 in codes else set(codes)
    return {code: ERROR_RESPONSES[code] for code in sorted(documented)}


def json_responses(*codes: int) -> dict[int | str, dict]:
    """The JSON error answers of a route whose own answer is a page (`response_class`), which
    FastAPI would otherwise describe in the page's media type."""
    return {
        code: {
            "description": ERROR_RESPONSES[code]["description"],
            "headers": LANGUAGE_HEADERS,
            "content": {
                "application/json": {
                    "schema": {
                        "$ref": f"#/components/schemas/{ERROR_DESCRIPTIONS[code][0].__name__}"
                    }
                }
            },
        }
        for code in codes
    }


async def _on_domain_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, DomainError)
    if not isinstance(error, InvalidField):
        return problem(request.headers, error.status_code, error.message, error.headers)
    language = requested_language(request.headers)
    refused = FieldProblem(loc=error.location, msg=error.message.in_(language), type="value_error")
    answer = JSONResponse(jsonable_encoder({"detail": [refused]}), error.status_code)
    return localized(answer, language)


async def _on_body_too_large(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, BodyTooLarge)
    return problem(request.headers, error.status_code, error.message)


SECRET_FIELDS = frozenset({"password", "refresh_token", "code"})
ECHOED_CHARACTERS = 100


async def _on_invalid_request(request: Request, error: Exception) -> JSONResponse:
    """FastAPI's 422 answer, echoing no secret field and only the start of a long input.

    In English each `msg` is pydantic's own; in another language, its catalog's.
    """
    assert isinstance(error, RequestValidationError)
    language = requested_language(request.headers)
    problems = [_capped(_without_secrets(refused)) for refused in error.errors()]
    if language not in (None, SOURCE_LANGUAGE):
        problems = [{**refused, "msg": message_for(refused).in_(language)} for refused in problems]
    answer = await request_validation_exception_handler(request, RequestValidationError(problems))
    return localized(answer, language)


def _without_secrets(problem: dict) -> dict:
    if SECRET_FIELDS.isdisjoint(map(str, problem["loc"])):
        return problem
    return {**problem, "input": "[hidden]"}


def _capped(problem: dict) -> dict:
    """The problem with a long text input cut short, and any other long input left out.

    A refused 100,000-character title is not worth sending back whole.
    """
    echoed = problem.get("input")
    if isinstance(echoed, str):
        if len(echoed) <= ECHOED_CHARACTERS:
            return problem
        return {**problem, "input": echoed[:ECHOED_CHARACTERS] + "…"}
    if len(json.dumps(jsonable_encoder(echoed))) <= ECHOED_CHARACTERS:
        return problem
    return {name: value for name, value in problem.items() if name != "input"}


DATABASE_UNAVAILABLE = Text("the database is unavailable; try again in a moment")


async def _on_database_unavailable(request: Request, error: Exception) -> JSONResponse:
    if isinstance(error, DBAPIError) and not _is_connection_failure(error):
        raise error
    return problem(
        request.headers,
        status.HTTP_503_SERVICE_UNAVAILABLE,
        DATABASE_UNAVAILABLE,
        headers={"Retry-After": "5"},
    )


def _is_connection_failure(error: DBAPIError) -> bool:
    return error.connection_invalidated or isinstance(error, OperationalError | InterfaceError)


def install_error_handlers(app: FastAPI) -> None:
    """Answer domain failures and an unreachable database with their HTTP codes."""
    app.add_exception_handler(DomainError, _on_domain_error)
    app.add_exception_handler(BodyTooLarge, _on_body_too_large)
    app.add_exception_handler(RequestValidationError, _on_invalid_request)
    unavailable_errors = (
        DBAPIError,
        PoolTimeoutError,
        asyncpg.PostgresConnectionError,
        asyncpg.InterfaceError,
        asyncpg.CannotConnectNowError,
        # A connection PostgreSQL ended (a restart) that is used again at once: asyncpg fails
        # it with "cannot switch to state ..." before it sees the connection closed.
        asyncpg.InternalClientError,
        OSError,
        TimeoutError,
    )
    for unavailable in unavailable_errors:
        app.add_exception_handler(unavailable, _on_database_unavailable)

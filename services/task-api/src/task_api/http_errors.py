"""The HTTP answers of failures: their bodies, their OpenAPI description, and the handlers."""

import json

import asyncpg
from fastapi import FastAPI, Request, status
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from task_api.errors import DomainError, InvalidField


class Problem(BaseModel):
    """The body of every error answer."""

    detail: str


class FieldProblem(BaseModel):
    """One refused field, shaped like FastAPI's own validation errors."""

    loc: list[str | int]
    msg: str
    type: str


class InvalidFields(BaseModel):
    """The body of a 422 answer: which fields were refused and why."""

    detail: list[FieldProblem]


ERROR_RESPONSES = {
    400: {"model": Problem, "description": "The body is not valid JSON."},
    401: {"model": Problem, "description": "No valid credentials."},
    403: {"model": Problem, "description": "The credentials do not allow this."},
    404: {"model": Problem, "description": "No such resource."},
    409: {"model": Problem, "description": "Conflicts with what exists."},
    413: {"model": Problem, "description": "The body is larger than MAX_BODY_BYTES."},
    422: {"model": InvalidFields, "description": "A field is missing, malformed or refused."},
    429: {"model": Problem, "description": "Too many attempts; see Retry-After."},
    503: {"model": Problem, "description": "The database is unavailable; try again later."},
}


def responses(*codes: int) -> dict[int | str, dict]:
    """The OpenAPI description of the given error answers, for a route's `responses=`.

    A route that validates input (422) may also get a body it cannot parse (400) or one that is
    too large (413), so those are documented with it.
    """
    documented = {*codes, 400, 413} if 422 in codes else set(codes)
    return {code: ERROR_RESPONSES[code] for code in sorted(documented)}


async def _on_domain_error(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, DomainError)
    if isinstance(error, InvalidField):
        problem = FieldProblem(loc=error.location, msg=error.detail, type="value_error")
        return JSONResponse(jsonable_encoder({"detail": [problem]}), error.status_code)
    return JSONResponse({"detail": error.detail}, error.status_code, headers=error.headers)


SECRET_FIELDS = frozenset({"password", "refresh_token", "code"})
ECHOED_CHARACTERS = 100


async def _on_invalid_request(request: Request, error: Exception) -> JSONResponse:
    """FastAPI's 422 answer, echoing no secret field and only the start of a long input."""
    assert isinstance(error, RequestValidationError)
    problems = [_capped(_without_secrets(problem)) for problem in error.errors()]
    return await request_validation_exception_handler(request, RequestValidationError(problems))


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


async def _on_database_unavailable(_: Request, error: Exception) -> JSONResponse:
    if isinstance(error, DBAPIError) and not _is_connection_failure(error):
        raise error
    return JSONResponse(
        {"detail": "the database is unavailable; try again in a moment"},
        status.HTTP_503_SERVICE_UNAVAILABLE,
        headers={"Retry-After": "5"},
    )


def _is_connection_failure(error: DBAPIError) -> bool:
    return error.connection_invalidated or isinstance(error, OperationalError | InterfaceError)


def install_error_handlers(app: FastAPI) -> None:
    """Answer domain failures and an unreachable database with their HTTP codes."""
    app.add_exception_handler(DomainError, _on_domain_error)
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

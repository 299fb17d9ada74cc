"""The sign-up and token routes: `/api/v1/auth`."""

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request, Response, status
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from task_api.auth import service
from task_api.auth.dependencies import AccessDep
from task_api.auth.schemas import Credentials, RefreshRequest, Registration, TokenPair
from task_api.config import Settings
from task_api.db import utcnow
from task_api.dependencies import RulesDep, SessionDep, get_settings
from task_api.http_errors import responses
from todo_shared.schemas import UserPublic

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])
SettingsDep = Annotated[Settings, Depends(get_settings)]

FORM = "application/x-www-form-urlencoded"
PASSWORD_FORM_SCHEMA = {
    "type": "object",
    "required": ["username", "password"],
    "properties": {
        "grant_type": {"type": "string", "enum": ["password"]},
        "username": {"type": "string"},
        "password": {"type": "string", "format": "password"},
    },
}


async def read_credentials(request: Request) -> Credentials:
    """A username and password from a JSON body or from the OAuth2 password form."""
    content_type = request.headers.get("content-type", "")
    try:
        if content_type.startswith(FORM) or content_type.startswith("multipart/form-data"):
            form = await request.form()
            fields: Any = {"username": form.get("username"), "password": form.get("password")}
        else:
            fields = json.loads(await request.body())
        return Credentials.model_validate(fields)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:  # not JSON, or not even UTF-8
        position = error.pos if isinstance(error, json.JSONDecodeError) else error.start
        problem = {"type": "json_invalid", "loc": ("body", position), "msg": "JSON decode error"}
        raise RequestValidationError([problem]) from error
    except ValidationError as error:
        problems = [{**p, "loc": ("body", *p["loc"])} for p in error.errors(include_url=False)]
        raise RequestValidationError(problems) from error


@router.post("/register", status_code=status.HTTP_201_CREATED, responses=responses(409, 422, 503))
async def register(
    data: Registration,
    session: SessionDep,
    access: AccessDep,
    rules: RulesDep,
    accept_language: Annotated[str | None, Header()] = None,
) -> UserPublic:
    """Sign up with a username and a password (at least 10 characters unless set otherwise).

    The account reads the `language` it names, else the one `Accept-Language` prefers, else
    the service's default; it starts with the service's default quiet hours. Change either
    with PATCH /users/me.
    """
    user = await service.register(session, access, rules, data, accept_language=accept_language)
    return UserPublic.model_validate(user)


@router.post(
    "/token",
    responses=responses(401, 422, 429, 503),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": Credentials.model_json_schema()},
                FORM: {"schema": PASSWORD_FORM_SCHEMA},
            },
        }
    },
)
async def issue_token(
    request: Request,
    credentials: Annotated[Credentials, Depends(read_credentials)],
    session: SessionDep,
    access: AccessDep,
    settings: SettingsDep,
) -> TokenPair:
    """Sign in: an access token (15 minutes) and a refresh token, for JSON or the OAuth2 form.

    The same 401 answers an unknown user and a wrong password; after too many failures a
    minute, for the username or the client address, 429 says when to try again.
    """
    address = request.client.host if request.client else "unknown"
    return await service.sign_in(
        session, access, settings, credentials, client_address=address, now=utcnow()
    )


@router.post("/refresh", responses=responses(401, 422, 503))
async def refresh(
    body: RefreshRequest, session: SessionDep, access: AccessDep, settings: SettingsDep
) -> TokenPair:
    """New tokens for a refresh token, which stops working; using it again revokes them all."""
    return await service.rotate(session, access, settings, body.refresh_token, now=utcnow())


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, responses=responses(422, 503))
async def logout(body: RefreshRequest, session: SessionDep) -> Response:
    """Revoke a refresh token (an unknown or revoked one changes nothing)."""
    await service.sign_out(session, body.refresh_token, now=utcnow())
    return Response(status_code=status.HTTP_204_NO_CONTENT)

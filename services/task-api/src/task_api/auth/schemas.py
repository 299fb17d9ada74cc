"""What the sign-up and token routes take and answer."""

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from todo_shared.i18n import Language
from todo_shared.schemas import Email, RequestModel, Storable, Username
from todo_shared.timezones import TimeZoneName

Password = Annotated[str, StringConstraints(min_length=1, max_length=1024)]


class Registration(RequestModel):
    """A person signing up; the password's minimum length is a setting (10 by default)."""

    username: Username
    password: Password
    email: Email | None = None
    timezone: TimeZoneName | None = None
    language: Language | None = None


class Credentials(RequestModel):
    """A username and password, as JSON or as the OAuth2 password form."""

    username: Annotated[str, StringConstraints(min_length=1, max_length=64), Storable]
    password: Password


class RefreshRequest(RequestModel):
    """A refresh token to rotate or revoke."""

    refresh_token: Annotated[str, StringConstraints(min_length=1, max_length=256), Storable]


class TokenPair(BaseModel):
    """An access token for calling the API and a refresh token for getting the next one."""

    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int = Field(description="Seconds until the access token expires.")

"""The settings every service has, read from the environment or an optional `.env` file."""

import re
from datetime import timedelta
from typing import Annotated, Any, Literal, TypeVar

from pydantic import AfterValidator, BeforeValidator, Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

LogLevel = Annotated[
    Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"],
    BeforeValidator(lambda value: value.upper() if isinstance(value, str) else value),
]

SECRET_MIN_LENGTH = 32


def _long_enough(secret: SecretStr) -> SecretStr:
    if len(secret.get_secret_value()) < SECRET_MIN_LENGTH:
        raise ValueError(
            f"must be at least {SECRET_MIN_LENGTH} characters (openssl rand -hex 32 makes one)"
        )
    return secret


Secret = Annotated[SecretStr, AfterValidator(_long_enough)]
"""A secret a service is given or signs with, long enough not to be guessed."""

_NUMBER = re.compile(r"\s*\d+(\.\d+)?\s*")


def _seconds(value: object) -> object:
    # The environment is text, and pydantic reads only ISO 8601 ("PT15M") from text; the docs
    # give lengths of time in seconds ("900"), so those are read as numbers.
    return float(value) if isinstance(value, str) and _NUMBER.fullmatch(value) else value


Duration = Annotated[timedelta, BeforeValidator(_seconds)]
"""A length of time from the environment: seconds ("900", "1.5") or ISO 8601 ("PT15M")."""


class ServiceSettings(BaseSettings):
    """Where a service listens and how much it logs; each service adds its own fields."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", frozen=True)

    host: str = Field("127.0.0.1", description="Address the service's HTTP port binds to.")
    port: int = Field(8000, ge=0, le=65535, description="The service's HTTP port.")
    log_level: LogLevel = Field("INFO", description="DEBUG, INFO, WARNING, ERROR or CRITICAL.")


SettingsType = TypeVar("SettingsType", bound=BaseSettings)


def load_settings(settings_class: type[SettingsType], service: str) -> SettingsType:
    """The settings from the environment, or SystemExit with one line naming each bad variable.

    Every entry point reads its settings here, so that a missing or short setting is told in a
    line an operator reads at once, not in pydantic's traceback; no value is ever repeated.
    """
    try:
        return settings_class()
    except ValidationError as error:
        problems = "; ".join(_problem(problem) for problem in error.errors(include_url=False))
        raise SystemExit(f"{service} cannot start: {problems}") from None


def _problem(problem: Any) -> str:
    """`VARIABLE: what is wrong`, the variable named as the environment names it."""
    location = [str(part) for part in problem["loc"]]
    if not location:  # a rule across settings says in its message which ones
        return problem["msg"]
    variable = location[0].upper() + "".join(f"[{part}]" for part in location[1:])
    return f"{variable}: {problem['msg']}"

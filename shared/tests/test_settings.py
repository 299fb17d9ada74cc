"""Reading settings: a missing or bad one is one line naming its variable."""

from datetime import timedelta

import pytest
from pydantic import Field, SecretStr

from todo_shared.settings import Duration, Secret, ServiceSettings, load_settings


class ExampleSettings(ServiceSettings):
    """A service's settings, as each service declares them."""

    api_token: Secret
    service_tokens: dict[str, SecretStr] = Field(default_factory=dict)
    token_ttl: Duration = timedelta(minutes=15)


@pytest.fixture(autouse=True)
def no_env_file(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)  # no .env of the developer's
    monkeypatch.delenv("API_TOKEN", raising=False)
    monkeypatch.delenv("TOKEN_TTL", raising=False)


def test_a_missing_setting_is_one_line_naming_its_variable() -> None:
    with pytest.raises(SystemExit) as refused:
        load_settings(ExampleSettings, "example")
    assert str(refused.value) == "example cannot start: API_TOKEN: Field required"


def test_a_short_secret_is_named_and_not_repeated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("API_TOKEN", "hunter2")
    monkeypatch.setenv("LOG_LEVEL", "loud")
    with pytest.raises(SystemExit) as refused:
        load_settings(ExampleSettings, "example")
    message = str(refused.value)
    assert "\n" not in message
    assert "hunter2" not in message
    assert message.startswith("example cannot start: ")
    assert "API_TOKEN: Value error, must be at least 32 characters" in message
    assert "LOG_LEVEL: Input should be 'DEBUG'" in message


def test_a_setting_inside_json_is_named_with_its_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("API_TOKEN", "x" * 32)
    monkeypatch.setenv("SERVICE_TOKENS", '{"telegram-bot": 7}')
    with pytest.raises(SystemExit) as refused:
        load_settings(ExampleSettings, "example")
    assert str(refused.value).startswith("example cannot start: SERVICE_TOKENS[telegram-bot]: ")


def test_good_settings_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("API_TOKEN", "x" * 32)
    assert load_settings(ExampleSettings, "example").api_token.get_secret_value() == "x" * 32


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("900", timedelta(minutes=15)),
        (" 1.5 ", timedelta(seconds=1.5)),
        ("0", timedelta(0)),
        ("PT15M", timedelta(minutes=15)),
        ("P1DT2H", timedelta(days=1, hours=2)),
    ],
)
def test_a_length_of_time_is_read_in_seconds_or_iso_8601(
    monkeypatch: pytest.MonkeyPatch, text: str, expected: timedelta
) -> None:
    monkeypatch.setenv("API_TOKEN", "x" * 32)
    monkeypatch.setenv("TOKEN_TTL", text)
    assert load_settings(ExampleSettings, "example").token_ttl == expected


@pytest.mark.parametrize("text", ["soon", "15m", "-", "1e3"])
def test_what_is_not_a_length_of_time_is_named(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setenv("API_TOKEN", "x" * 32)
    monkeypatch.setenv("TOKEN_TTL", text)
    with pytest.raises(SystemExit) as refused:
        load_settings(ExampleSettings, "example")
    assert str(refused.value).startswith("example cannot start: TOKEN_TTL: ")

"""The reminder message of each version, as a worker reads it."""

import json

import pytest
from pydantic import ValidationError

from todo_shared.messages import SendReminder

BODY = {
    "reminder_id": "7@1795435200.000000",
    "task_id": 7,
    "user_id": 1,
    "chat_id": 42,
    "text": "⏰ Pay rent",
    "due_at": "2026-11-23T12:00:00Z",
}


@pytest.mark.parametrize(
    ("fields", "version", "language"),
    [
        ({"version": 1}, 1, "en"),  # as the producers of before wrote it
        ({"version": 2, "language": "ru"}, 2, "ru"),
        ({"version": 2, "language": "en"}, 2, "en"),
        ({"version": 2, "language": "de"}, 2, "de"),  # no catalog here: the buttons read English
    ],
    ids=["version 1", "version 2 in Russian", "version 2 in English", "version 2, unknown"],
)
def test_each_version_is_read_with_its_language(
    fields: dict[str, object], version: int, language: str
) -> None:
    reminder = SendReminder.model_validate_json(json.dumps(BODY | fields))
    assert (reminder.version, reminder.language) == (version, language)


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"version": 2}, "a version 2 reminder names its language"),
        ({}, "a version 2 reminder names its language"),
        ({"version": 3, "language": "ru"}, "Input should be 1 or 2"),
        ({"version": 2, "language": "ru-RU"}, "String should match pattern"),
        ({"version": 2, "language": ""}, "String should match pattern"),
    ],
    ids=["version 2 without a language", "no version", "version 3", "a tag", "empty"],
)
def test_a_message_of_no_version_is_refused(fields: dict[str, object], problem: str) -> None:
    with pytest.raises(ValidationError, match=problem):
        SendReminder.model_validate_json(json.dumps(BODY | fields))


def test_a_new_message_is_version_2_and_keeps_its_language_on_the_wire() -> None:
    reminder = SendReminder.model_validate(BODY | {"language": "ru"})
    body = json.loads(reminder.model_dump_json())
    assert (body["version"], body["language"]) == (2, "ru")
    assert SendReminder.model_validate_json(reminder.model_dump_json()) == reminder

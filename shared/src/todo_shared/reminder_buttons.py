"""The buttons under a reminder: what the worker puts there and the bot reads back.

Telegram gives a pressed button's `callback_data` (at most 64 bytes) back to the bot, so the
format lives here, once: `done:<task id>`, `snooze:<task id>:<seconds>`, and
`snooze:<task id>:morning` for the morning of the person's next day, which the bot works out
in their zone. Buttons already in chats keep their data, so every form ever sent stays readable.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from todo_shared.i18n import SOURCE_LANGUAGE, translations

MORNING: Literal["morning"] = "morning"
Snooze = timedelta | Literal["morning"]
"""How long a snooze lasts: a fixed delay, or until the morning of the person's next day."""


@dataclass(frozen=True)
class ReminderButton:
    """A press on a reminder's button: mark the task done, or snooze it for a while."""

    action: Literal["done", "snooze"]
    task_id: int
    snooze: Snooze | None = None

    def pack(self) -> str:
        """The button's callback_data."""
        if self.action == "done":
            return f"done:{self.task_id}"
        if isinstance(self.snooze, timedelta):
            return f"snooze:{self.task_id}:{int(self.snooze.total_seconds())}"
        assert self.snooze == MORNING, "a snooze button always says for how long"
        return f"snooze:{self.task_id}:{MORNING}"

    @classmethod
    def unpack(cls, data: str) -> "ReminderButton":
        """The press a callback_data stands for; ValueError for anything else."""
        parts = data.split(":")
        match parts:
            case ["done", task_id]:
                return cls("done", _positive(task_id))
            case ["snooze", task_id, "morning"]:
                return cls("snooze", _positive(task_id), MORNING)
            case ["snooze", task_id, seconds]:
                return cls("snooze", _positive(task_id), _delay(seconds))
        raise ValueError(f"not a reminder button: {data!r}")


def reminder_keyboard(task_id: int, language: str = SOURCE_LANGUAGE) -> list[list[dict[str, str]]]:
    """The inline keyboard under a reminder, labelled in `language`, as the Bot API's
    `inline_keyboard`; its callback_data is the same in every language."""
    _ = translations(language, "reminders").gettext
    # Three short snoozes fit one row on a phone; the morning gets its own.
    rows = [
        [(_("✅ Done"), ReminderButton("done", task_id))],
        [
            (_("💤 15 min"), ReminderButton("snooze", task_id, timedelta(minutes=15))),
            (_("💤 1 h"), ReminderButton("snooze", task_id, timedelta(hours=1))),
            (_("💤 3 h"), ReminderButton("snooze", task_id, timedelta(hours=3))),
        ],
        [(_("🌅 Tomorrow morning"), ReminderButton("snooze", task_id, MORNING))],
    ]
    return [
        [{"text": text, "callback_data": button.pack()} for text, button in row] for row in rows
    ]


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) <= 0:
        raise ValueError(f"not a positive number: {text!r}")
    return int(text)


def _delay(seconds: str) -> timedelta:
    try:
        return timedelta(seconds=_positive(seconds))
    except OverflowError as error:  # more days than a timedelta holds
        raise ValueError(f"not a delay: {seconds!r}") from error

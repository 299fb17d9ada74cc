"""The buttons under a reminder: what the worker puts there and the bot reads back.

Telegram gives a pressed button's `callback_data` (at most 64 bytes) back to the bot, so the
format lives here, once: `done:<task id>`, `snooze:<task id>:<seconds>`, and
`snooze:<task id>:morning` for the morning of the person's next day, which the bot works out
in their zone. Buttons already in chats keep their data, so every form ever sent stays readable.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

MORNING: Literal["morning"] = "morning"
Snooze = timedelta | Literal["morning"]
"""How long a snooze lasts: a fixed delay, or until the morning of the person's next day."""

DONE_LABEL = "✅ Done"
# Rows of the keyboard: three short snoozes fit one row on a phone, the morning gets its own.
SNOOZE_ROWS: tuple[dict[str, Snooze], ...] = (
    {
        "💤 15 min": timedelta(minutes=15),
        "💤 1 h": timedelta(hours=1),
        "💤 3 h": timedelta(hours=3),
    },
    {"🌅 Tomorrow morning": MORNING},
)


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


def reminder_keyboard(task_id: int) -> list[list[dict[str, str]]]:
    """The inline keyboard under a reminder, as the Bot API's `inline_keyboard`."""
    done = {"text": DONE_LABEL, "callback_data": ReminderButton("done", task_id).pack()}
    snoozes = [
        [
            {"text": label, "callback_data": ReminderButton("snooze", task_id, snooze).pack()}
            for label, snooze in row.items()
        ]
        for row in SNOOZE_ROWS
    ]
    return [[done], *snoozes]


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) <= 0:
        raise ValueError(f"not a positive number: {text!r}")
    return int(text)


def _delay(seconds: str) -> timedelta:
    try:
        return timedelta(seconds=_positive(seconds))
    except OverflowError as error:  # more days than a timedelta holds
        raise ValueError(f"not a delay: {seconds!r}") from error

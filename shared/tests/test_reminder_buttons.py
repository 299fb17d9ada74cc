"""The reminder buttons' callback data, both ways, and their labels in each language."""

from datetime import timedelta

import pytest

from todo_shared.reminder_buttons import MORNING, ReminderButton, reminder_keyboard


@pytest.mark.parametrize(
    ("button", "data"),
    [
        (ReminderButton("done", 7), "done:7"),
        (ReminderButton("snooze", 7, timedelta(minutes=15)), "snooze:7:900"),
        (ReminderButton("snooze", 7, timedelta(hours=1)), "snooze:7:3600"),
        (ReminderButton("snooze", 7, timedelta(hours=3)), "snooze:7:10800"),
        (ReminderButton("snooze", 7, MORNING), "snooze:7:morning"),
        # What the buttons of before said, still under reminders in chats.
        (ReminderButton("snooze", 9_000_000_000, timedelta(days=1)), "snooze:9000000000:86400"),
    ],
)
def test_buttons_pack_and_unpack(button: ReminderButton, data: str) -> None:
    assert button.pack() == data
    assert ReminderButton.unpack(data) == button


@pytest.mark.parametrize(
    "data",
    [
        "",
        "done",
        "done:x",
        "done:-1",
        "done:0",
        "snooze:7",
        "snooze:7:0",
        "snooze:7:-60",
        "snooze:7:1.5",
        "snooze:7:" + "9" * 20,
        "snooze:7:Morning",
        "snooze:7:evening",
        "snooze:7:morning:9",
        "snooze:0:morning",
        "snooze:x:morning",
        "drop:7",
        "done:7:1",
    ],
)
def test_anything_else_is_refused(data: str) -> None:
    with pytest.raises(ValueError, match="not a"):
        ReminderButton.unpack(data)


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        (
            "en",
            [["✅ Done"], ["💤 15 min", "💤 1 h", "💤 3 h"], ["🌅 Tomorrow morning"]],
        ),
        (
            "ru",
            [["✅ Готово"], ["💤 15 мин", "💤 1 ч", "💤 3 ч"], ["🌅 Завтра утром"]],
        ),
    ],
)
def test_the_keyboard_is_done_then_the_snoozes_in_two_rows_in_the_persons_language(
    language: str, labels: list[list[str]]
) -> None:
    keyboard = reminder_keyboard(7, language)
    assert [[b["text"] for b in row] for row in keyboard] == labels
    assert [[b["callback_data"] for b in row] for row in keyboard] == [
        ["done:7"],
        ["snooze:7:900", "snooze:7:3600", "snooze:7:10800"],
        ["snooze:7:morning"],
    ]


def test_the_keyboard_reads_english_without_a_language() -> None:
    assert reminder_keyboard(7) == reminder_keyboard(7, "en")


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_keyboard_fits_telegrams_limit(language: str) -> None:
    buttons = [button for row in reminder_keyboard(2**63 - 1, language) for button in row]
    assert all(len(b["callback_data"].encode()) <= 64 for b in buttons)
    assert all(ReminderButton.unpack(b["callback_data"]).task_id == 2**63 - 1 for b in buttons)

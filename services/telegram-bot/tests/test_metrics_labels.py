"""The command label of an update: from a closed set, so that /metrics stays small."""

import pytest
from aiogram.types import Update

from telegram_bot.middlewares import command_label

CHAT = {"id": 5, "type": "private"}
USER = {"id": 5, "is_bot": False, "first_name": "Ann"}


def message(text: str | None) -> Update:
    """An update of a message with this text (None: a message without text, like a sticker)."""
    body = {"message_id": 1, "date": 0, "chat": CHAT, "from": USER}
    return Update.model_validate(
        {"update_id": 1, "message": body | ({"text": text} if text else {})}
    )


def press(data: str) -> Update:
    """An update of a button press carrying `data`."""
    query = {"id": "1", "from": USER, "chat_instance": "1", "data": data}
    return Update.model_validate({"update_id": 1, "callback_query": query})


@pytest.mark.parametrize(
    ("update", "label"),
    [
        (message("/new Pay rent"), "new"),
        (message("/start_task 12"), "start_task"),
        (message("/LIST done"), "list"),
        (message("/done@todo_nudge_bot 12"), "done"),
        (message("/frobnicate"), "unknown"),
        (message("/"), "unknown"),
        (message("hello /new"), "text"),
        (message(None), "text"),
        (press("done:12"), "done"),
        (press("snooze:12:3600"), "snooze"),
        (press("urgency:12:urgent"), "urgency"),
        (press("page:open:10"), "page"),
        (press("delete:12:1"), "delete"),
        (press("v0:thing"), "unknown"),
        (Update.model_validate({"update_id": 1}), "other"),
    ],
)
def test_command_labels(update: Update, label: str) -> None:
    assert command_label(update) == label

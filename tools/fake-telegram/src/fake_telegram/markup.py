"""Reply markup: checked the way Telegram checks it, and kept in the shape Telegram echoes."""

from typing import Any

from fake_telegram.errors import bad_request

_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_KEYBOARDS = ("inline_keyboard", "keyboard", "remove_keyboard", "force_reply")
MAX_CALLBACK_DATA_BYTES = 64


def checked_markup(markup: Any) -> dict[str, Any] | None:
    """The markup if Telegram would take it (inline buttons normalized); raises 400 if not."""
    if markup is None:
        return None
    if not isinstance(markup, dict) or not any(key in markup for key in _KEYBOARDS):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" not in markup:
        return markup
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(
            'field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays'
        )
    return {"inline_keyboard": [[_checked_button(button) for button in row] for row in rows]}


def _checked_button(button: Any) -> dict[str, Any]:
    if not isinstance(button, dict):
        raise bad_request(
            "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
        )
    if not isinstance(button.get("text"), str):
        raise bad_request(
            'can\'t parse inline keyboard button: Field "text" must be of type String'
        )
    actions = {key: button[key] for key in _BUTTON_ACTIONS if key in button}
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    data = actions.get("callback_data")
    if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA_BYTES:
        raise bad_request("BUTTON_DATA_INVALID")
    return {"text": button["text"], **actions}


def echoed_markup(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    """What a Message shows of its markup: Telegram echoes non-empty inline keyboards only."""
    if markup is not None and markup.get("inline_keyboard"):
        return markup
    return None


def callback_buttons(markup: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Every button of an inline keyboard that sends a callback query."""
    if not markup or "inline_keyboard" not in markup:
        return []
    return [
        button for row in markup["inline_keyboard"] for button in row if "callback_data" in button
    ]

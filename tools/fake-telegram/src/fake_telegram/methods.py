"""The Bot API methods the fake speaks, each checking its parameters as Telegram does."""

import copy
import json
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from fake_telegram.entities import found_entities, merged_entities, utf16_length
from fake_telegram.errors import bad_request, chat_not_found, conflict, forbidden
from fake_telegram.formatting import parse, trimmed
from fake_telegram.markup import checked_markup, echoed_markup
from fake_telegram.params import Params
from fake_telegram.state import BotAction, BotState, Chat, JsonObject, Webhook
from fake_telegram.world import World

MAX_TEXT_LENGTH = 4096
MAX_CALLBACK_ANSWER_LENGTH = 200
LONG_POLL_MAX_TIMEOUT = 50
SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
COMMAND = re.compile(r"[a-z0-9_]{1,32}")
LANGUAGE_CODE = re.compile(r"(?:[a-z]{2})?")
DEFAULT_SCOPE = {"type": "default"}
QUERY_ID_INVALID = "query is too old and response timeout expired or query ID is invalid"
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)


@dataclass
class Call:
    """One API call being answered: the world, the bot whose token was used, the parameters."""

    world: World
    bot: BotState
    params: Params


@dataclass
class Described:
    """A result that Telegram answers with a `description` beside it (the webhook methods)."""

    result: Any
    description: str


Handler = Callable[[Call], Awaitable[Any]]


async def get_me(call: Call) -> JsonObject:
    """The bot itself, with the capabilities getMe reports."""
    return {
        **call.bot.user,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


async def send_message(call: Call) -> JsonObject:
    """Send a text message, with optional parse_mode, entities and reply_markup."""
    chat = _target_chat(call)
    text, entities = _message_text(call.params)
    markup = _reply_markup(call.params)
    message: JsonObject = {
        "message_id": chat.next_message_id(),
        "from": call.bot.user,
        "chat": chat.shape(),
        "date": int(time.time()),
    }
    if replied := _replied_message(call.params, chat):
        message["reply_to_message"] = replied
    _set_content(message, text, entities, markup)
    chat.messages[message["message_id"]] = message
    call.bot.record(_action("send", chat, message, call.params))
    return copy.deepcopy(message)


async def edit_message_text(call: Call) -> JsonObject:
    """Replace the text (and the inline keyboard, which goes if not given) of a bot message."""
    chat, message = _editable_message(call)
    text, entities = _message_text(call.params)
    markup = _reply_markup(call.params)
    return _edit(call, chat, message, text, entities, markup)


async def edit_message_reply_markup(call: Call) -> JsonObject:
    """Replace (or, when not given, remove) the inline keyboard of a bot message."""
    chat, message = _editable_message(call)
    markup = _reply_markup(call.params)
    return _edit(call, chat, message, message["text"], message.get("entities", []), markup)


async def delete_message(call: Call) -> bool:
    """Delete a message of the chat."""
    chat = _target_chat(call)
    message_id = call.params.integer("message_id")
    if message_id not in chat.messages:
        raise bad_request("message to delete not found")
    message = chat.messages.pop(message_id)
    call.bot.record(_action("delete", chat, message, call.params))
    return True


async def send_chat_action(call: Call) -> bool:
    """Show "typing…" or the like: nothing to remember but the call itself."""
    _target_chat(call)
    if not call.params.text("action"):
        raise bad_request("action is empty")
    return True


async def answer_callback_query(call: Call) -> bool:
    """Answer a button press once; a second answer, or an unknown id, is refused."""
    query = call.bot.callback_queries.pop(call.params.text("callback_query_id"), None)
    if query is None:
        raise bad_request(QUERY_ID_INVALID)
    text = call.params.optional_text("text")
    if text is not None and len(text) > MAX_CALLBACK_ANSWER_LENGTH:
        call.bot.callback_queries[query.id] = query
        raise bad_request("MESSAGE_TOO_LONG")
    action = BotAction(
        kind="answer_callback",
        chat_id=query.chat_id,
        at=time.monotonic(),
        date=int(time.time()),
        message_id=query.message_id,
        text=text,
        callback_query_id=query.id,
        show_alert=call.params.boolean("show_alert"),
    )
    call.bot.record(action)
    return True


async def get_updates(call: Call) -> list[JsonObject]:
    """Long polling: confirm updates before `offset`, then wait up to `timeout` for some."""
    bot, params = call.bot, call.params
    if bot.webhook is not None:
        raise conflict(
            "can't use getUpdates method while webhook is active; "
            "use deleteWebhook to delete the webhook first"
        )
    limit = params.integer("limit", 100, 1, 100)
    timeout = params.integer("timeout", 0, 0, LONG_POLL_MAX_TIMEOUT)
    bot.set_allowed_updates(params.string_list("allowed_updates"))
    bot.confirm(params.integer("offset"))
    bot.poll_generation += 1
    generation = bot.poll_generation
    await _wait_for_updates(call, generation, timeout)
    if bot.poll_generation != generation:
        raise conflict(
            "terminated by other getUpdates request; "
            "make sure that only one bot instance is running"
        )
    if bot.retired or bot.webhook is not None:
        return []
    return copy.deepcopy(bot.updates[:limit])


async def _wait_for_updates(call: Call, generation: int, seconds: int) -> None:
    bot = call.bot

    def answerable() -> bool:
        superseded = bot.poll_generation != generation
        return bool(bot.updates) or superseded or bot.retired or call.world.closing

    bot.polls_waiting += 1
    # Wakes an earlier poll of the same bot, which Telegram ends with a Conflict.
    bot.signal.notify()
    try:
        await bot.signal.wait_until(answerable, seconds)
    finally:
        bot.polls_waiting -= 1


async def set_webhook(call: Call) -> Described:
    """Send updates to `url` from now on; an empty url deletes the webhook."""
    bot, params = call.bot, call.params
    url = params.text("url").strip()
    if not url:
        return await delete_webhook(call)
    if not url.startswith(("https://", "http://")):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret = params.optional_text("secret_token")
    if secret is not None and not SECRET_TOKEN.fullmatch(secret):
        raise bad_request("secret token contains unallowed characters")
    already = bot.webhook is not None and bot.webhook.url == url
    if params.boolean("drop_pending_updates"):
        bot.updates.clear()
    allowed = params.string_list("allowed_updates")
    bot.set_allowed_updates(allowed)
    bot.webhook = Webhook(
        url=url,
        secret_token=secret,
        max_connections=params.integer("max_connections", 40, 1, 100),
        allowed_updates=allowed,
    )
    bot.signal.notify()
    call.world.webhooks.ensure_running(bot)
    return Described(True, "Webhook is already set" if already else "Webhook was set")


async def delete_webhook(call: Call) -> Described:
    """Stop sending updates to the webhook; getUpdates works again."""
    bot = call.bot
    if call.params.boolean("drop_pending_updates"):
        bot.updates.clear()
    had_webhook = bot.webhook is not None
    bot.webhook = None
    bot.signal.notify()
    return Described(True, "Webhook was deleted" if had_webhook else "Webhook is already deleted")


async def get_webhook_info(call: Call) -> JsonObject:
    """The webhook's URL, how many updates wait, and the last delivery error."""
    bot = call.bot
    info: JsonObject = {
        "url": "",
        "has_custom_certificate": False,
        "pending_update_count": len(bot.updates),
    }
    webhook = bot.webhook
    if webhook is None:
        return info
    info["url"] = webhook.url
    info["max_connections"] = webhook.max_connections
    if webhook.last_error_date is not None:
        info["last_error_date"] = webhook.last_error_date
        info["last_error_message"] = webhook.last_error_message
    if webhook.allowed_updates:
        info["allowed_updates"] = webhook.allowed_updates
    return info


async def set_my_commands(call: Call) -> bool:
    """Set the bot's command list for a scope and a language (none: every other language)."""
    commands = call.params.json("commands", "can't parse commands JSON object")
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    checked = [_checked_command(command) for command in commands]
    call.bot.commands[_command_list(call.params)] = checked
    return True


async def get_my_commands(call: Call) -> list[JsonObject]:
    """The command list of exactly that scope and language; [] when it has none."""
    return copy.deepcopy(call.bot.commands.get(_command_list(call.params), []))


async def delete_my_commands(call: Call) -> bool:
    """Forget the command list of that scope and language."""
    call.bot.commands.pop(_command_list(call.params), None)
    return True


async def log_out(call: Call) -> bool:
    """Accepted and ignored: there is no cloud to log out of."""
    return True


METHODS: dict[str, tuple[str, Handler]] = {
    name.lower(): (name, handler)
    for name, handler in (
        ("getMe", get_me),
        ("sendMessage", send_message),
        ("editMessageText", edit_message_text),
        ("editMessageReplyMarkup", edit_message_reply_markup),
        ("deleteMessage", delete_message),
        ("sendChatAction", send_chat_action),
        ("answerCallbackQuery", answer_callback_query),
        ("getUpdates", get_updates),
        ("setWebhook", set_webhook),
        ("deleteWebhook", delete_webhook),
        ("getWebhookInfo", get_webhook_info),
        ("setMyCommands", set_my_commands),
        ("getMyCommands", get_my_commands),
        ("deleteMyCommands", delete_my_commands),
        ("logOut", log_out),
        ("close", log_out),
    )
}


def _target_chat(call: Call) -> Chat:
    reference = call.params.chat_reference()
    if isinstance(reference, str):
        chat = call.bot.chat_by_username(reference)
        if chat is None:
            raise chat_not_found()
        return chat
    if reference == call.bot.id:
        raise forbidden("bot can't send messages to bots")
    return call.bot.chat(reference)


def _message_text(params: Params) -> tuple[str, list[JsonObject]]:
    raw = params.text("text")
    explicit = params.json("entities", "can't parse entities JSON object")
    if explicit is not None and not isinstance(explicit, list):
        raise bad_request("can't parse entities JSON object")
    if explicit is not None:
        text, entities = raw, explicit
    else:
        text, entities = parse(raw, params.optional_text("parse_mode"))
    text, entities = trimmed(text, entities)
    if not text:
        raise bad_request("message text is empty")
    if utf16_length(text) > MAX_TEXT_LENGTH:
        raise bad_request("message is too long")
    return text, merged_entities(entities, found_entities(text))


def _reply_markup(params: Params) -> JsonObject | None:
    error = "can't parse reply keyboard markup JSON object"
    return checked_markup(params.json("reply_markup", error))


def _replied_message(params: Params, chat: Chat) -> JsonObject | None:
    error = "can't parse reply parameters JSON object"
    reply = params.json("reply_parameters", error) or {}
    if not isinstance(reply, dict):
        raise bad_request(error)
    message_id = reply.get("message_id") or params.integer("reply_to_message_id")
    if not message_id:
        return None
    if message_id in chat.messages:
        replied = copy.deepcopy(chat.messages[message_id])
        replied.pop("reply_to_message", None)
        return replied
    if reply.get("allow_sending_without_reply") or params.boolean("allow_sending_without_reply"):
        return None
    raise bad_request("message to be replied not found")


def _editable_message(call: Call) -> tuple[Chat, JsonObject]:
    if call.params.optional_text("inline_message_id"):
        raise bad_request("MESSAGE_ID_INVALID")
    chat = _target_chat(call)
    message_id = call.params.integer("message_id")
    if message_id <= 0:
        raise bad_request("message identifier is not specified")
    message = chat.messages.get(message_id)
    if message is None:
        raise bad_request("message to edit not found")
    if message["from"]["id"] != call.bot.id:
        raise bad_request("message can't be edited")
    return chat, message


def _edit(
    call: Call,
    chat: Chat,
    message: JsonObject,
    text: str,
    entities: list[JsonObject],
    markup: JsonObject | None,
) -> JsonObject:
    unchanged = (
        message["text"] == text
        and message.get("entities", []) == entities
        and message.get("reply_markup") == echoed_markup(markup)
    )
    if unchanged:
        raise bad_request(NOT_MODIFIED)
    _set_content(message, text, entities, markup)
    message["edit_date"] = int(time.time())
    call.bot.record(_action("edit", chat, message, call.params))
    return copy.deepcopy(message)


def _set_content(
    message: JsonObject, text: str, entities: list[JsonObject], markup: JsonObject | None
) -> None:
    message["text"] = text
    message.pop("entities", None)
    message.pop("reply_markup", None)
    if entities:
        message["entities"] = entities
    if shown := echoed_markup(markup):
        message["reply_markup"] = shown


def _action(kind: str, chat: Chat, message: JsonObject, params: Params) -> BotAction:
    return BotAction(
        kind=kind,
        chat_id=chat.id,
        at=time.monotonic(),
        date=int(time.time()),
        message_id=message["message_id"],
        text=message["text"],
        parse_mode=params.optional_text("parse_mode"),
        entities=copy.deepcopy(message.get("entities", [])),
        reply_markup=_reply_markup(params),
    )


def _command_list(params: Params) -> tuple[str, str]:
    """Which of the bot's command lists a call names: its scope (as canonical JSON, the default
    scope when none) and its language, empty or two lowercase letters as TDLib requires."""
    scope = params.json("scope", "can't parse BotCommandScope JSON object") or DEFAULT_SCOPE
    if not isinstance(scope, dict) or not isinstance(scope.get("type"), str):
        raise bad_request("can't parse BotCommandScope JSON object")
    language = params.text("language_code")
    if not LANGUAGE_CODE.fullmatch(language):
        raise bad_request("invalid language code specified")
    return json.dumps(scope, sort_keys=True, separators=(",", ":")), language


def _checked_command(command: Any) -> JsonObject:
    if not isinstance(command, dict):
        raise bad_request("can't parse BotCommand JSON object")
    name, description = command.get("command"), command.get("description")
    if not isinstance(name, str) or not COMMAND.fullmatch(name.removeprefix("/").lower()):
        raise bad_request("BOT_COMMAND_INVALID")
    if not isinstance(description, str) or not 1 <= len(description) <= 256:
        raise bad_request("command description is empty")
    return {"command": name.removeprefix("/").lower(), "description": description}

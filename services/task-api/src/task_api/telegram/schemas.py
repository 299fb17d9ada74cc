"""What the Telegram routes take and answer."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from todo_shared.schemas import ChatId, RequestModel, Storable


class LinkCode(BaseModel):
    """A one-time code that links a Telegram chat to the account that asked for it."""

    code: str
    expires_at: datetime
    deep_link: str | None = Field(
        description="t.me link that opens the bot with the code, when the bot's name is set."
    )


class ChatAccountRequest(RequestModel):
    """A chat that started the bot without a code."""

    chat_id: ChatId
    language_code: str | None = Field(
        None,
        max_length=35,
        description="Telegram's language_code of the person who started the bot: a new account "
        "reads that language when there are catalogs for it, else the default.",
    )


class ChatLinkRequest(RequestModel):
    """A chat that sent the bot a link code."""

    chat_id: ChatId
    code: Annotated[str, StringConstraints(min_length=1, max_length=64), Storable]

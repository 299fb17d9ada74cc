"""Values no other test uses, so that tests sharing a database never collide."""

import uuid


def unique_name(prefix: str) -> str:
    """A username (or any name) made unique by a random suffix."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def new_chat_id() -> int:
    """A Telegram chat id that no other test uses."""
    return 10**9 + uuid.uuid4().int % 10**12

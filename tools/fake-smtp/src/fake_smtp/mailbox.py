"""Every message received, kept in memory, and waiting for messages without polling."""

import asyncio

from fake_smtp.message import ReceivedMessage

DEFAULT_WAIT = 5.0


class Mailbox:
    """The messages received so far, oldest first; waiters wake as each one arrives."""

    def __init__(self) -> None:
        self._messages: list[ReceivedMessage] = []
        self._last_id = 0  # ids go on growing after a reset, so an old id never means a new one
        self._changed = asyncio.Event()
        self.closing = False

    def new_id(self) -> int:
        """An id for a message about to be added."""
        self._last_id += 1
        return self._last_id

    def add(self, message: ReceivedMessage) -> None:
        """Keep a received message and wake the waiters."""
        self._messages.append(message)
        self.notify()

    def messages(self, to: str | None = None) -> list[ReceivedMessage]:
        """The messages received, only those to `to` (an envelope recipient) if given."""
        return [m for m in self._messages if to is None or m.is_to(to)]

    async def wait_for(
        self,
        count: int = 1,
        timeout: float = DEFAULT_WAIT,  # noqa: ASYNC109 - the fake's own bound on waiting
        *,
        to: str | None = None,
    ) -> list[ReceivedMessage]:
        """Wait until `count` messages (to `to`) arrived: all of them; TimeoutError if not."""
        if count < 0 or timeout < 0:
            raise ValueError("count and timeout cannot be negative")

        def enough() -> bool:
            return len(self.messages(to)) >= count

        try:
            async with asyncio.timeout(timeout):
                while not (enough() or self.closing):
                    await self._changed.wait()
        except TimeoutError:
            pass
        if not enough():
            whom = f" to {to}" if to else ""
            raise TimeoutError(f"fake SMTP: no {count} message(s){whom} within {timeout}s")
        return self.messages(to)

    def clear(self) -> None:
        """Forget every message."""
        self._messages.clear()
        self.notify()

    def notify(self) -> None:
        """Wake the waiters so they look again (a message arrived, or the server stops)."""
        self._changed.set()
        self._changed = asyncio.Event()

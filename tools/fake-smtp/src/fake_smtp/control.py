"""Control: what tests and demos do to the fake SMTP server: read, wait, break, reset."""

from fake_smtp.faults import NO_SUCH_USER, Command, Fault, Faults
from fake_smtp.mailbox import DEFAULT_WAIT, Mailbox
from fake_smtp.message import ReceivedMessage


class Control:
    """The control operations on the fake's mailbox and faults."""

    def __init__(self) -> None:
        self.mailbox = Mailbox()
        self.faults = Faults()

    def messages(self, *, to: str | None = None) -> list[ReceivedMessage]:
        """The messages received so far, oldest first; only those to `to` if given."""
        return self.mailbox.messages(to)

    async def wait_for_messages(
        self,
        count: int = 1,
        timeout: float = DEFAULT_WAIT,  # noqa: ASYNC109 - the fake's own bound on waiting
        *,
        to: str | None = None,
    ) -> list[ReceivedMessage]:
        """Wait until `count` messages (to `to`) arrived: all of them; raises TimeoutError."""
        return await self.mailbox.wait_for(count, timeout, to=to)

    def fail_next(
        self,
        command: Command,
        code: int,
        text: str,
        *,
        count: int = 1,
        recipient: str | None = None,
    ) -> None:
        """Answer the next `count` RCPT or DATA commands with `code text` instead of 250.

        With `recipient`, only RCPT TO that address, or DATA of a message to it, counts.
        Like `fail_next("RCPT", 451, "4.3.0 Try again later")`.
        """
        self.faults.add(Fault(command, code, text, count, recipient))

    def refuse_recipient(
        self, address: str, code: int = NO_SUCH_USER[0], text: str = NO_SUCH_USER[1]
    ) -> None:
        """Answer every RCPT TO `address` with `code text` (550 5.1.1: no such mailbox)."""
        self.faults.add(Fault("RCPT", code, text, None, address))

    def reset(self) -> None:
        """Forget every message and fault."""
        self.mailbox.clear()
        self.faults.clear()

"""Faults: SMTP replies the tests ask for in place of accepting a recipient or a message."""

from dataclasses import dataclass
from typing import Literal

Command = Literal["RCPT", "DATA"]
COMMANDS: tuple[Command, ...] = ("RCPT", "DATA")
NO_SUCH_USER = (550, "5.1.1 No such user")


@dataclass
class Fault:
    """Answer the next `remaining` matching commands with `code text` (None: every one)."""

    command: Command
    code: int
    text: str
    remaining: int | None = 1
    recipient: str | None = None

    def __post_init__(self) -> None:
        if self.command not in COMMANDS:
            raise ValueError(f"unknown command {self.command!r}; one of {', '.join(COMMANDS)}")
        if not 400 <= self.code <= 599:
            raise ValueError("a fault's code is a 4xx or 5xx SMTP reply code")
        if not self.text or "\r" in self.text or "\n" in self.text:
            raise ValueError("a fault's text is one line, not empty")
        if self.remaining is not None and self.remaining < 1:
            raise ValueError("a fault needs a count of at least 1")

    def matches(self, command: Command, recipients: list[str]) -> bool:
        """Whether a command about these recipients (RCPT's one, DATA's all) is one to fail."""
        if command != self.command:
            return False
        wanted = self.recipient
        return wanted is None or wanted.lower() in (r.lower() for r in recipients)

    @property
    def reply(self) -> str:
        """The SMTP reply line, like "451 4.3.0 Try again later"."""
        return f"{self.code} {self.text}"


class Faults:
    """The faults in force, used up in the order they were added."""

    def __init__(self) -> None:
        self.rules: list[Fault] = []

    def add(self, fault: Fault) -> None:
        """Fail the commands that match `fault`."""
        self.rules.append(fault)

    def take(self, command: Command, recipients: list[str]) -> str | None:
        """The reply a command must get instead of success, using up one turn of its fault."""
        for fault in self.rules:
            if fault.matches(command, recipients):
                if fault.remaining is not None:
                    fault.remaining -= 1
                    if fault.remaining == 0:
                        self.rules.remove(fault)
                return fault.reply
        return None

    def clear(self) -> None:
        """No faults."""
        self.rules.clear()

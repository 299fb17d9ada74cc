"""Faults: errors and latency the tests ask for, and chats whose users blocked the bot."""

from dataclasses import asdict, dataclass
from typing import Any, Literal

from fake_telegram.errors import (
    ApiError,
    bot_blocked,
    chat_not_found,
    server_error,
    too_many_requests,
)

FaultKind = Literal["retry_after", "blocked", "chat_not_found", "server_error"]
FAULT_KINDS: tuple[FaultKind, ...] = ("retry_after", "blocked", "chat_not_found", "server_error")


@dataclass
class FaultRule:
    """Answer the next `remaining` matching calls with an error instead of doing them."""

    kind: FaultKind
    remaining: int
    method: str | None = None
    chat_id: int | None = None
    retry_after: int = 1

    def matches(self, method: str, chat_id: int | None) -> bool:
        """Whether a call of `method` to `chat_id` is one this rule fails."""
        if self.method is not None and self.method.lower() != method.lower():
            return False
        return self.chat_id is None or self.chat_id == chat_id

    def error(self) -> ApiError:
        """The error this rule answers with."""
        if self.kind == "retry_after":
            return too_many_requests(self.retry_after)
        if self.kind == "blocked":
            return bot_blocked()
        if self.kind == "chat_not_found":
            return chat_not_found()
        return server_error()

    def as_json(self) -> dict[str, Any]:
        """The rule as the control routes show it."""
        return asdict(self)


class Faults:
    """The faults in force: one-shot error rules, blocked chats and added latency."""

    def __init__(self) -> None:
        self.rules: list[FaultRule] = []
        self.blocked_chats: set[int] = set()
        self.latency = 0.0

    def add(self, rule: FaultRule) -> None:
        """Fail the next calls that match `rule`."""
        if rule.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {rule.kind!r}; one of {', '.join(FAULT_KINDS)}")
        if rule.remaining < 1:
            raise ValueError("a fault needs a count of at least 1")
        self.rules.append(rule)

    def take(self, method: str, chat_id: int | None) -> ApiError | None:
        """The error a call must answer with, using up one turn of the first matching rule."""
        for rule in self.rules:
            if rule.matches(method, chat_id):
                rule.remaining -= 1
                if rule.remaining == 0:
                    self.rules.remove(rule)
                return rule.error()
        if chat_id in self.blocked_chats:
            return bot_blocked()
        return None

    def clear(self) -> None:
        """No faults, no blocked chats, no latency."""
        self.rules.clear()
        self.blocked_chats.clear()
        self.latency = 0.0

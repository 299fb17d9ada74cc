"""Everything the fake knows: the bots, the call log, the faults in force."""

import re
from collections.abc import Sequence

from fake_telegram.faults import Faults
from fake_telegram.state import ApiCall, BotState, Signal
from fake_telegram.webhook import Execute, WebhookDeliveries

TOKEN_PATTERN = re.compile(r"\d+:[A-Za-z0-9_-]+")


class World:
    """The fake Telegram's whole state, shared by the API routes and the control operations."""

    def __init__(self, tokens: Sequence[str], execute: Execute, webhook_retry_delay: float) -> None:
        for token in tokens:
            if not TOKEN_PATTERN.fullmatch(token):
                raise ValueError(f"{token!r} is not a bot token like 42:TEST")
        self.tokens = tuple(tokens)
        self.signal = Signal()
        self.webhooks = WebhookDeliveries(execute, webhook_retry_delay)
        self.faults = Faults()
        self.calls: list[ApiCall] = []
        self.closing = False
        self.bots = {token: BotState(token, self.signal) for token in self.tokens}

    def authorized_bot(self, token: str) -> BotState | None:
        """The bot this token opens, or None: only configured tokens, or any well-formed one."""
        if token in self.bots:
            return self.bots[token]
        if self.tokens or not TOKEN_PATTERN.fullmatch(token):
            return None
        self.bots[token] = BotState(token, self.signal)
        return self.bots[token]

    def bot(self, token: str | None = None) -> BotState:
        """The bot a control operation is about: `token`'s, or else the only one there is."""
        if token is not None:
            bot = self.authorized_bot(token)
            if bot is None:
                raise LookupError(f"{token!r} is not a token this fake accepts")
            return bot
        if len(self.bots) == 1:
            return next(iter(self.bots.values()))
        if not self.bots:
            raise LookupError("no bot has called yet: pass a token, or start the fake with one")
        raise LookupError("several bots are known: pass the token of the one you mean")

    def log_call(self, call: ApiCall) -> None:
        """Remember a finished API call and wake the waiters."""
        self.calls.append(call)
        self.signal.notify()

    async def reset(self) -> None:
        """Back to a world where nothing happened: no chats, updates, webhooks, calls or faults."""
        await self.webhooks.stop()
        old_bots = self.bots
        self.bots = {token: BotState(token, self.signal) for token in old_bots}
        for token, old in old_bots.items():
            old.retired = True
            # Update ids keep growing, or a client's remembered offset would hide new updates.
            self.bots[token].last_update_id = old.last_update_id
        self.faults.clear()
        self.calls.clear()
        self.signal.notify()

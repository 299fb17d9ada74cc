"""The links of a reminder mail, minted when its reminder is claimed: Done and Snooze for the
task, Unsubscribe for the address. Their paths are served by `email_actions.router`."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from task_api.config import Settings
from task_api.email_actions.tokens import ActionTokens, Purpose, address_digest, task_subject

DONE_PATH = "/api/v1/email/tasks/done"
SNOOZE_PATH = "/api/v1/email/tasks/snooze"
UNSUBSCRIBE_PATH = "/api/v1/email/unsubscribe"


@dataclass(frozen=True)
class ActionLinks:
    """Mints the links of reminder mails, on the address where people reach task-api."""

    tokens: ActionTokens
    public_url: str
    ttl: timedelta
    unsubscribe_ttl: timedelta

    @classmethod
    def from_settings(cls, settings: Settings) -> "ActionLinks":
        """The links these settings describe."""
        return cls(
            ActionTokens(settings.jwt_secret),
            settings.public_url.rstrip("/"),
            settings.email_action_ttl,
            settings.email_unsubscribe_ttl,
        )

    def reminders(self, rows: Iterable[Mapping[str, Any]], *, now: datetime) -> list[dict]:
        """Claimed rows as `DueReminder`s: a row's `email_address` (null unless email reaches
        its person) becomes its `email`, with links minted now."""
        expires = int((now + self.ttl).timestamp())
        unsubscribe_expires = int((now + self.unsubscribe_ttl).timestamp())
        unsubscribe: dict[int, str] = {}  # one link a person a claim: minting is most of the cost
        items = []
        for row in rows:
            item = dict(row)
            address = item.pop("email_address")
            if address is not None:
                user_id = item["user_id"]
                if user_id not in unsubscribe:
                    unsubscribe[user_id] = self._link(
                        Purpose.UNSUBSCRIBE,
                        UNSUBSCRIBE_PATH,
                        user_id,
                        address_digest(address),
                        unsubscribe_expires,
                    )
                item["email"] = {
                    "address": address,
                    "done_url": self._link(
                        Purpose.DONE,
                        DONE_PATH,
                        user_id,
                        task_subject(item["task_id"], item["task_due_at"]),
                        expires,
                    ),
                    "snooze_url": self._link(
                        Purpose.SNOOZE, SNOOZE_PATH, user_id, item["task_id"], expires
                    ),
                    "unsubscribe_url": unsubscribe[user_id],
                }
            items.append(item)
        return items

    def _link(
        self, purpose: Purpose, path: str, user_id: int, subject: str | int, expires: int
    ) -> str:
        """The address of `path` with a token of this purpose; tokens need no escaping."""
        token = self.tokens.mint(purpose, user_id, subject, expires=expires)
        return f"{self.public_url}{path}?token={token}"

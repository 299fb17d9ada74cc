"""Who is calling, and the rules of what each kind of caller may do."""

import math
from dataclasses import dataclass, field
from enum import StrEnum

from task_api.errors import Forbidden
from todo_shared.enums import Role


class Scope(StrEnum):
    """What a service may do; a person's token never carries one."""

    CLAIM_REMINDERS = "reminders:claim"
    RECORD_REMINDERS = "reminders:record"
    READ_TASKS = "tasks:read"
    # Marks a chat that blocked the bot, or an address that bounced; the value is older than
    # email reminders, and kept so that the tokens issued with it still work.
    MARK_UNREACHABLE = "chats:unreachable"
    LINK_CHATS = "chats:link"
    ACT_FOR_CHATS = "chats:act"


_PRODUCER = frozenset({Scope.CLAIM_REMINDERS})
_WORKER = frozenset({Scope.READ_TASKS, Scope.RECORD_REMINDERS, Scope.MARK_UNREACHABLE})
SERVICE_SCOPES: dict[str, frozenset[Scope]] = {
    "notifier-producer": _PRODUCER,
    "notifier-worker": _WORKER,
    # One secret for both halves of the notifier, for deployments that prefer fewer secrets.
    "notifier": _PRODUCER | _WORKER,
    "telegram-bot": frozenset({Scope.LINK_CHATS, Scope.ACT_FOR_CHATS}),
}


@dataclass(frozen=True)
class Principal:
    """The caller of a request.

    A person has a `user_id` and a `role`, until `expires_at` (a Unix time) when the access
    token says so. A service has a `service` name and its scopes; when it acts for the user
    linked to a chat it also has that `user_id`, and the user's rights instead of its scopes.
    """

    user_id: int | None = None
    role: Role | None = None
    service: str | None = None
    scopes: frozenset[Scope] = field(default_factory=frozenset)
    expires_at: float = math.inf

    def is_same_caller(self, other: "Principal") -> bool:
        """True when `other` is the same person or service (with rights of its own moment)."""
        return (self.user_id, self.service) == (other.user_id, other.service)

    @property
    def is_service(self) -> bool:
        """True for a service calling as itself; acting for a chat's user, it is that user."""
        return self.service is not None and self.user_id is None

    @property
    def is_admin(self) -> bool:
        """True for a person with the admin role."""
        return self.role == Role.ADMIN

    def require(self, scope: Scope) -> None:
        """Forbidden unless this caller is a service holding `scope`."""
        if scope not in self.scopes:
            raise Forbidden("this is for services with the {scope} scope", scope=scope)

    def can_see_all(self, scope: Scope | None = None) -> bool:
        """True for an admin, or a service holding `scope`."""
        return self.is_admin or (scope is not None and scope in self.scopes)

    def owns(self, user_id: int) -> bool:
        """True when this caller acts as the user with this id."""
        return self.user_id is not None and self.user_id == user_id

    def may_reach(self, user_id: int, scope: Scope | None = None) -> bool:
        """True when the things of this user are this caller's to see (or `scope` allows)."""
        return self.owns(user_id) or self.can_see_all(scope)

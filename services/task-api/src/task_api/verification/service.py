"""Verifying a person's address: the code and the link mailed to it, and what they prove.

Only the hashes of a code and of a link's nonce are kept, one pending verification a person,
for the address they gave last; a new one replaces it, and verifying ends it.
"""

import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from task_api.auth.tokens import digest
from task_api.config import Settings
from task_api.errors import Conflict, InvalidField, NotFound, TooManyRequests, Unavailable
from task_api.mail import MAIL_NOT_SET_UP, Mailer
from task_api.tasks.rules import TaskRules
from task_api.tasks.service import reschedule_open_tasks
from task_api.tasks.store import TaskStore
from task_api.users import repository as users
from task_api.users.models import User
from task_api.verification import links
from task_api.verification.links import LinkClaims, LinkExpired, LinkRefused
from task_api.verification.messages import LinkOutcome, verification_mail
from task_api.verification.models import EmailVerification
from todo_shared.i18n import Plural, Text
from todo_shared.schemas import VerificationSent

CODE_DIGITS = 6
LINK_PATH = "/api/v1/email/verification"
NO_ADDRESS = Text("you have no email address to verify; set one first")
ALREADY_VERIFIED = Text("your email address is already verified")
NO_CODE = Text("no code is waiting for this address; ask for a new one")
CODE_EXPIRED = Text("this code has expired; ask for a new one")
CODE_SPENT = Text("too many wrong codes; ask for a new one")
WRONG_CODE = Plural(
    "this code is wrong; {left} attempt left",
    "this code is wrong; {left} attempts left",
    count="left",
)


@dataclass(frozen=True)
class LinkResult:
    """What opening a link did, the address it was for, and the language of its person."""

    outcome: LinkOutcome
    email: str | None = None
    language: str | None = None


class Verifier:
    """Mails codes and links, and checks what comes back; an address verified reschedules its
    person's reminders, which may now go to it."""

    def __init__(self, settings: Settings, mailer: Mailer, rules: TaskRules) -> None:
        self._settings = settings
        self._mailer = mailer
        self._rules = rules

    @property
    def sends_mail(self) -> bool:
        """False when there is no mail server: addresses are kept, but never verified."""
        return self._settings.sends_mail

    async def start(self, session: AsyncSession, user: User, *, now: datetime) -> datetime:
        """In the session's transaction, replace `user`'s pending verification with one for
        their address, and mail its code and link; when they stop working.

        The mail goes before the caller commits, so a mail server that fails leaves nothing."""
        assert user.email is not None, "only an address is verified"
        await self._refuse_too_soon(session, user.id, now=now)
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        claims = LinkClaims(user.id, user.email, secrets.token_urlsafe(16))
        expires_at = now + self._settings.email_code_ttl
        await self.forget(session, user.id)
        session.add(
            EmailVerification(
                user_id=user.id,
                email=user.email,
                code_hash=self._code_hash(user.id, code),
                link_hash=digest(claims.nonce),
                attempts_left=self._settings.email_code_attempts,
                expires_at=expires_at,
            )
        )
        await session.flush()
        link = self._link(claims, expires_at)
        ttl = self._settings.email_code_ttl
        await self._mailer.send(verification_mail(user.email, code, link, ttl, user.language))
        return expires_at

    async def _refuse_too_soon(self, session: AsyncSession, user_id: int, *, now: datetime) -> None:
        """429 while the person's last verification mail went less than the interval ago."""
        pending = await session.get(EmailVerification, user_id)
        if pending is None:
            return
        mailed_at = pending.expires_at - self._settings.email_code_ttl
        wait = self._settings.email_code_interval - (now - mailed_at)
        if wait > timedelta(0):
            seconds = math.ceil(wait.total_seconds())
            raise TooManyRequests(
                "a code was mailed a moment ago; ask again in {seconds} s",
                seconds=seconds,
                retry_after=seconds,
            )

    async def _address_holder(self, session: AsyncSession, user_id: int) -> User:
        """The person, locked, whose address is to be verified: 503 when no mail can be sent,
        409 when they have no address."""
        if not self.sends_mail:
            raise Unavailable(MAIL_NOT_SET_UP)
        user = await _locked_user(session, user_id)
        if user.email is None:
            raise Conflict(NO_ADDRESS)
        return user

    async def forget(self, session: AsyncSession, user_id: int) -> None:
        """Drop `user_id`'s pending verification, if any (their address changed or went)."""
        await session.execute(delete(EmailVerification).where(EmailVerification.user_id == user_id))

    async def resend(
        self, session: AsyncSession, user_id: int, *, now: datetime
    ) -> VerificationSent:
        """Mail a new code and link for the person's unverified address; the old ones stop."""
        user = await self._address_holder(session, user_id)
        if user.email_verified:
            raise Conflict(ALREADY_VERIFIED)
        try:
            expires_at = await self.start(session, user, now=now)
        except Exception:
            await session.rollback()
            raise
        await session.commit()
        return VerificationSent(email=user.email, expires_at=expires_at)

    async def verify_code(
        self, session: AsyncSession, store: TaskStore, user_id: int, code: str, *, now: datetime
    ) -> User:
        """Verify the person's address with the code mailed to it; each wrong code is counted."""
        user = await self._address_holder(session, user_id)
        if user.email_verified:
            return user
        pending = await session.get(EmailVerification, user_id, with_for_update=True)
        if pending is None or pending.email != user.email:
            raise InvalidField(["body", "code"], NO_CODE)
        if pending.expires_at <= now:
            raise InvalidField(["body", "code"], CODE_EXPIRED)
        if pending.attempts_left <= 0:
            raise InvalidField(["body", "code"], CODE_SPENT)
        if not hmac.compare_digest(pending.code_hash, self._code_hash(user_id, code)):
            pending.attempts_left -= 1
            await session.commit()
            if pending.attempts_left == 0:
                raise InvalidField(["body", "code"], CODE_SPENT)
            left = {"left": pending.attempts_left}
            raise InvalidField(["body", "code"], WRONG_CODE.with_values(left))
        await self._verified(session, store, user, pending, now=now)
        return user

    async def verify_link(
        self, session: AsyncSession, store: TaskStore, token: str, *, now: datetime
    ) -> LinkResult:
        """Verify the address a link was mailed to, once; or say why it does not."""
        try:
            claims = links.read(self._settings.jwt_secret, token, now=now)
        except LinkRefused as refused:
            outcome = (
                LinkOutcome.EXPIRED if isinstance(refused, LinkExpired) else LinkOutcome.INVALID
            )
            owner = await users.get_user(session, refused.user_id) if refused.user_id else None
            return LinkResult(outcome, language=owner.language if owner else None)
        user = await users.get_user(session, claims.user_id, for_update=True)
        if user is None:
            return LinkResult(LinkOutcome.INVALID)
        result = LinkResult(LinkOutcome.INVALID, claims.email, user.language)
        if user.email != claims.email:
            return result
        if user.email_verified:
            return LinkResult(LinkOutcome.USED, claims.email, user.language)
        pending = await session.get(EmailVerification, user.id, with_for_update=True)
        if pending is None or not hmac.compare_digest(pending.link_hash, digest(claims.nonce)):
            return result
        await self._verified(session, store, user, pending, now=now)
        return LinkResult(LinkOutcome.VERIFIED, claims.email, user.language)

    async def _verified(
        self,
        session: AsyncSession,
        store: TaskStore,
        user: User,
        pending: EmailVerification,
        *,
        now: datetime,
    ) -> None:
        """The address is theirs: mark it so (reachable again, if it had bounced), end its
        verification, and reschedule their reminders, in one transaction."""
        async with store.transaction_of(session) as tasks:
            user.email_verified_at = now
            user.email_unreachable = False
            await session.delete(pending)
            await reschedule_open_tasks(tasks, self._rules, user.id, now=now)

    def _code_hash(self, user_id: int, code: str) -> str:
        """What is kept of a code: keyed by the server's secret, since six digits are few."""
        key = self._settings.jwt_secret.get_secret_value().encode()
        return hmac.new(key, f"{user_id}:{code}".encode(), hashlib.sha256).hexdigest()

    def _link(self, claims: LinkClaims, expires_at: datetime) -> str:
        """The address of the page that verifies with these claims."""
        token = links.sign(self._settings.jwt_secret, claims, expires_at=expires_at)
        base = self._settings.public_url.rstrip("/")
        return f"{base}{LINK_PATH}?{urlencode({'token': token})}"


async def _locked_user(session: AsyncSession, user_id: int) -> User:
    """The user, locked until the transaction ends; NotFound if they are gone."""
    user = await users.get_user(session, user_id, for_update=True)
    if user is None:
        raise NotFound("user {user_id} not found", user_id=user_id)
    return user

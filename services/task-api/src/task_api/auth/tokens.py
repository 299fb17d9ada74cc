"""Tokens: short-lived access JWTs, opaque refresh tokens and link codes, service secrets."""

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

import jwt
from pydantic import SecretStr

from task_api.auth.principal import SERVICE_SCOPES, Principal
from task_api.errors import Unauthorized
from todo_shared.enums import Role
from todo_shared.i18n import Text

ALGORITHM = "HS256"
INVALID_TOKEN = Text("the access token is invalid or has expired; sign in again")
VERIFIED_TOKENS_KEPT = 10_000


class AccessTokens:
    """Issues and reads the JWTs people call the API with.

    A client sends the same token with every request for its whole life, and checking its
    signature took a sixth of a read's time; so each token whose signature held is kept with
    its expiry, and expiry is checked here on every request, against one clock.
    """

    def __init__(
        self,
        *,
        secret: SecretStr,
        issuer: str,
        ttl: timedelta,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._secret = secret
        self.issuer = issuer
        self.ttl = ttl
        self._clock = clock
        self._verified: dict[str, Principal] = {}

    def issue(self, user_id: int, role: Role, *, now: datetime) -> str:
        """A signed token for this user, valid for the configured time."""
        claims = {
            "sub": str(user_id),
            "role": role.value,
            "iss": self.issuer,
            "iat": now,
            "exp": now + self.ttl,
            "typ": "access",
        }
        return jwt.encode(claims, self._secret.get_secret_value(), algorithm=ALGORITHM)

    def read(self, token: str) -> Principal:
        """The person a token names; 401 unless its signature, issuer and expiry all hold."""
        principal = self._verified.get(token) or self._verify(token)
        if self.seconds_left(principal) <= 0:
            raise Unauthorized(INVALID_TOKEN)
        return principal

    def seconds_left(self, principal: Principal) -> float:
        """How long the caller's credentials still hold (for ever, for a service's secret)."""
        return principal.expires_at - self._clock()

    def _verify(self, token: str) -> Principal:
        try:
            claims = jwt.decode(
                token,
                self._secret.get_secret_value(),
                algorithms=[ALGORITHM],  # pinned: a token cannot choose "none" or another key
                issuer=self.issuer,
                options={"require": ["sub", "exp", "iat", "iss"], "verify_exp": False},
            )
            if claims.get("typ") != "access":
                raise jwt.InvalidTokenError("not an access token")
            verified = Principal(
                user_id=int(claims["sub"]),
                role=Role(claims["role"]),
                expires_at=float(claims["exp"]),
            )
        except (jwt.InvalidTokenError, KeyError, ValueError, TypeError) as error:
            raise Unauthorized(INVALID_TOKEN) from error
        if len(self._verified) >= VERIFIED_TOKENS_KEPT:
            del self._verified[next(iter(self._verified))]  # the oldest kept
        self._verified[token] = verified
        return verified


class ServiceCredentials:
    """Recognises the secrets of the services that call the API."""

    def __init__(self, secrets_by_service: Mapping[str, SecretStr]) -> None:
        self._secrets = {
            name: secret.get_secret_value().encode() for name, secret in secrets_by_service.items()
        }

    def identify(self, token: str) -> Principal | None:
        """The service whose secret this is, with its scopes; None for any other token."""
        presented = token.encode()
        for name, secret in self._secrets.items():
            if hmac.compare_digest(presented, secret):
                return Principal(service=name, scopes=SERVICE_SCOPES[name])
        return None


def new_secret_token() -> str:
    """A fresh unguessable token (refresh tokens, link codes): 256 bits, URL-safe."""
    return secrets.token_urlsafe(32)


def digest(token: str) -> str:
    """What is stored of a token: its SHA-256, enough for values with 256 bits of entropy."""
    return hashlib.sha256(token.encode()).hexdigest()

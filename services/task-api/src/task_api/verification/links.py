"""The signed links that verify an address: a JWT of their own kind, for one address, expiring."""

from dataclasses import dataclass
from datetime import UTC, datetime

import jwt
from pydantic import SecretStr

ALGORITHM = "HS256"
PURPOSE = "email-verification"
"""The link's `typ`: it is no access token, and an access token is no link."""


class LinkRefused(Exception):
    """A link that verifies nothing: `user_id` is whose it was, when its signature held."""

    def __init__(self, reason: str, user_id: int | None = None) -> None:
        super().__init__(reason)
        self.user_id = user_id


class LinkExpired(LinkRefused):
    """A genuine link, too old."""


@dataclass(frozen=True)
class LinkClaims:
    """What a genuine link says: whose address, which one, and which mail it came in."""

    user_id: int
    email: str
    nonce: str


def sign(secret: SecretStr, claims: LinkClaims, *, expires_at: datetime) -> str:
    """The token of a link for these claims, valid until `expires_at`."""
    payload = {
        "sub": str(claims.user_id),
        "email": claims.email,
        "jti": claims.nonce,
        "exp": expires_at,
        "typ": PURPOSE,
    }
    return jwt.encode(payload, secret.get_secret_value(), algorithm=ALGORITHM)


def read(secret: SecretStr, token: str, *, now: datetime) -> LinkClaims:
    """The claims of a genuine, unexpired link; LinkExpired or LinkRefused otherwise."""
    try:
        payload = jwt.decode(
            token,
            secret.get_secret_value(),
            algorithms=[ALGORITHM],
            options={"require": ["sub", "exp", "jti"], "verify_exp": False},
        )
        if payload.get("typ") != PURPOSE:
            raise jwt.InvalidTokenError("not an email verification link")
        claims = LinkClaims(int(payload["sub"]), str(payload["email"]), str(payload["jti"]))
    except (jwt.InvalidTokenError, KeyError, ValueError, TypeError) as error:
        raise LinkRefused(str(error)) from error
    if datetime.fromtimestamp(payload["exp"], UTC) <= now:
        raise LinkExpired("expired", claims.user_id)
    return claims

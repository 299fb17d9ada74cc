"""What checks credentials: access tokens, the services' secrets and passwords."""

from dataclasses import dataclass

from task_api.auth.passwords import Passwords
from task_api.auth.tokens import AccessTokens, ServiceCredentials
from task_api.config import Settings


@dataclass(frozen=True)
class Access:
    """Everything that checks credentials, built once from the settings."""

    tokens: AccessTokens
    services: ServiceCredentials
    passwords: Passwords

    @classmethod
    def from_settings(cls, settings: Settings) -> "Access":
        """The access rules these settings describe."""
        return cls(
            tokens=AccessTokens(
                secret=settings.jwt_secret,
                issuer=settings.jwt_issuer,
                ttl=settings.access_token_ttl,
            ),
            services=ServiceCredentials(settings.service_tokens),
            passwords=Passwords.from_settings(settings),
        )

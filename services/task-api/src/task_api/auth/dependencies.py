"""What a route declares to know its caller: `PrincipalDep`, or `PersonDep` for a person.

Who may do what is the services' to decide (`tasks.service`, `users.service`, ...).
"""

from typing import Annotated

import asyncpg
from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from task_api.auth.access import Access
from task_api.auth.principal import Principal, Scope
from task_api.errors import Forbidden, Unauthorized
from todo_shared.enums import Role
from todo_shared.schemas import ACT_FOR_CHAT_HEADER

oauth2 = OAuth2PasswordBearer(
    tokenUrl="/api/v1/auth/token",
    auto_error=False,
    description="A person's access token, or a service's secret.",
)


async def authenticate(
    access: Access, pool: asyncpg.Pool, token: str | None, chat_id: str | None = None
) -> Principal:
    """The caller a bearer token names (HTTP and WebSocket alike); 401 when there is none.

    A service's secret with a chat id acts for the user linked to that chat, with that user's
    rights and none of the service's scopes.
    """
    if not token:
        raise Unauthorized("sign in first: send 'Authorization: Bearer <access token>'")
    service = access.services.identify(token)
    if service is None:
        return access.tokens.read(token)
    if chat_id is None:
        return service
    if Scope.ACT_FOR_CHATS not in service.scopes:
        raise Forbidden("the {service} service may not act for a chat", service=service.service)
    try:
        chat = int(chat_id)
    except ValueError:
        raise Unauthorized("{header} must be a chat id", header=ACT_FOR_CHAT_HEADER) from None
    user_id = await pool.fetchval("SELECT id FROM app_user WHERE telegram_chat_id = $1", chat)
    if user_id is None:
        raise Forbidden("this chat is not linked to an account yet")
    return Principal(user_id=user_id, role=Role.USER, service=service.service)


async def get_principal(
    request: Request, token: Annotated[str | None, Depends(oauth2)]
) -> Principal:
    """The caller of this request."""
    state = request.app.state
    chat_id = request.headers.get(ACT_FOR_CHAT_HEADER)
    return await authenticate(state.access, state.pool, token, chat_id)


async def get_person(principal: Annotated[Principal, Depends(get_principal)]) -> Principal:
    """The caller, who must be a person (or a service acting for one)."""
    if principal.user_id is None:
        raise Forbidden("this route acts for a person; a service must act for a chat's user")
    return principal


async def get_access(request: Request) -> Access:
    """The access rules the app was built with."""
    return request.app.state.access


PrincipalDep = Annotated[Principal, Depends(get_principal)]
PersonDep = Annotated[Principal, Depends(get_person)]
AccessDep = Annotated[Access, Depends(get_access)]

"""The bot's routes: `/api/v1/telegram`, for the telegram-bot service only."""

from fastapi import APIRouter, Response, status

from task_api.auth.dependencies import PrincipalDep
from task_api.db import utcnow
from task_api.dependencies import RulesDep, SessionDep, StoreDep
from task_api.http_errors import responses
from task_api.telegram import service
from task_api.telegram.schemas import ChatAccountRequest, ChatLinkRequest
from todo_shared.schemas import UserPublic

router = APIRouter(prefix="/api/v1/telegram", tags=["telegram"])


@router.post(
    "/accounts",
    responses={201: {"model": UserPublic, "description": "A new account, for this chat."}}
    | responses(401, 403, 422, 503),
)
async def account_for_chat(
    request: ChatAccountRequest,
    session: SessionDep,
    store: StoreDep,
    rules: RulesDep,
    principal: PrincipalDep,
    response: Response,
) -> UserPublic:
    """The account of a chat that started the bot: its linked one, or a new one of its own."""
    user, created = await service.account_for_chat(
        session, store, rules, principal, request.chat_id, language_code=request.language_code
    )
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return UserPublic.model_validate(user)


@router.post("/links", responses=responses(401, 403, 422, 503))
async def redeem_link_code(
    request: ChatLinkRequest,
    session: SessionDep,
    store: StoreDep,
    rules: RulesDep,
    principal: PrincipalDep,
) -> UserPublic:
    """Link the chat that sent a link code to the account that asked for the code."""
    user = await service.redeem_link_code(
        session, store, rules, principal, request.chat_id, request.code, now=utcnow()
    )
    return UserPublic.model_validate(user)

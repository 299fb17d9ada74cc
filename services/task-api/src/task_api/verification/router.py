"""The routes of verifying an address: the code (`/users/me/email/...`) and the mailed link."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, status
from fastapi.responses import HTMLResponse

from task_api.auth.dependencies import PersonDep
from task_api.db import utcnow
from task_api.dependencies import SessionDep, StoreDep, VerifierDep
from task_api.http_errors import json_responses, responses
from task_api.localized import requested_language
from task_api.verification.messages import LinkOutcome, verification_page
from task_api.verification.service import LINK_PATH
from todo_shared.schemas import EmailCode, UserPublic, VerificationSent

router = APIRouter(tags=["email"])

PAGE = {"text/html": {"schema": {"type": "string"}}}
PAGE_STATUS = {
    LinkOutcome.VERIFIED: status.HTTP_200_OK,
    LinkOutcome.USED: status.HTTP_410_GONE,
    LinkOutcome.EXPIRED: status.HTTP_410_GONE,
    LinkOutcome.INVALID: status.HTTP_400_BAD_REQUEST,
}


@router.post("/api/v1/users/me/email/verification", responses=responses(401, 403, 409, 422, 503))
async def verify_email(
    body: EmailCode,
    session: SessionDep,
    store: StoreDep,
    verifier: VerifierDep,
    person: PersonDep,
) -> UserPublic:
    """Verify your address with the code mailed to it; a few wrong codes end the code. Your
    reminders by email start (when email is one of your channels)."""
    assert person.user_id is not None
    user = await verifier.verify_code(session, store, person.user_id, body.code, now=utcnow())
    return UserPublic.model_validate(user)


@router.post(
    "/api/v1/users/me/email/verification/resend",
    status_code=status.HTTP_202_ACCEPTED,
    responses=responses(401, 403, 409, 503),
)
async def resend_email_code(
    session: SessionDep, verifier: VerifierDep, person: PersonDep
) -> VerificationSent:
    """Mail a new code and link to your unverified address; the earlier ones stop working."""
    assert person.user_id is not None
    return await verifier.resend(session, person.user_id, now=utcnow())


@router.get(
    LINK_PATH,
    response_class=HTMLResponse,
    responses={
        200: {"description": "A page saying the address is verified."},
        400: {"description": "A page saying the link is not valid (any more).", "content": PAGE},
        410: {"description": "A page saying the link has expired or was used.", "content": PAGE},
    }
    | json_responses(422, 503),
)
async def open_verification_link(
    token: Annotated[str, Query(max_length=2000, description="The token of the mailed link.")],
    request: Request,
    session: SessionDep,
    store: StoreDep,
    verifier: VerifierDep,
) -> HTMLResponse:
    """The link of a verification mail: verify the address once, and say so in a small page in
    the person's language."""
    result = await verifier.verify_link(session, store, token, now=utcnow())
    language = result.language or requested_language(request.headers) or "en"
    page = verification_page(result.outcome, result.email, language)
    answer = HTMLResponse(page, PAGE_STATUS[result.outcome])
    answer.headers["Content-Language"] = language
    return answer

"""The routes of the links in a reminder mail: `/api/v1/email/tasks/done`, `.../snooze` and
`/api/v1/email/unsubscribe`, each a GET that only shows a page with a button (mail scanners
open links) and a POST that acts. They need no sign-in: the token in the query is the right."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, status
from fastapi.responses import HTMLResponse

from task_api.db import utcnow
from task_api.dependencies import ActionLinksDep, RulesDep, SessionDep, StoreDep
from task_api.email_actions.links import DONE_PATH, SNOOZE_PATH, UNSUBSCRIBE_PATH
from task_api.email_actions.pages import action_page
from task_api.email_actions.service import ActionResult, Outcome, TaskLinks, Unsubscribing
from task_api.email_actions.tokens import Purpose
from task_api.http_errors import json_responses
from task_api.localized import localized, requested_language

router = APIRouter(tags=["email"])

Token = Annotated[str, Query(max_length=500, description="The token of the mailed link.")]
PAGE = {"text/html": {"schema": {"type": "string"}}}
PAGES = {
    200: {"description": "A page offering to act, or saying what was done.", "content": PAGE},
    400: {"description": "A page saying the link is not valid.", "content": PAGE},
    410: {
        "description": "A page saying the link has expired, or its task or address is gone.",
        "content": PAGE,
    },
} | json_responses(422, 503)
STATUS = {
    Outcome.INVALID: status.HTTP_400_BAD_REQUEST,
    Outcome.EXPIRED: status.HTTP_410_GONE,
    Outcome.DELETED: status.HTTP_410_GONE,
    Outcome.OTHER_ADDRESS: status.HTTP_410_GONE,
}


def _page(
    request: Request, result: ActionResult, purpose: Purpose, path: str, token: str
) -> HTMLResponse:
    """The page of `result`, in its person's language (else the request's)."""
    language = result.language or requested_language(request.headers) or "en"
    page = action_page(result, purpose, path, token, language)
    answer = HTMLResponse(page, STATUS.get(result.outcome, status.HTTP_200_OK))
    answer.headers["Cache-Control"] = "no-store"
    return localized(answer, language)


@router.get(DONE_PATH, response_class=HTMLResponse, responses=PAGES)
async def open_done_link(
    token: Token, request: Request, store: StoreDep, rules: RulesDep, links: ActionLinksDep
) -> HTMLResponse:
    """The Done link of a reminder mail: a page naming the task, with a button that marks it
    done. Opening it changes nothing."""
    result = await TaskLinks(store, rules, links.tokens).look(Purpose.DONE, token, now=utcnow())
    return _page(request, result, Purpose.DONE, DONE_PATH, token)


@router.post(DONE_PATH, response_class=HTMLResponse, responses=PAGES)
async def mark_done_by_link(
    token: Token, request: Request, store: StoreDep, rules: RulesDep, links: ActionLinksDep
) -> HTMLResponse:
    """Mark the link's task done, as its owner would (a repeating task moves to its next
    occurrence), and say so."""
    result = await TaskLinks(store, rules, links.tokens).act(Purpose.DONE, token, now=utcnow())
    return _page(request, result, Purpose.DONE, DONE_PATH, token)


@router.get(SNOOZE_PATH, response_class=HTMLResponse, responses=PAGES)
async def open_snooze_link(
    token: Token, request: Request, store: StoreDep, rules: RulesDep, links: ActionLinksDep
) -> HTMLResponse:
    """The Snooze link of a reminder mail: a page naming the task, with a button that snoozes
    it an hour. Opening it changes nothing."""
    result = await TaskLinks(store, rules, links.tokens).look(Purpose.SNOOZE, token, now=utcnow())
    return _page(request, result, Purpose.SNOOZE, SNOOZE_PATH, token)


@router.post(SNOOZE_PATH, response_class=HTMLResponse, responses=PAGES)
async def snooze_by_link(
    token: Token, request: Request, store: StoreDep, rules: RulesDep, links: ActionLinksDep
) -> HTMLResponse:
    """Snooze the link's task an hour from now, and say until when on its person's clock."""
    result = await TaskLinks(store, rules, links.tokens).act(Purpose.SNOOZE, token, now=utcnow())
    return _page(request, result, Purpose.SNOOZE, SNOOZE_PATH, token)


@router.get(UNSUBSCRIBE_PATH, response_class=HTMLResponse, responses=PAGES)
async def open_unsubscribe_link(
    token: Token,
    request: Request,
    session: SessionDep,
    store: StoreDep,
    rules: RulesDep,
    links: ActionLinksDep,
) -> HTMLResponse:
    """The Unsubscribe link of a reminder mail: a page with a button that stops reminders by
    email. Opening it changes nothing."""
    unsubscribing = Unsubscribing(store, rules, links.tokens)
    result = await unsubscribing.look(session, token, now=utcnow())
    return _page(request, result, Purpose.UNSUBSCRIBE, UNSUBSCRIBE_PATH, token)


@router.post(UNSUBSCRIBE_PATH, response_class=HTMLResponse, responses=PAGES)
async def unsubscribe_by_link(
    token: Token,
    request: Request,
    session: SessionDep,
    store: StoreDep,
    rules: RulesDep,
    links: ActionLinksDep,
) -> HTMLResponse:
    """Stop reminders by email to the link's address, if it is still the person's: from the
    page's button, or a mail client's RFC 8058 one-click POST (`List-Unsubscribe=One-Click`,
    the token in the query). Email stays chosen off until the person chooses it again."""
    unsubscribing = Unsubscribing(store, rules, links.tokens)
    result = await unsubscribing.act(session, token, now=utcnow())
    return _page(request, result, Purpose.UNSUBSCRIBE, UNSUBSCRIBE_PATH, token)

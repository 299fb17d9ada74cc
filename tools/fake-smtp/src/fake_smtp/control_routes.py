"""The control operations as JSON routes under `/_control/`, for a fake run as a process."""

import json
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from aiohttp import web

from fake_smtp.control import Control
from fake_smtp.mailbox import DEFAULT_WAIT

T = TypeVar("T")
OK = {"ok": True}


def make_control_app(control: Control) -> web.Application:
    """The aiohttp application serving `control`'s operations under `/_control/`."""
    app = web.Application()
    routes = _ControlRoutes(control)
    app.router.add_get("/_control/health", routes.health)
    app.router.add_get("/_control/messages", routes.messages)
    app.router.add_post("/_control/faults", routes.add_fault)
    app.router.add_post("/_control/reset", routes.reset)
    return app


class _ControlRoutes:
    """The handlers: each reads a JSON body or the query string and calls `Control`."""

    def __init__(self, control: Control) -> None:
        self.control = control

    async def health(self, request: web.Request) -> web.Response:
        """Whether the fake is up."""
        return web.json_response(OK)

    async def messages(self, request: web.Request) -> web.Response:
        """The messages, to one address if asked; with `min_count`, once that many arrived."""
        query = request.query
        to = query.get("to")
        if "min_count" in query:
            count, timeout = _number(query, "min_count", int), _timeout(query)
            try:
                found = await self.control.wait_for_messages(count, timeout, to=to)
            except TimeoutError as error:
                raise _error(web.HTTPRequestTimeout, str(error)) from None
            except ValueError as error:
                raise _error(web.HTTPBadRequest, str(error)) from None
        else:
            found = self.control.messages(to=to)
        return web.json_response({"messages": [message.as_json() for message in found]})

    async def add_fault(self, request: web.Request) -> web.Response:
        """Add a fault: one-shot (`command`, `code`, `text`...) or `refuse_recipient` for good."""
        body = await _json_body(request)
        if "refuse_recipient" in body:
            address = body.pop("refuse_recipient")
            _checked(lambda: self.control.refuse_recipient(address, **body))
        else:
            _checked(lambda: self.control.fail_next(**body))
        return web.json_response(OK)

    async def reset(self, request: web.Request) -> web.Response:
        """Forget every message and fault."""
        self.control.reset()
        return web.json_response(OK)


async def _json_body(request: web.Request) -> dict[str, Any]:
    """The request's JSON object; 400 if it is something else."""
    try:
        body = await request.json() if request.can_read_body else {}
    except ValueError:
        raise _error(web.HTTPBadRequest, "the body is not JSON") from None
    if not isinstance(body, dict):
        raise _error(web.HTTPBadRequest, "the body must be a JSON object")
    return body


def _checked(operation: Callable[[], T]) -> T:
    """Run a control operation; a mistake in the request answers 400 saying what was wrong."""
    try:
        return operation()
    except (TypeError, ValueError) as error:
        raise _error(web.HTTPBadRequest, str(error)) from None


def _number(query: Mapping[str, str], name: str, kind: Callable[[str], T]) -> T:
    """A number from the query string; 400 if it is not one."""
    return _checked(lambda: kind(query[name]))


def _timeout(query: Mapping[str, str]) -> float:
    """The `timeout` of a wait, in seconds (DEFAULT_WAIT if not given)."""
    return _number({"timeout": str(DEFAULT_WAIT), **query}, "timeout", float)


def _error(kind: type[web.HTTPError], reason: str) -> web.HTTPError:
    """An HTTP error whose body is `{"error": reason}`."""
    return kind(text=json.dumps({"error": reason}), content_type="application/json")

"""The control operations as JSON routes under `/_control/`, for a fake run as a process."""

import json
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

from aiohttp import web

from fake_telegram.control import DEFAULT_WAIT, Control

T = TypeVar("T")
OK = {"ok": True}


def add_control_routes(app: web.Application, control: Control) -> None:
    """Serve `control`'s operations under `/_control/`."""
    routes = _ControlRoutes(control)
    app.router.add_get("/_control/health", routes.health)
    app.router.add_post("/_control/messages", routes.inject_message)
    app.router.add_post("/_control/callbacks", routes.press_button)
    app.router.add_get("/_control/chats/{chat_id}/actions", routes.actions)
    app.router.add_get("/_control/chats/{chat_id}/messages", routes.messages)
    app.router.add_post("/_control/chats/{chat_id}/block", routes.block)
    app.router.add_post("/_control/chats/{chat_id}/unblock", routes.unblock)
    app.router.add_get("/_control/calls", routes.calls)
    app.router.add_get("/_control/updates", routes.updates)
    app.router.add_get("/_control/polling", routes.polling)
    app.router.add_post("/_control/faults", routes.add_fault)
    app.router.add_put("/_control/latency", routes.latency)
    app.router.add_post("/_control/reset", routes.reset)


class _ControlRoutes:
    """The handlers: each reads a JSON body or the query string and calls `Control`."""

    def __init__(self, control: Control) -> None:
        self.control = control

    async def health(self, request: web.Request) -> web.Response:
        return web.json_response(OK)

    async def inject_message(self, request: web.Request) -> web.Response:
        body = await _json_body(request)
        return web.json_response(_checked(lambda: self.control.inject_message(**body)))

    async def press_button(self, request: web.Request) -> web.Response:
        body = await _json_body(request)
        return web.json_response(_checked(lambda: self.control.press_button(**body)))

    async def actions(self, request: web.Request) -> web.Response:
        chat_id, query = _int(request.match_info["chat_id"]), request.query
        kind, token = query.get("kind"), query.get("token")
        if "min_count" in query:
            count, timeout = _int(query["min_count"]), _timeout(query)
            found = await _waited(
                self.control.wait_for_actions(chat_id, count, timeout, kind=kind, token=token)
            )
        else:
            found = _checked(lambda: self.control.actions(chat_id, kind=kind, token=token))
        return web.json_response({"actions": [action.as_json() for action in found]})

    async def messages(self, request: web.Request) -> web.Response:
        chat_id, token = _int(request.match_info["chat_id"]), request.query.get("token")
        found = _checked(lambda: self.control.messages(chat_id, token=token))
        return web.json_response({"messages": found})

    async def block(self, request: web.Request) -> web.Response:
        self.control.block_chat(_int(request.match_info["chat_id"]))
        return web.json_response(OK)

    async def unblock(self, request: web.Request) -> web.Response:
        self.control.unblock_chat(_int(request.match_info["chat_id"]))
        return web.json_response(OK)

    async def calls(self, request: web.Request) -> web.Response:
        query = request.query
        method = query.get("method")
        chat_id = _int(query["chat_id"]) if "chat_id" in query else None
        if "min_count" in query:
            count, timeout = _int(query["min_count"]), _timeout(query)
            found = await _waited(
                self.control.wait_for_calls(count, timeout, method=method, chat_id=chat_id)
            )
        else:
            found = self.control.calls(method=method, chat_id=chat_id)
        return web.json_response({"calls": [call.as_json() for call in found]})

    async def updates(self, request: web.Request) -> web.Response:
        token = request.query.get("token")
        found = _checked(lambda: self.control.pending_updates(token=token))
        return web.json_response({"updates": found})

    async def polling(self, request: web.Request) -> web.Response:
        token = request.query.get("token")
        if "timeout" in request.query:
            await _waited(self.control.wait_for_polling(_timeout(request.query), token=token))
        polling = _checked(lambda: self.control.is_polling(token=token))
        return web.json_response({"polling": polling})

    async def add_fault(self, request: web.Request) -> web.Response:
        body = await _json_body(request)
        _checked(lambda: self.control.fail_next(body.pop("kind", None), **body))
        return web.json_response(OK)

    async def latency(self, request: web.Request) -> web.Response:
        seconds = (await _json_body(request)).get("seconds", 0)
        _checked(lambda: self.control.set_latency(float(seconds)))
        return web.json_response(OK)

    async def reset(self, request: web.Request) -> web.Response:
        await self.control.reset()
        return web.json_response(OK)


async def _json_body(request: web.Request) -> dict[str, Any]:
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
    except (TypeError, ValueError, LookupError) as error:
        raise _error(web.HTTPBadRequest, str(error)) from None


async def _waited(waiting: Awaitable[T]) -> T:
    """Long-poll a wait: its result, or 408 if the timeout came first."""
    try:
        return await waiting
    except TimeoutError as error:
        raise _error(web.HTTPRequestTimeout, str(error)) from None
    except LookupError as error:
        raise _error(web.HTTPBadRequest, str(error)) from None


def _int(raw: str) -> int:
    return _checked(lambda: int(raw))


def _timeout(query: Mapping[str, str]) -> float:
    return _checked(lambda: float(query.get("timeout", DEFAULT_WAIT)))


def _error(kind: type[web.HTTPError], reason: str) -> web.HTTPError:
    return kind(text=json.dumps({"error": reason}), content_type="application/json")

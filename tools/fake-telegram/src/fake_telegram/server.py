"""The HTTP face of the fake: Bot API routes as Telegram lays them out, then the control routes."""

import functools
import json

from aiohttp import web

from fake_telegram.control import Control
from fake_telegram.control_routes import add_control_routes
from fake_telegram.dispatch import handle_call
from fake_telegram.errors import ApiError, not_found
from fake_telegram.params import Params, read_arguments
from fake_telegram.world import World

WORLD = web.AppKey("world", World)

# Telegram answers compact JSON, without spaces and with non-ASCII text as is.
_compact = functools.partial(json.dumps, ensure_ascii=False, separators=(",", ":"))


def make_app(control: Control) -> web.Application:
    """The aiohttp application serving `/bot<token>/<method>` and `/_control/...`."""
    app = web.Application()
    app[WORLD] = control.world
    add_control_routes(app, control)
    app.router.add_route("*", r"/bot{token:[^/]+}/{method:[^/]*}", _api_call)
    app.router.add_route("*", r"/{tail:.*}", _unknown_path)
    return app


async def _api_call(request: web.Request) -> web.Response:
    try:
        params = Params(await read_arguments(request))
    except ApiError as error:
        return web.json_response(error.envelope(), status=error.error_code, dumps=_compact)
    # Like the real server, a call to /bot<token>/ may name its method as an argument.
    method = request.match_info["method"] or params.text("method")
    world = request.app[WORLD]
    status, body = await handle_call(world, request.match_info["token"], method, params)
    return web.json_response(body, status=status, dumps=_compact)


async def _unknown_path(request: web.Request) -> web.Response:
    return web.json_response(not_found().envelope(), status=404, dumps=_compact)

"""Serving the built web app (`services/web`, `WEB_DIST`) from task-api itself.

One origin for the pages and the API: no CORS to configure, one port to publish, and the
WebSocket and the refresh token on the same host as the pages. Vite names each asset by its
content, so `/assets` is cached for a year; `index.html` names them, so it is revalidated every
time. Any other path that is not the API's loads the app, whose router then reads the path
(`/settings` reloaded stays on the settings page).
"""

from pathlib import Path

from fastapi import FastAPI, HTTPException, status
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response
from starlette.types import Scope

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
NOT_THE_APPS = (
    "api",
    "ws",
    "docs",
    "redoc",
    "openapi.json",
    "health",
    "ready",
    "metrics",
    "assets",
)
"""The first segments of paths that are the API's (or the assets'), never the app's pages."""


class Assets(StaticFiles):
    """The app's hashed assets: a file's name changes with its content, so it never goes stale."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        """The file, cached for a year wherever it is stored."""
        response = await super().get_response(path, scope)
        if response.status_code == status.HTTP_200_OK:
            response.headers["Cache-Control"] = IMMUTABLE
        return response


def serve_web_app(app: FastAPI, dist: Path) -> None:
    """Serve the app built into `dist`; registered after every route, so it shadows none."""
    app.mount("/assets", Assets(directory=dist / "assets", check_dir=False), name="assets")

    @app.get("/{path:path}", include_in_schema=False)
    def web_app_page(path: str) -> FileResponse:
        """A file of the app's root (`favicon.svg`), or else the app itself; unknown paths of
        the API stay 404 in JSON."""
        if path.split("/", 1)[0] in NOT_THE_APPS:
            raise HTTPException(status.HTTP_404_NOT_FOUND)
        page = _root_file(dist, path) or dist / "index.html"
        return FileResponse(page, headers={"Cache-Control": REVALIDATE})


def _root_file(dist: Path, path: str) -> Path | None:
    """The file `path` names inside `dist`, or None (nothing outside `dist` is ever served)."""
    if not path:
        return None
    candidate = (dist / path).resolve()
    inside = candidate.is_relative_to(dist.resolve())
    return candidate if inside and candidate.is_file() else None

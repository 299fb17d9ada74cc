"""The web app served by task-api (`WEB_DIST`): its pages at any path that is not the API's,
its hashed assets cached for good, and the API as it was."""

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from task_api.config import Settings
from task_api.main import create_app
from todo_shared.settings import load_settings

INDEX = "<!doctype html><title>Todo Nudge</title><script src=/assets/app-1a2b3c.js></script>"


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A web app as Vite builds one: index.html, a hashed asset, a file of the root."""
    tmp_path = tmp_path_factory.mktemp("web") / "dist"
    tmp_path.mkdir()
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text(INDEX)
    (tmp_path / "assets" / "app-1a2b3c.js").write_text("console.log('hi')")
    (tmp_path / "favicon.svg").write_text("<svg/>")
    (tmp_path.parent / "secret.txt").write_text("not for the web")
    return tmp_path


@pytest.fixture(scope="module")
async def web(settings: Settings, dist: Path) -> AsyncIterator[httpx.AsyncClient]:
    """A client of task-api serving that app, started as uvicorn would start it."""
    app = create_app(settings.model_copy(update={"web_dist": dist}))
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://task-api") as client,
    ):
        yield client


@pytest.mark.parametrize("path", ["/", "/settings", "/tasks/12", "/admin/dead-letters", "/..%2F"])
async def test_every_page_of_the_app_loads_it(web: httpx.AsyncClient, path: str) -> None:
    page = await web.get(path)
    assert page.status_code == 200
    assert page.text == INDEX
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["cache-control"] == "no-cache"


async def test_assets_are_cached_for_good(web: httpx.AsyncClient) -> None:
    asset = await web.get("/assets/app-1a2b3c.js")
    assert asset.status_code == 200
    assert asset.text == "console.log('hi')"
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    missing = await web.get("/assets/app-000000.js")
    assert missing.status_code == 404
    assert "immutable" not in missing.headers.get("cache-control", "")


async def test_files_of_the_root_are_served_and_nothing_outside_it(
    web: httpx.AsyncClient,
) -> None:
    icon = await web.get("/favicon.svg")
    assert (icon.text, icon.headers["cache-control"]) == ("<svg/>", "no-cache")
    escaped = await web.get("/..%2Fsecret.txt")
    assert escaped.text == INDEX


@pytest.mark.parametrize(
    "path", ["/api/v1/nothing", "/api", "/ws/nothing", "/docs/x", "/health/x", "/metrics/x"]
)
async def test_the_apis_unknown_paths_stay_json_404(web: httpx.AsyncClient, path: str) -> None:
    answer = await web.get(path)
    assert answer.status_code == 404
    assert answer.json() == {"detail": "Not Found"}


async def test_the_api_is_as_it_was(web: httpx.AsyncClient) -> None:
    assert (await web.get("/health")).json() == {"status": "healthy"}
    assert (await web.get("/api/v1/users/me")).status_code == 401
    spec = (await web.get("/openapi.json")).json()
    assert "/{path}" not in spec["paths"]
    assert (await web.get("/docs")).headers["content-type"].startswith("text/html")


async def test_without_web_dist_no_page_is_served(anonymous: httpx.AsyncClient) -> None:
    assert (await anonymous.get("/settings")).status_code == 404


@pytest.mark.parametrize(
    ("made", "told"), [(False, "is not a directory"), (True, "holds no index.html")]
)
def test_a_web_dist_without_the_app_stops_task_api_in_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, made: bool, told: str
) -> None:
    empty = tmp_path / "dist"
    if made:
        empty.mkdir()
    monkeypatch.setenv("JWT_SECRET", "x" * 32)
    monkeypatch.setenv("WEB_DIST", str(empty))
    with pytest.raises(SystemExit) as stopped:
        load_settings(Settings, "task-api")
    message = str(stopped.value)
    assert message.startswith(f"task-api cannot start: WEB_DIST: Value error, {empty} {told}")
    assert "\n" not in message

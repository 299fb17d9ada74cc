"""The OpenAPI page documents every route: what it takes, what it answers, how it fails."""

import re

import httpx
import pytest

BODY_METHODS = {"post", "put", "patch"}
EMAIL_LINKS = (
    "/api/v1/email/tasks/done",
    "/api/v1/email/tasks/snooze",
    "/api/v1/email/unsubscribe",
)
NO_BODY = (
    "/telegram-link",
    "/telegram-unreachable",
    "/task-generator/run",
    "/resend",
    *EMAIL_LINKS,
)
PAGES = ("/api/v1/email/verification", *EMAIL_LINKS)
"""Routes that answer a page for people (text/html), their failures of input in JSON."""


async def test_every_route_is_documented(anonymous: httpx.AsyncClient) -> None:
    spec = (await anonymous.get("/openapi.json")).json()
    assert (await anonymous.get("/docs")).status_code == 200
    api_routes = [
        (path, method, operation)
        for path, methods in spec["paths"].items()
        for method, operation in methods.items()
        if path.startswith("/api/")
    ]
    assert len(api_routes) >= 11
    for path, method, operation in api_routes:
        where = f"{method.upper()} {path}"
        assert operation.get("description"), f"{where} has no description"
        answers = operation["responses"]
        success = [code for code in answers if code.startswith("2")]
        assert success, f"{where} documents no success answer"
        media = "text/html" if path in PAGES else "application/json"
        if success != ["204"]:
            assert "schema" in answers[success[0]]["content"][media], where
        takes_input = operation.get("parameters") or "requestBody" in operation
        if takes_input:
            assert "422" in answers, f"{where} does not document refused input"
        if operation.get("security"):
            assert "401" in answers, f"{where} needs a token but does not document 401"
        if "{" in path:
            assert "404" in answers, f"{where} does not document 404"
        if method in BODY_METHODS and not path.endswith(NO_BODY):
            assert "requestBody" in operation, f"{where} documents no request body"
        for code, answer in answers.items():
            if code.startswith(("4", "5")):
                [content] = answer["content"].values()
                assert "schema" in content, f"{where} {code}"


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
async def test_the_docs_pages_need_nothing_from_the_internet(
    anonymous: httpx.AsyncClient, page: str
) -> None:
    html = (await anonymous.get(page)).text
    assets = re.findall(r"""(?:src|href|url)\s*[=:(]\s*['"]([^'"]+)['"]""", html)
    assert any(asset.endswith(".js") for asset in assets), html
    for asset in assets:
        assert asset.startswith("/"), f"{page} loads {asset} from elsewhere"
        assert not asset.startswith("//"), f"{page} loads {asset} from elsewhere"
        answer = await anonymous.get(asset)
        assert answer.status_code == 200, asset
        if asset.endswith(".js"):
            assert "javascript" in answer.headers["content-type"], asset
            assert len(answer.content) > 100_000, f"{asset} is not the whole script"

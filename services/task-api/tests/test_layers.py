"""The domain never reaches for the web: outside the web layer, no module imports FastAPI,
Starlette, a router or a dependency module, so the rules can be used (and read) without HTTP."""

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "task_api"
WEB_FRAMEWORKS = frozenset({"fastapi", "starlette"})
WEB_LAYER = frozenset(
    {
        "task_api.main",
        "task_api.dependencies",
        "task_api.auth.dependencies",
        "task_api.health",
        "task_api.observability",
        "task_api.body_limit",
        "task_api.http_errors",
        "task_api.localized",
        "task_api.websocket",
        "task_api.importer_router",
        "task_api.web_app",
    }
)
"""The modules that serve HTTP and WebSocket (and every `*.router`): they may import anything."""


def module_name(path: Path) -> str:
    """`task_api.tasks.service` for `.../task_api/tasks/service.py`."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_web(module: str) -> bool:
    """True for a web framework, a module of the web layer, or a router."""
    return (
        module.split(".")[0] in WEB_FRAMEWORKS or module in WEB_LAYER or module.endswith(".router")
    )


def imported(path: Path) -> Iterator[str]:
    """Every module `path` imports, at its top or inside a function; `from a import b` gives
    both `a` and `a.b`, since `b` may be a module."""
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            yield module
            yield from (f"{module}.{alias.name}" for alias in node.names)


def domain_modules() -> Iterator[Path]:
    """The package's modules outside the web layer."""
    for path in sorted(PACKAGE.rglob("*.py")):
        if not is_web(module_name(path)):
            yield path


def test_no_module_outside_the_web_layer_imports_the_web() -> None:
    offences = {
        module_name(path): sorted({module for module in imported(path) if is_web(module)})
        for path in domain_modules()
    }
    assert {module: web for module, web in offences.items() if web} == {}


def test_the_web_layer_named_here_exists() -> None:
    modules = {module_name(path) for path in PACKAGE.rglob("*.py")}
    assert modules >= WEB_LAYER
    assert len(list(domain_modules())) > 20

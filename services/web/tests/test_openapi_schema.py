"""The web app's committed copy of task-api's OpenAPI schema is the one task-api builds now.

When task-api's contract changes, regenerate the copy and the typed client with
`npm run api` in services/web (`npm run check:api` also checks the generated types).
"""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "dump_openapi.py"


def test_the_committed_schema_is_task_apis() -> None:
    spec = importlib.util.spec_from_file_location("dump_openapi", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    dump = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dump)
    committed = dump.DEFAULT_PATH.read_text(encoding="utf-8")
    assert committed == dump.schema_text(), "services/web/openapi.json is stale: run `npm run api`"

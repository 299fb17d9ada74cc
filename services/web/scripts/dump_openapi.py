"""Write task-api's OpenAPI schema, as its app builds it, to a file (default: openapi.json).

Run from anywhere in the workspace: `uv run python services/web/scripts/dump_openapi.py [path]`.
Fixed settings are used, not the environment, so that the file is the same on every machine.
"""

import json
import sys
from pathlib import Path

from task_api.config import Settings
from task_api.main import create_app

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "openapi.json"


def schema_text() -> str:
    """The schema as committed: indented JSON, non-ASCII kept, one newline at the end."""
    settings = Settings(_env_file=None, jwt_secret="s" * 32)
    return json.dumps(create_app(settings).openapi(), indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_PATH
    path.write_text(schema_text(), encoding="utf-8")


if __name__ == "__main__":
    main()

"""Compiles the gettext catalogs (`.po`, kept in the repository) into `.mo` files when the
package is built, editable or not, so that no compiled file is ever committed or written by
hand."""

from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hatchling.builders.hooks.plugin.interface import BuildHookInterface

LOCALES = Path("src/todo_shared/locales")


class CompileCatalogs(BuildHookInterface):
    """A hatchling build hook: every `locales/<language>/LC_MESSAGES/<domain>.po` to `.mo`."""

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Compile each catalog beside its source."""
        for source in sorted(Path(self.root, LOCALES).glob("*/LC_MESSAGES/*.po")):
            with source.open("rb") as po:
                catalog = read_po(po, locale=source.parent.parent.name)
            with source.with_suffix(".mo").open("wb") as mo:
                write_mo(mo, catalog)

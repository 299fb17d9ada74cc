"""The gettext catalogs and the code they translate: which messages each domain's code marks,
and how the catalogs are brought in step with it.

    uv run python -m todo_testkit.catalogs

extracts every marked message, adds the new ones to each language's catalog (untranslated, for
a translator to fill), and drops the ones no code uses any more. `shared/tests/test_catalogs.py`
fails until every catalog has every message, translated, and nothing else.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

from todo_shared.i18n import LOCALES, languages

ROOT = Path(__file__).resolve().parents[4]
Keywords = Mapping[str, tuple[int, ...] | None]


@dataclass(frozen=True)
class Domain:
    """A catalog of each language, and the code whose messages it holds."""

    name: str
    sources: tuple[str, ...]
    keywords: Keywords

    def catalog_path(self, language: str) -> Path:
        """Where the catalog of this domain in `language` is kept."""
        return LOCALES / language / "LC_MESSAGES" / f"{self.name}.po"


# The API's messages are kept whole and written in a language only when the answer is: they
# are marked by what carries them (a Text, an error of task-api), not by a gettext call. Only
# these names, so that the shared package's validators count as the API's, and none of the
# gettext calls in it that the reminders' catalog holds do.
API_KEYWORDS: Keywords = {
    "Text": None,
    "Plural": (1, 2),
    "DomainError": None,
    "Unauthorized": None,
    "Forbidden": None,
    "NotFound": None,
    "Conflict": None,
    "TooManyRequests": None,
    "InvalidField": (2,),
    "ImportFailed": None,
}

# Besides gettext's own names: aiogram's lazy `__`.
DOMAINS = (
    Domain("bot", ("services/telegram-bot/src",), {**DEFAULT_KEYWORDS, "__": None}),
    Domain(
        "reminders",
        ("shared/src", "services/notifier-producer/src", "services/notifier-worker/src"),
        DEFAULT_KEYWORDS,
    ),
    Domain("api", ("services/task-api/src", "shared/src"), API_KEYWORDS),
)


def extracted(domain: Domain) -> Catalog:
    """Every message the domain's code marks, with where it stands."""
    catalog = Catalog(domain=domain.name)
    for source in domain.sources:
        for found in _messages_in(ROOT / source, domain.keywords):
            filename, line, message, _, context = found
            catalog.add(message, locations=[(f"{source}/{filename}", line)], context=context)
    return catalog


def _messages_in(folder: Path, keywords: Keywords) -> Iterator[tuple]:
    method_map = [("**.py", "python")]
    yield from extract_from_dir(folder, method_map, keywords=keywords, strip_comment_tags=True)


def read_catalog(domain: Domain, language: str) -> Catalog:
    """The catalog of `domain` in `language` as it is kept."""
    with domain.catalog_path(language).open("rb") as source:
        return read_po(source, locale=language)


def update() -> None:
    """Bring every catalog in step with the code; one already in step is left as it is."""
    for domain in DOMAINS:
        template = extracted(domain)
        for language in languages():
            path = domain.catalog_path(language)
            catalog = read_catalog(domain, language)
            catalog.update(template, no_fuzzy_matching=True)
            catalog.obsolete.clear()
            written = BytesIO()
            write_po(written, catalog, width=100, omit_header=False, sort_output=False)
            if _undated(written.getvalue()) != _undated(path.read_bytes()):
                path.write_bytes(written.getvalue())
                print(f"{path.relative_to(ROOT)}: {len(catalog)} messages")


def _undated(po: bytes) -> list[bytes]:
    """The lines of a catalog but the dates in its header, which every write moves."""
    dated = (b'"POT-Creation-Date:', b'"PO-Revision-Date:')
    return [line for line in po.splitlines() if not line.startswith(dated)]


if __name__ == "__main__":
    update()

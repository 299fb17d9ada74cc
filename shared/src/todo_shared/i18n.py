"""The languages people read, and the gettext catalogs of what they read.

Each language is a folder of `locales/` with a catalog per domain: `bot`, the Telegram bot;
`reminders`, the reminders and their buttons; `api`, the human detail of the API's answers.
The `.po` sources are in the repository and compiled to `.mo` when the package is built
(`shared/hatch_build.py`), so a language is added by adding its catalogs. English is the
source language: its catalogs may leave a message untranslated, and it reads as written.
"""

import gettext
from functools import cache
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, Field

LOCALES = Path(__file__).parent / "locales"
SOURCE_LANGUAGE = "en"


@cache
def languages() -> tuple[str, ...]:
    """The languages there are catalogs for, such as ("en", "ru")."""
    return tuple(sorted(folder.name for folder in LOCALES.iterdir() if folder.is_dir()))


def check_language(code: str) -> str:
    """Return `code` if there are catalogs for it, else raise ValueError."""
    if code not in languages():
        raise ValueError(f"unknown language {code!r}; use one of {', '.join(languages())}")
    return code


Language = Annotated[
    str,
    AfterValidator(check_language),
    Field(description="The language the person reads: ru or en.", examples=["ru"]),
]


def language_of(tag: str | None) -> str | None:
    """Our language for a language tag ("ru-RU", "en", Telegram's language_code), or None."""
    if not tag:
        return None
    code = tag.strip().replace("_", "-").split("-")[0].lower()
    return code if code in languages() else None


def negotiate(accept_language: str | None) -> str | None:
    """The language an Accept-Language header prefers among ours ("ru;q=0.9, en"), or None."""
    preferences = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, parameters = part.partition(";")
        quality = 1.0
        if parameters.strip().startswith("q="):
            try:
                quality = float(parameters.strip()[2:])
            except ValueError:
                continue
        if quality > 0 and (language := language_of(tag)) is not None:
            preferences.append((-quality, position, language))
    return min(preferences)[2] if preferences else None


@cache
def translations(language: str, domain: str) -> gettext.NullTranslations:
    """The catalog of `domain` in `language`; English (the source) where there is none."""
    return gettext.translation(domain, LOCALES, [language], fallback=True)

"""The languages people read, and the gettext catalogs of what they read.

Each language is a folder of `locales/` with a catalog per domain: `bot`, the Telegram bot;
`reminders`, the reminders and their buttons; `api`, the human detail of the API's answers.
The `.po` sources are in the repository and compiled to `.mo` when the package is built
(`shared/hatch_build.py`), so a language is added by adding its catalogs. English is the
source language: its catalogs may leave a message untranslated, and it reads as written.

A `Text` is a message of the `api` catalog with its named values, kept whole until the answer
that carries it knows its reader's language. A refusal of the shared validators raises
`ValueError(Text(...))`: it reads as English wherever it is printed, and the API translates it.
"""

import gettext
from collections.abc import Mapping
from copy import copy
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, Field

LOCALES = Path(__file__).parent / "locales"
SOURCE_LANGUAGE = "en"
API_DOMAIN = "api"


@cache
def languages() -> tuple[str, ...]:
    """The languages there are catalogs for, such as ("en", "ru")."""
    return tuple(sorted(folder.name for folder in LOCALES.iterdir() if folder.is_dir()))


def check_language(code: str) -> str:
    """Return `code` if there are catalogs for it, else raise ValueError."""
    if code not in languages():
        raise ValueError(
            Text(
                "unknown language {code!r}; use one of {known}",
                code=code,
                known=", ".join(languages()),
            )
        )
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


class Text:
    """A message of the `api` catalog and its named values: English as `str()`, else `in_()`.

    A template without values is read as written, so it needs no braces doubled.
    """

    def __init__(self, template: str, /, **values: object) -> None:
        self.template = template
        self.values: Mapping[str, Any] = values

    def __str__(self) -> str:
        return self.in_(SOURCE_LANGUAGE)

    def __repr__(self) -> str:
        return f"Text({self.template!r}, **{dict(self.values)!r})"

    def with_values(self, values: Mapping[str, Any]) -> "Text":
        """The same message with `values` (pydantic's context of an error, say)."""
        bound = copy(self)
        bound.values = values
        return bound

    def in_(self, language: str | None) -> str:
        """The message in `language` (None: English), with its values (Texts too) written in it."""
        language = language or SOURCE_LANGUAGE
        translated = self._translated(translations(language, API_DOMAIN))
        if not self.values:
            return translated
        values = {
            name: value.in_(language) if isinstance(value, Text) else value
            for name, value in self.values.items()
        }
        return translated.format(**values)

    def _translated(self, catalog: gettext.NullTranslations) -> str:
        return catalog.gettext(self.template)


class Plural(Text):
    """A message with a form for each number: `count` names the value that picks the form."""

    def __init__(self, singular: str, plural: str, /, *, count: str, **values: object) -> None:
        super().__init__(singular, **values)
        self.plural = plural
        self.count = count

    def _translated(self, catalog: gettext.NullTranslations) -> str:
        return catalog.ngettext(self.template, self.plural, int(self.values[self.count]))


def message_of(error: Exception) -> Text:
    """What `error` says as a Text: the one it carries, else its English words as they are."""
    carried = error.args[0] if error.args else None
    return carried if isinstance(carried, Text) else Text(str(error))

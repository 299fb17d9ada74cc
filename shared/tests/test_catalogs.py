"""Every word a person reads exists in every language: each catalog holds exactly the messages
the code marks, each translated, with the same placeholders.

When one fails, run `uv run python -m todo_testkit.catalogs` and translate what it adds.
"""

import re

import pytest
from babel.messages.catalog import Message

from todo_shared.i18n import SOURCE_LANGUAGE, languages
from todo_testkit.catalogs import DOMAINS, Domain, extracted, read_catalog

CATALOGS = [(domain, language) for domain in DOMAINS for language in languages()]
IDS = [f"{domain.name}-{language}" for domain, language in CATALOGS]
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def ids(messages: object) -> set[object]:
    return {message.id for message in messages if message.id}  # type: ignore[attr-defined]


@pytest.mark.parametrize(("domain", "language"), CATALOGS, ids=IDS)
def test_every_message_of_the_code_is_in_the_catalog(domain: Domain, language: str) -> None:
    missing = ids(extracted(domain)) - ids(read_catalog(domain, language))
    assert not missing, f"not in {domain.catalog_path(language).name} ({language}): {missing}"


@pytest.mark.parametrize(("domain", "language"), CATALOGS, ids=IDS)
def test_every_message_of_the_catalog_is_used(domain: Domain, language: str) -> None:
    unused = ids(read_catalog(domain, language)) - ids(extracted(domain))
    assert not unused, f"no code says these any more ({language}): {unused}"


@pytest.mark.parametrize(("domain", "language"), CATALOGS, ids=IDS)
def test_every_message_is_translated_with_its_placeholders(domain: Domain, language: str) -> None:
    catalog = read_catalog(domain, language)
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, f"fuzzy, to check ({language}): {message.id!r}"
        for translation in _translations(message, catalog.num_plurals, language):
            assert _placeholders(translation) == _placeholders(message.id), (
                f"{language}: {message.id!r} is translated with other placeholders: {translation!r}"
            )


def _translations(message: Message, plurals: int, language: str) -> list[str]:
    """Each form of the message's translation; the source itself where English leaves one out."""
    forms = list(message.string) if message.pluralizable else [message.string]
    singular = message.id[0] if message.pluralizable else message.id
    if language == SOURCE_LANGUAGE:
        return [form or singular for form in forms]
    if message.pluralizable:
        assert len(forms) == plurals, f"not every plural form ({language}): {message.id!r}"
    assert all(forms), f"not translated ({language}): {message.id!r}"
    return forms


def _placeholders(text: str | tuple[str, ...]) -> set[str]:
    first = text[0] if isinstance(text, tuple) else text
    return set(PLACEHOLDER.findall(first))

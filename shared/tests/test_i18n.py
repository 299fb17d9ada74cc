"""Languages: which there are, and which one a person's tags and headers ask for."""

import pytest

from todo_shared.i18n import check_language, language_of, languages, negotiate


def test_each_folder_of_catalogs_is_a_language() -> None:
    assert languages() == ("en", "ru")


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("ru", "ru"), ("ru-RU", "ru"), ("RU", "ru"), ("en_GB", "en"), ("de", None), ("", None)],
)
def test_a_language_tag_names_one_of_ours(tag: str, expected: str | None) -> None:
    assert language_of(tag) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7", "ru"),
        ("en-US,en;q=0.9,ru;q=0.8", "en"),
        ("de-DE, ru;q=0.5", "ru"),
        ("de, fr;q=0.9", None),
        ("en;q=0.2, ru;q=0.8", "ru"),
        ("ru;q=0, en", "en"),
        ("ru;q=abc, en;q=0.1", "en"),
        ("*", None),
        ("", None),
        (None, None),
    ],
)
def test_accept_language_picks_the_most_wanted_of_ours(
    header: str | None, expected: str | None
) -> None:
    assert negotiate(header) == expected


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language 'de'; use one of en, ru"):
        check_language("de")

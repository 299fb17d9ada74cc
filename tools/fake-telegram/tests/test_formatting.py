"""parse_mode markup and the entities Telegram finds by itself, with Telegram's error texts."""

import pytest

from fake_telegram.entities import found_entities
from fake_telegram.errors import ApiError
from fake_telegram.formatting import parse, trimmed


def spans(entities: list[dict[str, object]]) -> list[tuple[object, ...]]:
    """Entities as (type, offset, length) and any extra field, for short assertions."""
    return [
        (
            e["type"],
            e["offset"],
            e["length"],
            *(v for k, v in e.items() if k not in ("type", "offset", "length")),
        )
        for e in entities
    ]


def test_html_tags_and_escapes() -> None:
    text, entities = parse(
        '<b>Due</b> <i>today</i> &lt;3 <a href="https://example.com/?a=1&amp;b=2">link</a> '
        '<pre><code class="language-python">x = 1</code></pre>',
        "HTML",
    )

    assert text == "Due today <3 link x = 1"
    assert spans(entities) == [
        ("bold", 0, 3),
        ("italic", 4, 5),
        ("text_link", 13, 4, "https://example.com/?a=1&b=2"),
        ("pre", 18, 5, "python"),
    ]


def test_offsets_count_utf16_code_units() -> None:
    text, entities = parse("🎉 <b>done</b>", "HTML")

    assert text == "🎉 done"
    assert spans(entities) == [("bold", 3, 4)]


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("a <task>", 'Unsupported start tag "task" at byte offset 2'),
        ("<b>open", 'Can\'t find end tag corresponding to start tag "b"'),
        ("close</b>", "Unexpected end tag at byte offset 5"),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("<b", "Unclosed start tag at byte offset 0"),
    ],
)
def test_html_errors(source: str, reason: str) -> None:
    with pytest.raises(ApiError) as raised:
        parse(source, "HTML")

    assert raised.value.description == f"Bad Request: can't parse entities: {reason}"


def test_markdown_v2() -> None:
    text, entities = parse(
        r"*bold* _it_ __under__ ~gone~ ||secret|| `x\`y` [site](https://a.b) 1\.5", "MarkdownV2"
    )

    assert text == "bold it under gone secret x`y site 1.5"
    assert [e["type"] for e in entities] == [
        "bold",
        "italic",
        "underline",
        "strikethrough",
        "spoiler",
        "code",
        "text_link",
    ]


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("Due 1.5", "Character '.' is reserved and must be escaped with the preceding '\\'"),
        ("*open", "Can't find end of Bold entity at byte offset 0"),
    ],
)
def test_markdown_v2_errors(source: str, reason: str) -> None:
    with pytest.raises(ApiError, match="can't parse entities") as raised:
        parse(source, "MarkdownV2")

    assert raised.value.description.endswith(reason)


def test_legacy_markdown() -> None:
    text, entities = parse("*bold* and 1.5 [site](https://a.b)", "Markdown")

    assert text == "bold and 1.5 site"
    assert spans(entities) == [("bold", 0, 4), ("text_link", 13, 4, "https://a.b")]


def test_an_unknown_parse_mode_is_refused() -> None:
    with pytest.raises(ApiError, match="unsupported parse_mode"):
        parse("x", "BBCode")


def test_trimming_moves_entities() -> None:
    assert trimmed("  hi there ", [{"type": "bold", "offset": 0, "length": 5}]) == (
        "hi there",
        [{"type": "bold", "offset": 0, "length": 3}],
    )


def test_entities_telegram_finds_by_itself() -> None:
    entities = found_entities("/done@todo_bot 3 for @annie #home https://example.com. /help")

    assert spans(entities) == [
        ("bot_command", 0, 14),
        ("mention", 21, 6),
        ("hashtag", 28, 5),
        ("url", 34, 19),
        ("bot_command", 55, 5),
    ]


def test_a_slash_inside_a_word_is_no_command() -> None:
    assert found_entities("and/or 1/2") == []

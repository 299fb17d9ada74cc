"""Formatted text: a message's `parse_mode` markup turned into plain text and entities.

The error texts are Telegram's, so a bot that sends broken markup fails here as it would there.
"""

import re
import string
from dataclasses import dataclass, field
from typing import Any

from fake_telegram.entities import Entity, sorted_entities, utf16_length
from fake_telegram.errors import ApiError, bad_request

_HTML_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_HTML_NAME_CHARS = frozenset(string.ascii_letters + string.digits + "-")
_HTML_ESCAPES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_HTML_ESCAPE = re.compile(r"&(lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});")
_HTML_ATTRIBUTE = re.compile(r"\s*([A-Za-z0-9-]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]*))?")

_LINK_TARGET = re.compile(r"\(((?:[^)\\]|\\.)*)\)")
_ESCAPED = re.compile(r"\\(.)")
_MARKDOWN_V2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")
_MARKDOWN_V2_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "code": "Code",
    "pre": "Pre",
    "text_link": "TextUrl",
}
_MARKDOWN_V2_MARKS = {
    "__": "underline",
    "||": "spoiler",
    "```": "pre",
    "*": "bold",
    "_": "italic",
    "~": "strikethrough",
    "`": "code",
    "[": "text_link",
}
_MARKDOWN_MARKS = {"```": "pre", "*": "bold", "_": "italic", "`": "code", "[": "text_link"}


@dataclass
class _Open:
    kind: str
    mark: str
    offset: int
    byte_offset: int
    extra: dict[str, Any] = field(default_factory=dict)
    emitted: bool = True


class _Builder:
    """Plain text being written, with the entities closed so far."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.offset = 0
        self.entities: list[Entity] = []

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.offset += utf16_length(text)

    def close(self, opened: _Open) -> None:
        if opened.emitted and self.offset > opened.offset:
            length = self.offset - opened.offset
            self.entities.append(
                {"offset": opened.offset, "length": length, "type": opened.kind, **opened.extra}
            )

    def result(self) -> tuple[str, list[Entity]]:
        return "".join(self.parts), sorted_entities(self.entities)


def parse(text: str, parse_mode: str | None) -> tuple[str, list[Entity]]:
    """The plain text and entities that `text` in `parse_mode` stands for."""
    mode = (parse_mode or "").lower()
    if not mode:
        return text, []
    if mode == "html":
        return _parse_html(text)
    if mode == "markdownv2":
        return _parse_markdown(text, _MARKDOWN_V2_MARKS, strict=True)
    if mode == "markdown":
        return _parse_markdown(text, _MARKDOWN_MARKS, strict=False)
    raise bad_request(f"unsupported parse_mode {parse_mode}")


def trimmed(text: str, entities: list[Entity]) -> tuple[str, list[Entity]]:
    """`text` without the whitespace Telegram strips from both ends, entities moved along."""
    start = utf16_length(text[: len(text) - len(text.lstrip())])
    stripped = text.strip()
    end = start + utf16_length(stripped)
    moved = []
    for entity in entities:
        first = max(entity["offset"], start)
        last = min(entity["offset"] + entity["length"], end)
        if last > first:
            moved.append({**entity, "offset": first - start, "length": last - first})
    return stripped, moved


def _entity_error(reason: str) -> ApiError:
    return bad_request(f"can't parse entities: {reason}")


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode())


def _parse_html(source: str) -> tuple[str, list[Entity]]:
    out = _Builder()
    stack: list[_Open] = []
    index = 0
    while index < len(source):
        char = source[index]
        if char == "&":
            decoded, index = _html_escape(source, index)
            out.write(decoded)
        elif char == "<" and source.startswith("</", index):
            index = _html_end_tag(source, index, stack, out)
        elif char == "<":
            index = _html_start_tag(source, index, stack, out)
        else:
            out.write(char)
            index += 1
    if stack:
        raise _entity_error(f'Can\'t find end tag corresponding to start tag "{stack[-1].mark}"')
    return out.result()


def _html_escape(source: str, index: int) -> tuple[str, int]:
    match = _HTML_ESCAPE.match(source, index)
    if not match:
        return "&", index + 1
    name = match.group(1)
    if name.startswith("#x"):
        return chr(int(name[2:], 16)), match.end()
    if name.startswith("#"):
        return chr(int(name[1:])), match.end()
    return _HTML_ESCAPES[name], match.end()


def _html_start_tag(source: str, index: int, stack: list[_Open], out: _Builder) -> int:
    byte_offset = _byte_offset(source, index)
    name, name_end = _html_tag_name(source, index + 1)
    if name not in _HTML_TAGS:
        raise _entity_error(f'Unsupported start tag "{name}" at byte offset {byte_offset}')
    attributes, end = _html_attributes(source, name_end, byte_offset)
    opened = _Open(_HTML_TAGS[name], name, out.offset, byte_offset)
    _apply_html_attributes(opened, attributes, stack, byte_offset)
    stack.append(opened)
    return end


def _html_tag_name(source: str, index: int) -> tuple[str, int]:
    end = index
    while end < len(source) and source[end] in _HTML_NAME_CHARS:
        end += 1
    return source[index:end].lower(), end


def _html_attributes(source: str, index: int, byte_offset: int) -> tuple[dict[str, str], int]:
    attributes: dict[str, str] = {}
    while True:
        rest = source[index:].lstrip()
        index = len(source) - len(rest)
        if rest.startswith(">"):
            return attributes, index + 1
        match = _HTML_ATTRIBUTE.match(source, index)
        if not rest or not match:
            raise _entity_error(f"Unclosed start tag at byte offset {byte_offset}")
        value = (match.group(2) or "").strip("\"'")
        attributes[match.group(1).lower()] = _html_unescape(value)
        index = match.end()


def _html_unescape(value: str) -> str:
    return _HTML_ESCAPE.sub(lambda match: _html_escape(match.group(), 0)[0], value)


def _apply_html_attributes(
    opened: _Open, attributes: dict[str, str], stack: list[_Open], byte_offset: int
) -> None:
    if opened.mark == "span" and attributes.get("class") != "tg-spoiler":
        raise _entity_error(f'Tag "span" must have class "tg-spoiler" at byte offset {byte_offset}')
    if opened.kind == "text_link":
        opened.extra["url"] = attributes.get("href", "")
    if opened.kind == "custom_emoji":
        opened.extra["custom_emoji_id"] = attributes.get("emoji-id", "")
    if opened.kind == "blockquote" and "expandable" in attributes:
        opened.kind = "expandable_blockquote"
    language = attributes.get("class", "")
    # Telegram folds <pre><code class="language-x"> into one `pre` entity with a language.
    if opened.kind == "code" and stack and stack[-1].kind == "pre" and language:
        stack[-1].extra["language"] = language.removeprefix("language-")
        opened.emitted = False


def _html_end_tag(source: str, index: int, stack: list[_Open], out: _Builder) -> int:
    byte_offset = _byte_offset(source, index)
    name, name_end = _html_tag_name(source, index + 2)
    end = source.find(">", name_end)
    if end < 0:
        raise _entity_error(f"Unclosed end tag at byte offset {byte_offset}")
    if not stack:
        raise _entity_error(f"Unexpected end tag at byte offset {byte_offset}")
    opened = stack.pop()
    if name != opened.mark:
        raise _entity_error(
            f'Unmatched end tag at byte offset {byte_offset}, expected "</{opened.mark}>", '
            f'found "</{name}>"'
        )
    opened.emitted = opened.emitted and opened.extra.get("url") != ""
    out.close(opened)
    return end + 1


def _parse_markdown(
    source: str, marks: dict[str, str], *, strict: bool
) -> tuple[str, list[Entity]]:
    out = _Builder()
    stack: list[_Open] = []
    index = 0
    while index < len(source):
        in_code = bool(stack) and stack[-1].kind in ("code", "pre")
        char = source[index]
        if char == "\\" and index + 1 < len(source) and (strict or source[index + 1] in marks):
            out.write(source[index + 1])
            index += 2
        elif in_code and char != "`":
            out.write(char)
            index += 1
        elif stack and _closes(source, index, stack[-1]):
            index = _close_markdown(source, index, stack.pop(), out)
        elif (mark := _opening_mark(source, index, marks, stack, strict=strict)) is not None:
            index = _open_markdown(source, index, mark, marks[mark], stack, out)
        elif strict and char in _MARKDOWN_V2_RESERVED:
            raise _entity_error(
                f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
            )
        else:
            out.write(char)
            index += 1
    if stack:
        raise _entity_error(_unclosed_markdown(stack[-1], strict=strict))
    return out.result()


def _opening_mark(
    source: str, index: int, marks: dict[str, str], stack: list[_Open], *, strict: bool
) -> str | None:
    # Legacy Markdown entities cannot nest; MarkdownV2 ones can.
    if stack and not strict:
        return None
    return next((mark for mark in marks if source.startswith(mark, index)), None)


def _closes(source: str, index: int, opened: _Open) -> bool:
    return source.startswith("]" if opened.mark == "[" else opened.mark, index)


def _open_markdown(
    source: str, index: int, mark: str, kind: str, stack: list[_Open], out: _Builder
) -> int:
    opened = _Open(kind, mark, out.offset, _byte_offset(source, index))
    index += len(mark)
    if kind == "pre":
        line_end = source.find("\n", index)
        language = source[index:line_end] if line_end >= 0 else ""
        if language and not any(char.isspace() for char in language):
            opened.extra["language"] = language
            index = line_end + 1
    stack.append(opened)
    return index


def _close_markdown(source: str, index: int, opened: _Open, out: _Builder) -> int:
    if opened.kind != "text_link":
        out.close(opened)
        return index + len(opened.mark)
    target = _LINK_TARGET.match(source, index + 1)
    if target is None:
        return index + 1
    opened.extra["url"] = _ESCAPED.sub(r"\1", target.group(1))
    out.close(opened)
    return target.end()


def _unclosed_markdown(opened: _Open, *, strict: bool) -> str:
    if not strict:
        return f"Can't find end of the entity starting at byte offset {opened.byte_offset}"
    name = _MARKDOWN_V2_NAMES[opened.kind]
    return f"Can't find end of {name} entity at byte offset {opened.byte_offset}"

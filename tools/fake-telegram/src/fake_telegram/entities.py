"""Message entities: offsets in UTF-16 code units, and the ones Telegram finds in plain text."""

import re
from typing import Any

Entity = dict[str, Any]

# Telegram finds these in every message's text, whatever the sender meant, so clients such as
# aiogram's Command filter can rely on a `bot_command` entity.
_AUTO_ENTITIES = (
    (
        "bot_command",
        re.compile(r"(?<![\w/@<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/@])"),
    ),
    ("mention", re.compile(r"(?<![\w@])@[A-Za-z][A-Za-z0-9_]{3,31}(?![\w@])")),
    ("hashtag", re.compile(r"(?<![\w#])#\w*[^\W\d]\w*")),
    ("url", re.compile(r"(?<![\w@/])https?://[^\s<>\"]+[^\s<>\".,;:!?)\]}']")),
)


def utf16_length(text: str) -> int:
    """How many UTF-16 code units `text` takes: the unit of every entity offset and length."""
    return len(text.encode("utf-16-le")) // 2


def found_entities(text: str) -> list[Entity]:
    """The entities Telegram detects by itself in `text`: commands, mentions, hashtags, URLs."""
    entities: list[Entity] = []
    for kind, pattern in _AUTO_ENTITIES:
        for match in pattern.finditer(text):
            entities.append(
                {
                    "offset": utf16_length(text[: match.start()]),
                    "length": utf16_length(match.group()),
                    "type": kind,
                }
            )
    return sorted_entities(entities)


def sorted_entities(entities: list[Entity]) -> list[Entity]:
    """Entities in Telegram's order: by offset, an outer entity before the ones inside it."""
    return sorted(entities, key=lambda entity: (entity["offset"], -entity["length"]))


def merged_entities(explicit: list[Entity], found: list[Entity]) -> list[Entity]:
    """`explicit` entities plus each found one that does not overlap any of them."""
    kept = [entity for entity in found if not any(_overlap(entity, e) for e in explicit)]
    return sorted_entities([*explicit, *kept])


def _overlap(first: Entity, second: Entity) -> bool:
    first_start, second_start = int(first["offset"]), int(second["offset"])
    first_end = first_start + int(first["length"])
    second_end = second_start + int(second["length"])
    return first_start < second_end and second_start < first_end

"""pydantic's refusals as catalog messages, so that a 422's `msg` can be read in Russian too.

The common error types are here by type, each with pydantic_core's own message template (its
`{expected_plural}` made a plural form); pydantic's context of an error fills the placeholders.
A refusal of our validators (`ValueError(Text(...))`) is translated as its Text says. Any
other refusal reads as pydantic wrote it, in English.
"""

from collections.abc import Mapping
from typing import Any

from todo_shared.i18n import Plural, Text

MESSAGES: dict[str, Text] = {
    "missing": Text("Field required"),
    "extra_forbidden": Text("Extra inputs are not permitted"),
    "string_type": Text("Input should be a valid string"),
    "string_too_short": Plural(
        "String should have at least {min_length} character",
        "String should have at least {min_length} characters",
        count="min_length",
    ),
    "string_too_long": Plural(
        "String should have at most {max_length} character",
        "String should have at most {max_length} characters",
        count="max_length",
    ),
    "string_pattern_mismatch": Text("String should match pattern '{pattern}'"),
    "too_short": Plural(
        "{field_type} should have at least {min_length} item after validation, not {actual_length}",
        "{field_type} should have at least {min_length} items after validation,"
        " not {actual_length}",
        count="min_length",
    ),
    "too_long": Plural(
        "{field_type} should have at most {max_length} item after validation, not {actual_length}",
        "{field_type} should have at most {max_length} items after validation, not {actual_length}",
        count="max_length",
    ),
    "int_type": Text("Input should be a valid integer"),
    "int_parsing": Text("Input should be a valid integer, unable to parse string as an integer"),
    "int_from_float": Text("Input should be a valid integer, got a number with a fractional part"),
    "bool_type": Text("Input should be a valid boolean"),
    "bool_parsing": Text("Input should be a valid boolean, unable to interpret input"),
    "date_type": Text("Input should be a valid date"),
    "date_parsing": Text("Input should be a valid date in the format YYYY-MM-DD, {error}"),
    "date_from_datetime_parsing": Text("Input should be a valid date or datetime, {error}"),
    "datetime_type": Text("Input should be a valid datetime"),
    "datetime_parsing": Text("Input should be a valid datetime, {error}"),
    "datetime_from_date_parsing": Text("Input should be a valid datetime or date, {error}"),
    "time_type": Text("Input should be a valid time"),
    "time_parsing": Text("Input should be in a valid time format, {error}"),
    "enum": Text("Input should be {expected}"),
    "literal_error": Text("Input should be {expected}"),
    "greater_than": Text("Input should be greater than {gt}"),
    "greater_than_equal": Text("Input should be greater than or equal to {ge}"),
    "less_than": Text("Input should be less than {lt}"),
    "less_than_equal": Text("Input should be less than or equal to {le}"),
    "dict_type": Text("Input should be a valid dictionary"),
    "model_type": Text("Input should be a valid dictionary or instance of {class_name}"),
    "list_type": Text("Input should be a valid list"),
    "json_invalid": Text("Invalid JSON: {error}"),
    "value_error": Text("Value error, {error}"),
}


def message_for(problem: Mapping[str, Any]) -> Text:
    """What a pydantic problem says: its type's catalog message, else its `msg` as written."""
    context = problem.get("ctx", {})
    error = context.get("error")
    if isinstance(error, Exception):
        carried = error.args[0] if error.args else None
        if not isinstance(carried, Text):
            return Text(problem["msg"])  # a refusal not of ours: only pydantic's words say it
        context = {**context, "error": carried}
    known = MESSAGES.get(problem["type"])
    return known.with_values(context) if known else Text(problem["msg"])

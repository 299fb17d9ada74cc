"""Log lines: JSON, naming the request they were written for."""

import json
import logging

from todo_shared.logs import JsonFormatter, request_id


def line_of(message: str, **extra: object) -> dict:
    record = logging.makeLogRecord({"msg": message, "levelname": "INFO", "name": "t", **extra})
    return json.loads(JsonFormatter("notifier-worker").format(record))


def test_a_line_names_the_request_it_was_written_for() -> None:
    token = request_id.set("abc123")
    try:
        line = line_of("reminder settled", task_id=7)
    finally:
        request_id.reset(token)
    assert line["request_id"] == "abc123"
    assert (line["service"], line["event"], line["task_id"]) == (
        "notifier-worker",
        "reminder settled",
        7,
    )


def test_a_line_outside_any_request_has_no_request_id() -> None:
    assert "request_id" not in line_of("started")

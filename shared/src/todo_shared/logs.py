"""Structured logs: one JSON object a line, naming the service and the event."""

import json
import logging
import re
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

REQUEST_ID_HEADER = "X-Request-ID"
"""The HTTP header, and (lower-cased) the AMQP message header, that carries a request id."""

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
"""The request this code works for: every log line written meanwhile names it."""


def new_request_id() -> str:
    """A fresh request id."""
    return uuid.uuid4().hex


# Attributes every LogRecord has; anything else on a record came from `extra=` and is logged.
# A WebSocket client may send its access token in the query string, which uvicorn logs.
_TOKEN_IN_URL = re.compile(r"(token=)[^&\s\"']+")

# uvicorn's `color_message` repeats the event with terminal colours.
_RECORD_FIELDS = frozenset(vars(logging.makeLogRecord({}))) | {
    "message",
    "asctime",
    "color_message",
}


class JsonFormatter(logging.Formatter):
    """Formats a record as JSON: time, level, service, logger, event and the extra fields."""

    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "service": self.service,
            "logger": record.name,
            "event": _TOKEN_IN_URL.sub(r"\1[hidden]", record.getMessage()),
        }
        if (current := request_id.get()) is not None:
            line["request_id"] = current
        line.update({k: v for k, v in vars(record).items() if k not in _RECORD_FIELDS})
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


def logging_config(service: str, level: str) -> dict[str, Any]:
    """A `logging.config.dictConfig` that writes JSON lines to stderr (uvicorn takes it too)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter, "service": service}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"handlers": ["stderr"], "level": level},
        "loggers": {
            "uvicorn": {"handlers": [], "propagate": True},
            "uvicorn.error": {"handlers": [], "propagate": True},
            "uvicorn.access": {"handlers": [], "propagate": True},
        },
    }

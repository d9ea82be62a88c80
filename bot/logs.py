"""Logging for the whole process, set up once by a command: readable text by default, or
one JSON object per line (CSPBOT_LOG_FORMAT=json) for log shippers. Every logger goes
through the root handler configured here: ours, uvicorn's access and error logs,
Alembic's, the Slack and Teams SDKs', Python's warnings and an uncaught exception.

Context (platform, intent, delivery id, event id, ...) comes from a record's `extra` or
from `log_context()` around a piece of work, and becomes fields of the JSON object."""

import json
import logging
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from types import MappingProxyType, TracebackType
from typing import Any

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# The `extra` keys that are context worth a field of their own.
CONTEXT_FIELDS = ("platform", "intent", "delivery_id", "event_id", "activity_id", "reference")

# Never mutated: each log_context() sets a new mapping, so an immutable default is safe.
_context: ContextVar[Mapping[str, Any]] = ContextVar(
    "cspbot_log_context", default=MappingProxyType({})
)


@contextmanager
def log_context(**fields: Any) -> Iterator[None]:
    """Adds `fields` to every record logged inside the block (threads started with
    asyncio.to_thread inherit it)."""
    token = _context.set({**_context.get(), **fields})
    try:
        yield
    finally:
        _context.reset(token)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry |= _context.get()
        entry |= {name: getattr(record, name) for name in CONTEXT_FIELDS if hasattr(record, name)}
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def configure_logging(*, json_lines: bool, level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter() if json_lines else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    # APScheduler would log every trigger; the sweeps log what they deliver.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    logging.captureWarnings(True)
    sys.excepthook = _log_uncaught


def json_logging() -> bool:
    return any(isinstance(h.formatter, JsonFormatter) for h in logging.getLogger().handlers)


def _log_uncaught(
    kind: type[BaseException], error: BaseException, traceback: TracebackType | None
) -> None:
    logging.getLogger("cspbot").critical("uncaught exception", exc_info=(kind, error, traceback))

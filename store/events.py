"""Inbound platform events already handled, so a platform's retry is recognised."""

from datetime import datetime
from typing import Any

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlmodel import col

from store.db import Store
from store.raw import raw_statement, write_unsynced
from store.tables import ProcessedEvent


def _record_statement(insert: Any) -> Any:
    return (
        insert(ProcessedEvent)
        .on_conflict_do_nothing(index_elements=["platform", "event_id"])
        .returning(col(ProcessedEvent.event_id))
    )


# Built once, values bound at execution: this runs before every Slack event is
# acknowledged, and building the statement each time cost several times running it.
_RECORD = {
    "postgresql": _record_statement(postgresql_insert),
    "sqlite": _record_statement(sqlite_insert),
}


def record_event(connection: Connection, *, platform: str, event_id: str, at: datetime) -> bool:
    """Remember the event; True the first time it is seen, False for a repeat.

    One INSERT ... ON CONFLICT DO NOTHING, so two replicas receiving the same retry at the
    same moment cannot both take it as new.
    """
    values = {"platform": platform, "event_id": event_id, "received_at": at}
    return connection.execute(_RECORD[connection.dialect.name], values).first() is not None


def remember_event(store: Store, *, platform: str, event_id: str, at: datetime) -> bool:
    """`record_event` in a transaction of its own, on the DBAPI connection (store/raw.py):
    it runs before every chat message is answered.

    Committed without waiting for the disk (SQLite's synchronous=NORMAL in WAL mode,
    PostgreSQL's synchronous_commit off), as the record is only a safeguard against the
    platform's retries: a power cut may forget the last few ids (a retried question would
    be answered twice) but never corrupts anything, and a crash of cspbot alone loses none.
    """
    statement = raw_statement(store, _RECORD[store.dialect])
    values = {"platform": platform, "event_id": event_id, "received_at": at}
    return write_unsynced(store, statement, values) is not None


def forget_events(connection: Connection, *, platform: str, before: datetime) -> int:
    """Drop events received before `before` (long past any retry); how many went."""
    statement = delete(ProcessedEvent).where(
        col(ProcessedEvent.platform) == platform, col(ProcessedEvent.received_at) < before
    )
    return int(connection.execute(statement).rowcount)

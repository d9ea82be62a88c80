"""Inbound events are remembered once, on SQLite and PostgreSQL. The per-message record
runs on the DBAPI connection without waiting for the disk: it must store exactly what
SQLAlchemy would, and must not weaken the durability of the writes that follow it."""

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Connection
from sqlmodel import select

from store.db import Store, WouldWait, promptly
from store.events import forget_events, record_event, remember_event
from store.tables import ProcessedEvent

AT = datetime(2026, 11, 21, 12, 0, 0, 123456, tzinfo=UTC)


def test_an_event_is_new_once(store: Store) -> None:
    assert remember_event(store, platform="slack", event_id="Ev1", at=AT)
    assert not remember_event(store, platform="slack", event_id="Ev1", at=AT)
    assert remember_event(store, platform="teams", event_id="Ev1", at=AT)
    with store.transaction() as session:
        assert not record_event(session.connection(), platform="slack", event_id="Ev1", at=AT)


def test_both_ways_of_recording_store_the_same(store: Store) -> None:
    remember_event(store, platform="slack", event_id="Raw", at=AT)
    with store.transaction() as session:
        record_event(session.connection(), platform="slack", event_id="Core", at=AT)
    with store.session() as session:
        rows = {row.event_id: row.received_at for row in session.exec(select(ProcessedEvent))}
    assert rows["Raw"] == rows["Core"]


def test_replicas_and_threads_racing_on_the_same_events_take_each_once(
    database_url: str,
) -> None:
    """Two replicas (two stores on one database) each receive every event twice at once,
    in many threads, half of them first trying without waiting (the event loop's way, then
    a worker thread's, as bot/store_work.py does): every event is new exactly once."""
    replicas = [Store.open(database_url), Store.open(database_url)]
    events = [f"Ev{n}" for n in range(60)]

    def remember(n: int) -> tuple[str, bool]:
        store, event_id = replicas[n % 2], events[n // 4]
        if n % 4 < 2:
            try:
                with promptly():
                    return event_id, remember_event(
                        store, platform="slack", event_id=event_id, at=AT
                    )
            except WouldWait:
                pass
        return event_id, remember_event(store, platform="slack", event_id=event_id, at=AT)

    with ThreadPoolExecutor(max_workers=12) as pool:
        results = list(pool.map(remember, range(len(events) * 4)))
    for store in replicas:
        store.dispose()
    assert Counter(event_id for event_id, first in results if first) == dict.fromkeys(events, 1)
    assert len(results) == len(events) * 4


def test_old_events_are_forgotten(store: Store) -> None:
    remember_event(store, platform="slack", event_id="Old", at=AT - timedelta(days=2))
    remember_event(store, platform="slack", event_id="New", at=AT)
    with store.transaction() as session:
        assert forget_events(session.connection(), platform="slack", before=AT - timedelta(1)) == 1
    assert remember_event(store, platform="slack", event_id="Old", at=AT)
    assert not remember_event(store, platform="slack", event_id="New", at=AT)


def test_writes_after_an_event_record_still_wait_for_the_disk(store: Store) -> None:
    for n in range(3):
        remember_event(store, platform="slack", event_id=f"Ev{n}", at=AT)
        with store.transaction() as session:  # whichever pooled connection comes next
            assert _waits_for_disk(session.connection(), store)


def _waits_for_disk(connection: Connection, store: Store) -> bool:
    if store.dialect == "postgresql":
        return connection.exec_driver_sql("SHOW synchronous_commit").scalar() == "on"
    # SQLite: FULL (2) syncs the WAL on every commit; NORMAL (1) only at checkpoints.
    return connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2

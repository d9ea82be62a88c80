"""Inbound events are remembered once, on SQLite and PostgreSQL, through the store's
safeguard writes, which must not weaken the durability of the writes that follow."""

from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Connection

from store.db import Store
from store.events import forget_events, record_event

AT = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def test_an_event_is_new_once(store: Store) -> None:
    with store.safeguard() as connection:
        assert record_event(connection, platform="slack", event_id="Ev1", at=AT)
    with store.safeguard() as connection:
        assert not record_event(connection, platform="slack", event_id="Ev1", at=AT)
        assert record_event(connection, platform="teams", event_id="Ev1", at=AT)


def test_old_events_are_forgotten(store: Store) -> None:
    with store.safeguard() as connection:
        record_event(connection, platform="slack", event_id="Old", at=AT - timedelta(days=2))
        record_event(connection, platform="slack", event_id="New", at=AT)
    with store.safeguard() as connection:
        assert forget_events(connection, platform="slack", before=AT - timedelta(days=1)) == 1
    with store.transaction() as session:
        assert record_event(session.connection(), platform="slack", event_id="Old", at=AT)
        assert not record_event(session.connection(), platform="slack", event_id="New", at=AT)


def test_a_failed_safeguard_write_is_rolled_back(store: Store) -> None:
    try:
        with store.safeguard() as connection:
            record_event(connection, platform="slack", event_id="Lost", at=AT)
            raise RuntimeError("the work after it failed")
    except RuntimeError:
        pass
    with store.safeguard() as connection:
        assert record_event(connection, platform="slack", event_id="Lost", at=AT)


def test_only_safeguard_writes_skip_waiting_for_the_disk(store: Store) -> None:
    with store.safeguard() as connection:
        assert _waits_for_disk(connection, store) is False
    for _ in range(3):  # whichever pooled connection comes next
        with store.transaction() as session:
            assert _waits_for_disk(session.connection(), store) is True


def _waits_for_disk(connection: Connection, store: Store) -> bool:
    if store.dialect == "postgresql":
        return connection.exec_driver_sql("SHOW synchronous_commit").scalar() == "on"
    # SQLite: FULL (2) syncs the WAL on every commit; NORMAL (1) only at checkpoints.
    return connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2

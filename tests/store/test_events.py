"""Inbound events are remembered once, on SQLite and PostgreSQL."""

from datetime import UTC, datetime, timedelta

from store.db import Store
from store.events import forget_events, record_event

AT = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def test_an_event_is_new_once(store: Store) -> None:
    with store.transaction() as session:
        assert record_event(session, platform="slack", event_id="Ev1", at=AT)
    with store.transaction() as session:
        assert not record_event(session, platform="slack", event_id="Ev1", at=AT)
        assert record_event(session, platform="teams", event_id="Ev1", at=AT)


def test_old_events_are_forgotten(store: Store) -> None:
    with store.transaction() as session:
        record_event(session, platform="slack", event_id="Old", at=AT - timedelta(days=2))
        record_event(session, platform="slack", event_id="New", at=AT)
    with store.transaction() as session:
        assert forget_events(session, platform="slack", before=AT - timedelta(days=1)) == 1
    with store.transaction() as session:
        assert record_event(session, platform="slack", event_id="Old", at=AT)
        assert not record_event(session, platform="slack", event_id="New", at=AT)

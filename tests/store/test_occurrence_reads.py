"""Occurrence states read outside a transaction, as deadlines answers read them (on a
SQLite file, through a connection kept for each thread): every thread sees each change as
soon as it is committed, and a transaction's reads see what it wrote."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from store import occurrences
from store.db import Store
from tests.schedules.support import day, seed

AT = datetime(2026, 12, 1, 12, tzinfo=UTC)
DUE = day("2026-12-10")


def _status(store: Store) -> str | None:
    with store.session() as session:
        state = occurrences.occurrence_states(session, milestone_ids=["sv"]).get(("sv", DUE))
    return state.status if state else None


def test_every_thread_reads_each_change_once_committed(store: Store) -> None:
    seed(store, {"id": "sv", "title": "SV return", "due_date": DUE, "owner_id": "owner"})
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert set(pool.map(lambda _: _status(store), range(16))) == {None}
        with store.transaction() as session:
            occurrences.mark_done(
                session, milestone_id="sv", occurrence=DUE, person_id="owner", at=AT
            )
            states = occurrences.occurrence_states(session, milestone_ids=["sv"])
            assert states["sv", DUE].status == "done", "the transaction sees its own write"
        assert set(pool.map(lambda _: _status(store), range(16))) == {"done"}
        with store.transaction() as session:
            occurrences.snooze(
                session, milestone_id="sv", occurrence=DUE, until=AT, person_id="owner", at=AT
            )
        assert set(pool.map(lambda _: _status(store), range(16))) == {"open"}
    assert _status(store) == "open"  # and the calling thread's own connection

"""The rolling planner: extends unchanged plans, redoes changed ones, forgets removed ones."""

from datetime import UTC, datetime, timedelta

from schedules.planner import replan
from store import deliveries
from store.db import Store
from store.tables import Milestone, Partnership
from tests.schedules.support import day, seed

NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)


def pending(store: Store) -> list[tuple[str, str, datetime]]:
    with store.session() as session:
        rows = deliveries.deliveries(session, statuses=["pending"])
    return sorted((r.kind, r.subject, r.send_at) for r in rows if r.kind != "digest")


def test_horizon_rolls_on_and_nothing_changed_means_nothing_done(store: Store) -> None:
    seed(store, {"id": "m", "title": "M", "due_date": day("2026-12-01"),
                 "repeat": "FREQ=MONTHLY", "remind": [1]})  # fmt: skip
    first = replan(store, now=NOW, horizon_days=14, escalation_days=0)
    assert first.replanned == 2  # the milestone and the digests
    assert pending(store) == [("reminder", "m", datetime(2026, 11, 30, 9, tzinfo=UTC))] * 2
    again = replan(store, now=NOW, horizon_days=14, escalation_days=0)
    assert (again.replanned, again.inserted, again.cancelled) == (0, 0, 0)
    later = replan(store, now=NOW + timedelta(days=30), horizon_days=14, escalation_days=0)
    assert later.replanned == 0 and later.inserted > 0
    assert ("reminder", "m", datetime(2026, 12, 31, 9, tzinfo=UTC)) in pending(store)


def test_a_changed_partnership_time_moves_pending_rows(store: Store) -> None:
    seed(store, {"id": "m", "title": "M", "due_date": day("2026-12-10"), "remind": [7]})
    replan(store, now=NOW, escalation_days=0)
    with store.transaction() as session:
        partnership = session.get(Partnership, "csp")
        assert partnership is not None
        partnership.reminder_time = "08:15"
    result = replan(store, now=NOW, escalation_days=0)
    assert result.replanned == 2 and result.cancelled == 0  # the milestone and the digests
    assert {at for _, _, at in pending(store)} == {datetime(2026, 12, 3, 8, 15, tzinfo=UTC)}


def test_a_removed_milestone_loses_its_future_rows(store: Store) -> None:
    seed(store, {"id": "m", "title": "M", "due_date": day("2026-12-10"), "remind": [7]})
    replan(store, now=NOW, escalation_days=0)
    with store.transaction() as session:
        milestone = session.get(Milestone, "m")
        session.delete(milestone)
    result = replan(store, now=NOW, escalation_days=0)
    assert result.cancelled == 2 and pending(store) == []

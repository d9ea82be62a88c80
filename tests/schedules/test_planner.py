"""The rolling planner: extends unchanged plans, redoes changed ones, forgets removed ones."""

from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from schedules.planner import replan
from store import deliveries
from store.db import Store
from store.tables import Delivery, Milestone, Partnership
from tests.schedules.support import day, seed

NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)


def pending_rows(session: Session) -> list[Delivery]:
    rows = deliveries.deliveries(session, statuses=["pending"])
    return [r for r in rows if r.kind != "digest"]


def pending(store: Store) -> list[tuple[str, str, datetime]]:
    with store.session() as session:
        return sorted((r.kind, r.subject, r.send_at) for r in pending_rows(session))


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


def test_planning_again_from_scratch_never_revives_a_sent_row(store: Store) -> None:
    seed(store, {"id": "m", "title": "M", "due_date": day("2026-12-10"), "remind": [7, 1]})
    replan(store, now=NOW, escalation_days=0)
    with store.transaction() as session:
        first = pending_rows(session)[0]
        assert first.id is not None
        deliveries.mark_status(session, delivery_ids=[first.id], status="sent", reason=None)
        # As if the plan marks were lost: everything is planned again, the sent key with it.
        deliveries.delete_plan_marks(session, subjects=["m", "digest:csp"])
    result = replan(store, now=NOW, escalation_days=0)
    assert result.replanned == 2 and result.rescheduled == 0
    with store.session() as session:
        rows = [r for r in deliveries.deliveries(session) if r.kind == "reminder"]
    assert len(rows) == 4  # two days, to the owner and the channel, each once
    assert sorted(r.status for r in rows) == ["pending", "pending", "pending", "sent"]

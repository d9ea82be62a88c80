"""Removing a milestone for good (the data file dropped it, or its meeting was cancelled):
its occurrence states go with it and its pending reminders are cancelled, so nobody is
nudged about something that no longer exists. Everything is audited."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from store.audit import record_row_change, snapshot
from store.tables import Delivery, Milestone, OccurrenceState


@dataclass
class Removed:
    # The occurrence states deleted with it (done and snoozed marks made in chat).
    states: list[OccurrenceState] = field(default_factory=list)
    deliveries_cancelled: int = 0


def forget_milestone(
    session: Session, milestone: Milestone, *, at: datetime, actor: str
) -> Removed:
    removed = Removed()
    for state in session.exec(
        select(OccurrenceState).where(OccurrenceState.milestone_id == milestone.id)
    ):
        record_row_change(session, state, at=at, actor=actor, before=snapshot(state), after=None)
        session.delete(state)
        removed.states.append(state)
    session.flush()
    pending = session.exec(
        select(Delivery).where(
            Delivery.subject == milestone.id, col(Delivery.status).in_(("pending", "claimed"))
        )
    )
    for delivery in pending:
        before = snapshot(delivery)
        delivery.status = "cancelled"
        session.flush()
        record_row_change(
            session, delivery, at=at, actor=actor, before=before, after=snapshot(delivery)
        )
        removed.deliveries_cancelled += 1
    record_row_change(
        session, milestone, at=at, actor=actor, before=snapshot(milestone), after=None
    )
    session.delete(milestone)
    session.flush()
    return removed

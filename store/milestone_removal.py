"""Removing a milestone for good (the data file dropped it, or its meeting was cancelled):
its occurrence states go with it and its pending reminders are cancelled, so nobody is
nudged about something that no longer exists. Everything is audited."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, SQLModel, col, select

from store.audit import entity_of, record_change, snapshot
from store.tables import Delivery, Milestone, OccurrenceState


@dataclass
class Removed:
    # The occurrence states deleted with it (done and snoozed marks made in chat).
    states: list[OccurrenceState] = field(default_factory=list)
    deliveries_cancelled: int = 0


def _audit(
    session: Session,
    row: SQLModel,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    *,
    at: datetime,
    actor: str,
) -> None:
    entity, entity_id = entity_of(row)
    record_change(
        session,
        at=at,
        actor=actor,
        entity=entity,
        entity_id=entity_id,
        before=before,
        after=after,
    )


def forget_milestone(
    session: Session, milestone: Milestone, *, at: datetime, actor: str
) -> Removed:
    removed = Removed()
    for state in session.exec(
        select(OccurrenceState).where(OccurrenceState.milestone_id == milestone.id)
    ):
        _audit(session, state, snapshot(state), None, at=at, actor=actor)
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
        _audit(session, delivery, before, snapshot(delivery), at=at, actor=actor)
        removed.deliveries_cancelled += 1
    _audit(session, milestone, snapshot(milestone), None, at=at, actor=actor)
    session.delete(milestone)
    session.flush()
    return removed

"""The store side of the ModernGov sync: the sites to read, the meetings synced so far,
and their changes, each audited with the sync's actor."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlmodel import Session, SQLModel, col, select

from store.audit import record_row_change, snapshot
from store.milestone_removal import forget_milestone
from store.tables import Delivery, MeetingSource, Milestone, Partnership, SyncedMeeting


def meeting_sources(
    session: Session, *, partnership_ids: Sequence[str] | None = None
) -> list[tuple[MeetingSource, Partnership]]:
    query = (
        select(MeetingSource, Partnership)
        .join(Partnership, col(Partnership.id) == col(MeetingSource.partnership_id))
        .order_by(col(Partnership.position), col(Partnership.id))
    )
    if partnership_ids is not None:
        query = query.where(col(MeetingSource.partnership_id).in_(partnership_ids))
    return [(source, partnership) for source, partnership in session.exec(query).all()]


def any_meeting_source(session: Session) -> bool:
    """Whether any partnership follows a committee's meetings (one row read at most)."""
    return session.exec(select(MeetingSource.partnership_id).limit(1)).first() is not None


def synced_meetings(
    session: Session, *, partnership_id: str, committee_id: int
) -> dict[int, SyncedMeeting]:
    """The committee's synced meetings by ModernGov meeting id."""
    query = select(SyncedMeeting).where(
        SyncedMeeting.partnership_id == partnership_id, SyncedMeeting.committee_id == committee_id
    )
    return {row.meeting_id: row for row in session.exec(query).all()}


def synced_meeting(session: Session, *, milestone_id: str) -> SyncedMeeting | None:
    return session.get(SyncedMeeting, milestone_id)


def _save(
    session: Session, row: SQLModel, before: dict[str, Any] | None, *, at: datetime, actor: str
) -> None:
    session.add(row)
    session.flush()
    record_row_change(session, row, at=at, actor=actor, before=before, after=snapshot(row))


def add_meeting(
    session: Session, *, meeting: SyncedMeeting, milestone: Milestone, at: datetime, actor: str
) -> None:
    """A new meeting (or one listed again after it was cancelled): its milestone and its
    record."""
    _save(session, milestone, None, at=at, actor=actor)
    existing = session.get(SyncedMeeting, meeting.milestone_id)
    if existing is None:
        _save(session, meeting, None, at=at, actor=actor)
        return
    before = snapshot(existing)
    for name, value in meeting.model_dump().items():
        setattr(existing, name, value)
    _save(session, existing, before, at=at, actor=actor)


def change_meeting(
    session: Session, *, meeting: SyncedMeeting, fields: dict[str, Any], at: datetime, actor: str
) -> None:
    """Move or retitle a meeting: its milestone's fields, and its record's date and title."""
    milestone = session.get(Milestone, meeting.milestone_id)
    if milestone is not None:
        before = snapshot(milestone)
        for name, value in fields.items():
            setattr(milestone, name, value)
        _save(session, milestone, before, at=at, actor=actor)
    before = snapshot(meeting)
    meeting.title, meeting.due_date = fields["title"], fields["due_date"]
    meeting.due_time = fields["due_time"]
    _save(session, meeting, before, at=at, actor=actor)


def end_meeting(
    session: Session,
    *,
    meeting: SyncedMeeting,
    status: str,
    notice: Delivery | None,
    at: datetime,
    actor: str,
) -> None:
    """A cancelled or vanished meeting: its milestone goes (pending reminders cancelled),
    its record keeps `status`, and the coordinator's notice is queued once."""
    milestone = session.get(Milestone, meeting.milestone_id)
    if milestone is not None:
        forget_milestone(session, milestone, at=at, actor=actor)
    before = snapshot(meeting)
    meeting.status = status
    _save(session, meeting, before, at=at, actor=actor)
    if notice is not None:
        exists = session.exec(
            select(Delivery.id).where(
                Delivery.kind == notice.kind,
                Delivery.subject == notice.subject,
                Delivery.occurrence == notice.occurrence,
                Delivery.recipient == notice.recipient,
            )
        ).first()
        if exists is None:
            _save(session, notice, None, at=at, actor=actor)

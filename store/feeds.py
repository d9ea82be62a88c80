"""What a calendar feed is made of, read in one session: the milestones, the people and
partnerships they name, each milestone's revision (SEQUENCE) and when the data last
changed; and the feed tokens, kept as sha256 hashes only."""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, and_, case, func, or_
from sqlmodel import Session, col, select

from store.audit import record_change, snapshot
from store.tables import (
    AuditEntry,
    CalendarToken,
    Milestone,
    Partnership,
    Person,
    SyncedMeeting,
)

PARTNERSHIP, PERSON = "partnership", "person"
# Before any audited change (rows written without one): old enough to be always stale.
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
# The tables a feed's text is made from: a change to any of them may change a feed.
FEED_TABLES = ("milestone", "partnership", "person", "syncedmeeting")


@dataclass(frozen=True)
class Revision:
    sequence: int  # how many times the milestone was changed since it was created
    changed_at: datetime  # its latest audited change


@dataclass
class FeedContent:
    name: str
    milestones: list[Milestone]
    partnerships: dict[str, Partnership]
    people: dict[str, Person]
    revisions: dict[str, Revision] = field(default_factory=dict)
    last_modified: datetime = EPOCH
    links: dict[str, str] = field(default_factory=dict)  # milestone id -> web page


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _milestones(session: Session, *, where: ColumnElement[bool]) -> list[Milestone]:
    query = select(Milestone).where(where).order_by(col(Milestone.due_date), col(Milestone.id))
    return list(session.exec(query).all())


def partnership_feed(
    session: Session, *, partnership_id: str, with_parent: bool = False
) -> FeedContent | None:
    """The partnership's milestones (and its parent board's, when asked); None if there is
    no such partnership."""
    partnership = session.get(Partnership, partnership_id)
    if partnership is None:
        return None
    ids = [partnership.id]
    if with_parent and partnership.parent_id is not None:
        ids.append(partnership.parent_id)
    milestones = _milestones(session, where=col(Milestone.partnership_id).in_(ids))
    name = partnership.name + (" and its parent board" if len(ids) > 1 else "")
    return _content(session, name, milestones)


def person_feed(session: Session, *, person_id: str) -> FeedContent | None:
    """The milestones the person owns, in every partnership, and those without an owner in
    the partnerships they coordinate; None if there is no such person."""
    person = session.get(Person, person_id)
    if person is None:
        return None
    # As "my deadlines" counts them: owned, or left to them as a partnership's coordinator.
    coordinated = select(Partnership.id).where(Partnership.coordinator_id == person_id)
    mine = or_(
        col(Milestone.owner_id) == person_id,
        and_(col(Milestone.owner_id).is_(None), col(Milestone.partnership_id).in_(coordinated)),
    )
    return _content(session, f"{person.name}: deadlines", _milestones(session, where=mine))


def _content(session: Session, name: str, milestones: list[Milestone]) -> FeedContent:
    partnership_ids = {m.partnership_id for m in milestones}
    partnerships = session.exec(
        select(Partnership).where(col(Partnership.id).in_(partnership_ids))
    ).all()
    person_ids = {m.owner_id for m in milestones if m.owner_id}
    person_ids |= {p.coordinator_id for p in partnerships if p.coordinator_id}
    people = session.exec(select(Person).where(col(Person.id).in_(person_ids))).all()
    latest = session.exec(
        select(func.max(AuditEntry.at)).where(col(AuditEntry.entity).in_(FEED_TABLES))
    ).one()
    return FeedContent(
        name=name,
        milestones=milestones,
        partnerships={p.id: p for p in partnerships},
        people={p.id: p for p in people},
        revisions=_revisions(session, [m.id for m in milestones]),
        last_modified=latest or EPOCH,
        links=_links(session, [m.id for m in milestones]),
    )


def _revisions(session: Session, milestone_ids: Sequence[str]) -> dict[str, Revision]:
    if not milestone_ids:
        return {}
    updates = func.sum(case((col(AuditEntry.action) == "update", 1), else_=0))
    query = (
        select(AuditEntry.entity_id, updates, func.max(AuditEntry.at))
        .where(AuditEntry.entity == "milestone", col(AuditEntry.entity_id).in_(milestone_ids))
        .group_by(col(AuditEntry.entity_id))
    )
    return {ident: Revision(int(count or 0), at) for ident, count, at in session.exec(query)}


def _links(session: Session, milestone_ids: Sequence[str]) -> dict[str, str]:
    if not milestone_ids:
        return {}
    query = select(SyncedMeeting.milestone_id, SyncedMeeting.url).where(
        col(SyncedMeeting.milestone_id).in_(milestone_ids)
    )
    return dict(session.exec(query).all())


def feed_of_token(session: Session, *, token_hash: str) -> tuple[str, str] | None:
    """(feed, subject) for a live token's hash, else None."""
    row = session.get(CalendarToken, token_hash)
    return None if row is None else (row.feed, row.subject)


def _token_row(session: Session, *, feed: str, subject: str) -> CalendarToken | None:
    query = select(CalendarToken).where(
        CalendarToken.feed == feed, CalendarToken.subject == subject
    )
    return session.exec(query).first()


def _audit(
    session: Session,
    *,
    at: datetime,
    actor: str,
    feed: str,
    subject: str,
    before: CalendarToken | None,
    after: CalendarToken | None,
) -> None:
    # The hash stays out of the log: the log says when a link was issued or ended.
    def public(row: CalendarToken | None) -> dict[str, object] | None:
        return (
            None if row is None else {k: v for k, v in snapshot(row).items() if k != "token_hash"}
        )

    record_change(
        session,
        at=at,
        actor=actor,
        entity="calendartoken",
        entity_id=f"{feed}/{subject}",
        before=public(before),
        after=public(after),
    )


def issue_token(
    session: Session, *, feed: str, subject: str, token_hash: str, at: datetime, actor: str
) -> bool:
    """Store the hash of a new token for the feed, ending any earlier one; True when an
    earlier token was replaced."""
    old = _token_row(session, feed=feed, subject=subject)
    if old is not None:
        session.delete(old)
        session.flush()
    new = CalendarToken(token_hash=token_hash, feed=feed, subject=subject, created_at=at)
    session.add(new)
    session.flush()
    _audit(session, at=at, actor=actor, feed=feed, subject=subject, before=old, after=new)
    return old is not None


def revoke_token(session: Session, *, feed: str, subject: str, at: datetime, actor: str) -> bool:
    """End the feed's token; False when it had none."""
    old = _token_row(session, feed=feed, subject=subject)
    if old is None:
        return False
    session.delete(old)
    session.flush()
    _audit(session, at=at, actor=actor, feed=feed, subject=subject, before=old, after=None)
    return True

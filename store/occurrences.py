"""Milestones and the state of each occurrence: open, done, snoozed until."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from sqlalchemy import String, bindparam
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from store.raw import compiled_for
from store.readers import readers_of
from store.tables import (
    AuditEntry,
    Milestone,
    OccurrenceState,
    Partnership,
    PartnershipRole,
    Person,
)

StateKey = tuple[str, date]


def milestone_by_id(session: Session, *, milestone_id: str) -> Milestone | None:
    return session.get(Milestone, milestone_id)


def all_milestones(
    session: Session, *, partnership_ids: Sequence[str] | None = None
) -> list[Milestone]:
    query = select(Milestone).order_by(col(Milestone.partnership_id), col(Milestone.position))
    if partnership_ids is not None:
        query = query.where(col(Milestone.partnership_id).in_(partnership_ids))
    return list(session.exec(query).all())


def milestones_by_ids(session: Session, *, milestone_ids: Sequence[str]) -> dict[str, Milestone]:
    if not milestone_ids:
        return {}
    query = select(Milestone).where(col(Milestone.id).in_(milestone_ids))
    return {row.id: row for row in session.exec(query).all()}


def people_by_ids(session: Session, *, person_ids: Sequence[str]) -> dict[str, Person]:
    if not person_ids:
        return {}
    query = select(Person).where(col(Person.id).in_(person_ids))
    return {row.id: row for row in session.exec(query).all()}


def partnership_by_id(session: Session, *, partnership_id: str) -> Partnership | None:
    return session.get(Partnership, partnership_id)


def all_partnerships(session: Session) -> list[Partnership]:
    return list(session.exec(select(Partnership).order_by(col(Partnership.position))).all())


def admin_ids(session: Session, *, partnership_id: str) -> set[str]:
    query = select(PartnershipRole.person_id).where(
        PartnershipRole.partnership_id == partnership_id, PartnershipRole.role == "admin"
    )
    return set(session.exec(query).all())


# Ids per query, at most: well within SQLite's and PostgreSQL's limits on parameters.
STATES_CHUNK = 512
# The states query for each number of ids (a power of two: the ids are padded by repeating
# one), built once and compiled once per dialect (store/raw.py): deadlines answers run it
# on most messages, and SQLAlchemy's execution of an expanding IN cost several times the
# query itself.
_STATES_OF: dict[int, Any] = {}


def _states_of(size: int) -> Any:
    if size not in _STATES_OF:
        ids = [bindparam(f"id{n}", type_=String) for n in range(size)]
        statement = select(OccurrenceState.__table__).where(  # type: ignore[attr-defined]
            col(OccurrenceState.milestone_id).in_(ids)
        )
        _STATES_OF.setdefault(size, statement)  # two threads at once: both keep the first
    return _STATES_OF[size]


def occurrence_states(
    session: Session, *, milestone_ids: Sequence[str]
) -> dict[StateKey, OccurrenceState]:
    """The states of these milestones' occurrences, to read only: read on a DBAPI
    connection (_reading) and made into OccurrenceState objects outside the session, which
    costs a fraction of what the ORM's loading does."""
    found: dict[StateKey, OccurrenceState] = {}
    if not milestone_ids:
        return found
    dialect = session.get_bind().dialect
    with _reading(session) as connection:
        cursor = connection.cursor()
        try:
            for start in range(0, len(milestone_ids), STATES_CHUNK):
                chunk = list(milestone_ids[start : start + STATES_CHUNK])
                size = 1 << (len(chunk) - 1).bit_length()
                statement = compiled_for(dialect, _states_of(size))
                values = chunk + chunk[-1:] * (size - len(chunk))
                ids = {f"id{n}": value for n, value in enumerate(values)}
                cursor.execute(statement.sql, statement.parameters(ids))
                for row in cursor.fetchall():
                    state = OccurrenceState(**statement.row(row))
                    found[state.milestone_id, state.occurrence] = state
        finally:
            cursor.close()
    return found


@contextmanager
def _reading(session: Session) -> Iterator[Any]:
    """The session's own DBAPI connection when it is in a transaction (a write sees what
    it wrote), else the thread's kept SQLite connection (store/readers.py) or one from the
    pool, returned afterwards: a session that has not begun has nothing of its own to see,
    and beginning one (a connection, BEGIN, a rollback at the end) cost most deadline
    answers several times the query."""
    bind = session.get_bind()
    if session.in_transaction() or not isinstance(bind, Engine):
        yield session.connection().connection
        return
    kept = readers_of(bind)
    if kept is not None:
        yield kept.get()
        return
    connection = bind.raw_connection()
    try:
        yield connection
    finally:
        connection.close()


def all_occurrence_states(session: Session) -> dict[StateKey, OccurrenceState]:
    return {(r.milestone_id, r.occurrence): r for r in session.exec(select(OccurrenceState))}


def done_since(session: Session, *, partnership_id: str, since: datetime) -> list[OccurrenceState]:
    """Occurrences of the partnership's milestones marked done at or after `since`."""
    query = (
        select(OccurrenceState)
        .join(Milestone, col(Milestone.id) == col(OccurrenceState.milestone_id))
        .where(
            Milestone.partnership_id == partnership_id,
            OccurrenceState.status == "done",
            col(OccurrenceState.done_at) >= since,
        )
        .order_by(col(OccurrenceState.done_at))
    )
    return list(session.exec(query).all())


def _state(session: Session, *, milestone_id: str, occurrence: date) -> OccurrenceState:
    state = session.get(OccurrenceState, (milestone_id, occurrence))
    if state is None:
        state = OccurrenceState(milestone_id=milestone_id, occurrence=occurrence)
        session.add(state)
    return state


def _audit(
    session: Session,
    *,
    at: datetime,
    actor: str,
    state: OccurrenceState,
    before: dict[str, Any] | None,
) -> None:
    session.add(
        AuditEntry(
            at=at,
            actor=actor,
            action="update" if before else "create",
            entity="occurrencestate",
            entity_id=f"{state.milestone_id}/{state.occurrence.isoformat()}",
            before=before,
            after=state.model_dump(mode="json"),
        )
    )


def mark_done(
    session: Session, *, milestone_id: str, occurrence: date, person_id: str, at: datetime
) -> OccurrenceState:
    state = _state(session, milestone_id=milestone_id, occurrence=occurrence)
    before = state.model_dump(mode="json") if state.status != "open" or state.done_at else None
    state.status, state.done_at, state.done_by, state.snoozed_until = "done", at, person_id, None
    session.flush()
    _audit(session, at=at, actor=person_id, state=state, before=before)
    return state


def snooze(
    session: Session,
    *,
    milestone_id: str,
    occurrence: date,
    until: datetime,
    person_id: str,
    at: datetime,
) -> OccurrenceState:
    state = _state(session, milestone_id=milestone_id, occurrence=occurrence)
    before = state.model_dump(mode="json") if state.snoozed_until else None
    state.status, state.snoozed_until = "open", until
    session.flush()
    _audit(session, at=at, actor=person_id, state=state, before=before)
    return state

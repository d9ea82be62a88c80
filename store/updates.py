"""Progress updates on priorities: the latest ones, and posting one (with its audit entry)."""

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from store.audit import record_row_change, snapshot
from store.tables import ProgressUpdate


def latest_for_priority(session: Session, *, priority_id: str, limit: int) -> list[ProgressUpdate]:
    return list(
        session.exec(
            select(ProgressUpdate)
            .where(ProgressUpdate.priority_id == priority_id)
            .order_by(col(ProgressUpdate.posted).desc(), col(ProgressUpdate.id).desc())
            .limit(limit)
        )
    )


def latest_for_partnership(
    session: Session, *, partnership_id: str, limit: int
) -> list[ProgressUpdate]:
    return list(
        session.exec(
            select(ProgressUpdate)
            .where(ProgressUpdate.partnership_id == partnership_id)
            .order_by(col(ProgressUpdate.posted).desc(), col(ProgressUpdate.id).desc())
            .limit(limit)
        )
    )


def latest_rag(session: Session, *, priority_ids: list[str]) -> dict[str, str | None]:
    """Each priority's most recent update's RAG (priorities never updated are absent)."""
    if not priority_ids:
        return {}
    newest = (
        select(ProgressUpdate.priority_id, func.max(ProgressUpdate.posted).label("posted"))
        .where(col(ProgressUpdate.priority_id).in_(priority_ids))
        .group_by(col(ProgressUpdate.priority_id))
        .subquery()
    )
    rows = session.exec(
        select(ProgressUpdate.priority_id, ProgressUpdate.rag)
        .join(
            newest,
            (newest.c.priority_id == ProgressUpdate.priority_id)
            & (newest.c.posted == ProgressUpdate.posted),
        )
        .order_by(col(ProgressUpdate.id))
    )
    return {priority_id: rag for priority_id, rag in rows}


def latest_by_priority(
    session: Session, *, priority_ids: list[str], before: datetime | None = None
) -> dict[str, ProgressUpdate]:
    """Each priority's most recent update (posted before `before`, when given); priorities
    with none are absent."""
    if not priority_ids:
        return {}
    query = select(ProgressUpdate).where(col(ProgressUpdate.priority_id).in_(priority_ids))
    if before is not None:
        query = query.where(col(ProgressUpdate.posted) < before)
    latest: dict[str, ProgressUpdate] = {}
    for update in session.exec(
        query.order_by(col(ProgressUpdate.posted).desc(), col(ProgressUpdate.id).desc())
    ):
        latest.setdefault(update.priority_id, update)
    return latest


def add_update(
    session: Session,
    *,
    partnership_id: str,
    priority_id: str,
    author_id: str,
    posted: datetime,
    rag: str | None,
    text: str,
    source: str,
) -> ProgressUpdate:
    """Store one update and its audit entry, in the caller's transaction."""
    update = ProgressUpdate(
        partnership_id=partnership_id,
        priority_id=priority_id,
        author_id=author_id,
        posted=posted,
        rag=rag,
        text=text,
        source=source,
    )
    session.add(update)
    session.flush()
    record_row_change(
        session, update, at=posted, actor=author_id, before=None, after=snapshot(update)
    )
    return update

"""The audit log: one AuditEntry per change to a record, with who, when, and the record
before and after. Every write path (import, chat commands, the scheduler) calls
`record_change` inside its own transaction, so the entry commits or rolls back with it."""

from datetime import datetime
from typing import Any

from sqlalchemy import inspect
from sqlmodel import Session, SQLModel

from store.tables import AuditEntry


def snapshot(row: SQLModel) -> dict[str, Any]:
    """The row as JSON-ready data (dates as ISO text), for `before`/`after`."""
    return row.model_dump(mode="json")


def entity_of(row: SQLModel) -> tuple[str, str]:
    """The table name and the primary key as text (`a/b/c` for composite keys)."""
    table = type(row).__tablename__
    keys = [str(getattr(row, column.key)) for column in inspect(type(row)).primary_key]
    return str(table), "/".join(keys)


def record_change(
    session: Session,
    *,
    at: datetime,
    actor: str,
    entity: str,
    entity_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> AuditEntry | None:
    """Log a create (no `before`), a delete (no `after`) or an update; an update that
    changes nothing is not logged and returns None. `at` must be aware."""
    if at.tzinfo is None:
        raise ValueError("audit times must be aware (UTC)")
    if before == after:
        return None
    action = "create" if before is None else "delete" if after is None else "update"
    entry = AuditEntry(
        at=at,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=before,
        after=after,
    )
    session.add(entry)
    return entry


def record_row_change(
    session: Session,
    row: SQLModel,
    *,
    at: datetime,
    actor: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> AuditEntry | None:
    """`record_change` for one row, its table and key read from the row itself."""
    entity, entity_id = entity_of(row)
    return record_change(
        session, at=at, actor=actor, entity=entity, entity_id=entity_id, before=before, after=after
    )

"""Read-only lookups the conversation core needs: partnerships, priorities, milestones,
people's roles, the glossary, and the names the bot matches words against."""

from collections.abc import Sequence
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlalchemy.orm import configure_mappers
from sqlmodel import Session, col, select

from store.db import Store
from store.raw import dbapi_connection, raw_statement
from store.tables import (
    AuditEntry,
    GlossaryTerm,
    Milestone,
    Organisation,
    Partnership,
    PartnershipBody,
    PartnershipRole,
    Person,
    Plan,
    Priority,
)

# The tables the conversation core keeps in memory between imports (handlers/snapshot.py).
NAMED_TABLES = (
    "partnership",
    "priority",
    "milestone",
    "organisation",
    "glossaryterm",
    "partnershiprole",
    "partnershipbody",
    "person",
    "plan",
)


def _version_query() -> Any:
    latest = [
        select(func.max(AuditEntry.id)).where(AuditEntry.entity == table).scalar_subquery()
        for table in NAMED_TABLES
    ]
    counts = [
        select(func.count()).select_from(model).scalar_subquery()
        for model in (Partnership, Priority, GlossaryTerm, PartnershipRole)
    ]
    return sa_select(*latest, *counts)


# Built once: it runs for every message, and building a statement costs more than running it.
_VERSION = _version_query()


def data_version(store: Store) -> tuple[int, ...]:
    """Changes whenever a name index built from those tables would: each table's latest
    audited change (an index seek each; progress updates do not count), and counts that
    catch rows inserted without an audit entry. Read on the DBAPI connection
    (store/raw.py): it runs for every message."""
    statement = raw_statement(store, _VERSION)
    with dbapi_connection(store) as connection:
        cursor = connection.cursor()
        try:
            cursor.execute(statement.sql, statement.parameters({}))
            row = cursor.fetchone()
        finally:
            cursor.close()
    return tuple(value or 0 for value in row)


_NONE_SET: frozenset[str] = frozenset()
_SHAREABLE = (str, date)  # immutable, and repeated from row to row
T = TypeVar("T", Partnership, Person, Organisation, Priority, Plan, Milestone)


def records(session: Session, model: type[T], *, by: Sequence[str] = ("position",)) -> list[T]:
    """Every row of the table, in the data file's order, as instances of its class that
    no session tracks: read-only records for the snapshot (handlers/snapshot.py) without
    SQLAlchemy's state for each instance, which took two thirds of their memory (on the
    large dataset, 71,000 rows took 110 MB as ORM instances). Reading an attribute finds
    the value in the instance's dict, so they read like any other instance; they are
    never added to a session."""
    configure_mappers()  # the attributes read from the dict once the mapper is set up
    table = model.__table__  # type: ignore[attr-defined]
    rows = session.connection().execute(
        sa_select(table).order_by(*(table.c[column] for column in by))
    )
    made = []
    # Equal values as one object: the driver makes a new string or date for each row, and
    # a partnership's id, a kind or a due date repeats across tens of thousands of rows.
    shared: dict[object, object] = {}
    for row in rows.mappings():
        # Not SQLModel's __new__: it gives each instance a set of the fields set, which
        # a record never changes; they share one empty set.
        record = object.__new__(model)
        object.__setattr__(record, "__pydantic_fields_set__", _NONE_SET)
        object.__setattr__(record, "__pydantic_extra__", None)
        object.__setattr__(record, "__pydantic_private__", None)
        record.__dict__.update(
            (column, shared.setdefault(value, value) if isinstance(value, _SHAREABLE) else value)
            for column, value in row.items()
        )
        made.append(record)
    return made


def all_partnerships(session: Session) -> list[Partnership]:
    return records(session, Partnership)


def partnership(session: Session, *, partnership_id: str) -> Partnership | None:
    return session.get(Partnership, partnership_id)


def people(session: Session, *, person_ids: Sequence[str]) -> dict[str, Person]:
    if not person_ids:
        return {}
    found = session.exec(select(Person).where(col(Person.id).in_(set(person_ids))))
    return {p.id: p for p in found}


def all_roles(session: Session) -> list[tuple[str, str, str]]:
    """(person id, partnership id, role) for everyone: coordinators, admins, members and
    priority leads (role "lead")."""
    found = [
        (person_id, pid, "coordinator")
        for pid, person_id in session.exec(
            select(Partnership.id, Partnership.coordinator_id).where(
                col(Partnership.coordinator_id).is_not(None)
            )
        )
        if person_id
    ]
    found += list(
        session.exec(
            select(PartnershipRole.person_id, PartnershipRole.partnership_id, PartnershipRole.role)
        )
    )
    leads = session.exec(
        select(Priority.lead_id, Priority.partnership_id)
        .where(col(Priority.lead_id).is_not(None))
        .distinct()
    )
    found += [(person_id, pid, "lead") for person_id, pid in leads if person_id]
    return found


def all_people(session: Session) -> list[Person]:
    return records(session, Person)


def person_ids(session: Session) -> list[str]:
    return list(session.exec(select(Person.id).order_by(col(Person.position))))


def all_organisations(session: Session) -> list[Organisation]:
    return records(session, Organisation)


def all_priorities(session: Session) -> list[Priority]:
    return records(session, Priority)


def all_plans(session: Session) -> list[Plan]:
    return records(session, Plan)


def all_milestones(session: Session) -> list[Milestone]:
    return records(session, Milestone)


def all_bodies(session: Session) -> list[tuple[str, str, str]]:
    """(partnership id, organisation id, role), in the data file's order."""
    rows = session.exec(
        select(
            PartnershipBody.partnership_id, PartnershipBody.organisation_id, PartnershipBody.role
        ).order_by(col(PartnershipBody.role), col(PartnershipBody.position))
    )
    return [(pid, oid, role) for pid, oid, role in rows]


def all_glossary(session: Session) -> list[tuple[str, str]]:
    rows = session.exec(
        select(GlossaryTerm.term, GlossaryTerm.meaning).order_by(col(GlossaryTerm.position))
    )
    return [(term, meaning) for term, meaning in rows]

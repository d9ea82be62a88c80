"""Writing a checked data file into the store in one transaction, updating records in
place by id and auditing every create, update and delete.

What an import means: organisations, people and glossary terms in the file are created or
updated, never deleted (other partnerships may use them). For each partnership in the
file, the file is the whole truth: its plans, priorities, milestones, progress updates,
admins, members and bodies that the file leaves out are deleted. Progress updates have no
id in the file, so they are matched by (priority, author, posted to the second).

Progress updates and done or snoozed occurrences are made in chat, so an older file (last
month's export) would delete them by leaving them out: unless `allow_deletions` is given,
such an import is refused with DeletionsRefused listing each, and nothing is written.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, select

from store.audit import record_row_change, snapshot
from store.datafile.columns import (
    CHANNEL_COLUMNS,
    PARTNERSHIP_BODIES,
    PARTNERSHIP_ROLES,
    SPECIAL,
    column,
)
from store.datafile.errors import DataError, DataFileInvalid, DeletionsRefused
from store.datafile.schema import RULES, Record
from store.datafile.validate import (
    DEFAULT_TIMEZONE,
    Document,
    KnownIds,
    PartnershipRecords,
    check_document,
)
from store.datafile.yamlnodes import compose, decode, read_bytes
from store.db import Store, take_import_lock
from store.milestone_removal import forget_milestone
from store.tables import (
    GlossaryTerm,
    MeetingSource,
    Milestone,
    OccurrenceState,
    Organisation,
    Partnership,
    PartnershipBody,
    PartnershipRole,
    Person,
    Plan,
    Priority,
    ProgressUpdate,
    SyncedMeeting,
)

LABELS = {
    "organisation": "organisations",
    "person": "people",
    "partnership": "partnerships",
    "partnershiprole": "admins and members",
    "partnershipbody": "partnership bodies",
    "plan": "plans",
    "priority": "priorities",
    "milestone": "milestones",
    "progressupdate": "progress updates",
    "glossaryterm": "glossary terms",
    "meetingsource": "ModernGov sites",
    "syncedmeeting": "synced ModernGov meetings",
    "occurrencestate": "milestone occurrence states",
    "delivery": "pending reminders cancelled",
}


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0


@dataclass
class ImportSummary:
    """What an import did, per table (keys as in LABELS)."""

    tallies: dict[str, Tally] = field(default_factory=lambda: {k: Tally() for k in LABELS})

    def lines(self) -> list[str]:
        out = []
        for key, tally in self.tallies.items():
            in_file = tally.created + tally.updated + tally.unchanged
            if key == "delivery":
                if tally.updated:
                    out.append(f"{LABELS[key]}: {tally.updated}")
                continue
            if in_file or tally.deleted:
                parts = [
                    f"{n} {what}"
                    for n, what in (
                        (tally.created, "created"),
                        (tally.updated, "updated"),
                        (tally.unchanged, "unchanged"),
                        (tally.deleted, "deleted"),
                    )
                    if n
                ]
                out.append(f"{LABELS[key]}: {in_file} ({', '.join(parts)})")
        return out or ["the file holds no records"]


def check_text(
    data: str | bytes, *, filename: str = "<text>", known: KnownIds | None = None
) -> Document:
    """The checked document, or DataFileInvalid with every error. `known` are ids in the
    store that the file may refer to."""
    text = decode(data, filename) if isinstance(data, bytes) else data
    document, errors = check_document(compose(text, filename), known or KnownIds())
    if errors:
        raise DataFileInvalid(filename, errors)
    return document


def import_text(
    store: Store,
    data: str | bytes,
    *,
    at: datetime,
    filename: str = "<text>",
    actor: str = "import",
    allow_deletions: bool = False,
) -> ImportSummary:
    """Check the whole text, then write it in one transaction; on any error raise
    DataFileInvalid (or DeletionsRefused) and leave the store exactly as it was."""
    try:
        with store.transaction() as session:
            take_import_lock(session)
            document = check_text(data, filename=filename, known=_known_ids(session))
            writer = _Writer(session, at=at, actor=actor)
            summary = writer.write(document)
            if writer.losses and not allow_deletions:
                raise DeletionsRefused(filename, writer.losses)  # rolls the writes back
            return summary
    except IntegrityError as exc:
        # Validation should prevent this; if rows outside the file still point at a
        # record the file drops, the database refuses and we say so instead of crashing.
        refusal = f"the store refused this import (a record still in use elsewhere): {exc.orig}"
        raise DataFileInvalid(filename, [DataError(1, "", refusal)]) from None


def import_file(
    store: Store,
    path: Path | str,
    *,
    at: datetime,
    actor: str = "import",
    allow_deletions: bool = False,
) -> ImportSummary:
    path = Path(path)
    return import_text(
        store,
        read_bytes(path),
        at=at,
        filename=str(path),
        actor=actor,
        allow_deletions=allow_deletions,
    )


def _known_ids(session: Session) -> KnownIds:
    """What the file is checked against, read in the import's own transaction."""
    identities: dict[tuple[str, str, str], str] = {}
    people = session.exec(select(Person.id, Person.slack_id, Person.teams_id, Person.email))
    for person_id, *values in people:
        for key, value in zip(("slack", "teams", "email"), values, strict=True):
            if value is not None:
                identities[("person", key, value.lower())] = person_id
    channels = session.exec(
        select(Partnership.id, Partnership.slack_channel, Partnership.teams_channel)
    )
    for partnership_id, *values in channels:
        for key, value in zip(CHANNEL_COLUMNS, values, strict=True):
            if value is not None:
                identities[("partnership", key, value.lower())] = partnership_id
    return KnownIds(
        organisations=frozenset(session.exec(select(Organisation.id)).all()),
        people=frozenset(session.exec(select(Person.id)).all()),
        partnerships=frozenset(session.exec(select(Partnership.id)).all()),
        identities=identities,
    )


def _columns(kind: str, record: Record) -> dict[str, Any]:
    """The record's plain fields as table columns; absent optional fields become None."""
    values: dict[str, Any] = {}
    for key in RULES[kind]:
        if key not in SPECIAL:
            values[column(kind, key)] = record.get(key)
    if "aliases" in values and values["aliases"] is None:
        values["aliases"] = []  # a JSON column that is never null
    return values


class _Writer:
    def __init__(self, session: Session, *, at: datetime, actor: str) -> None:
        self.session = session
        self.at = at
        self.actor = actor
        self.summary = ImportSummary()
        self.losses: list[str] = []  # what chat made that this import deletes

    def write(self, document: Document) -> ImportSummary:
        for position, record in enumerate(document.organisations):
            values = _columns("organisation", record)
            values["kind"] = values["kind"] or "other"
            self._upsert(Organisation(**values, position=position))
        for position, record in enumerate(document.people):
            self._upsert(Person(**_columns("person", record), position=position))
        for position, group in _parents_first(document.partnerships):
            self._partnership(group, position)
        for group in document.partnerships:
            self._contents(group)
        for group in document.partnerships:
            self._drop_missing(group)
        for position, (term, meaning) in enumerate(document.glossary):
            self._upsert(GlossaryTerm(term=term, meaning=meaning, position=position))
        return self.summary

    def _tally(self, row: SQLModel) -> Tally:
        return self.summary.tallies[str(type(row).__tablename__)]

    def _upsert(self, row: SQLModel, existing: SQLModel | None = None) -> None:
        """Insert `row`, or copy its fields onto the stored row with the same key."""
        identity = tuple(getattr(row, c.key) for c in inspect(type(row)).primary_key)
        if existing is None and None not in identity:
            existing = self.session.get(type(row), identity)
        if existing is None:
            self.session.add(row)
            self.session.flush()
            self._audit(row, None, snapshot(row))
            self._tally(row).created += 1
            return
        before = snapshot(existing)
        # Every table's key columns are equal by now except ProgressUpdate's surrogate id.
        # Only the fields the file gave: columns it knows nothing of (recorded_on) stay.
        keep = {"id"} if identity == (None,) else set()
        for name, value in row.model_dump(exclude=keep, exclude_unset=True).items():
            setattr(existing, name, value)
        after = snapshot(existing)
        if before == after:
            self._tally(row).unchanged += 1
            return
        self.session.flush()
        self._audit(existing, before, after)
        self._tally(row).updated += 1

    def _delete(self, row: SQLModel) -> None:
        loss = _loss(row)
        if loss is not None:
            self.losses.append(loss)
        self._audit(row, snapshot(row), None)
        self.session.delete(row)
        self.session.flush()
        self._tally(row).deleted += 1

    def _audit(
        self, row: SQLModel, before: dict[str, Any] | None, after: dict[str, Any] | None
    ) -> None:
        record_row_change(
            self.session, row, at=self.at, actor=self.actor, before=before, after=after
        )

    def _partnership(self, group: PartnershipRecords, position: int) -> None:
        record = group.record
        values = _columns("partnership", record)
        channels = record.get("channels", {})
        for key, name in CHANNEL_COLUMNS.items():
            values[name] = channels.get(key)
        self._upsert(Partnership(**values, position=position))

    def _local_today(self, group: PartnershipRecords) -> date:
        zone = ZoneInfo(group.record.get("timezone") or DEFAULT_TIMEZONE)
        return self.at.astimezone(zone).date()

    def _contents(self, group: PartnershipRecords) -> None:
        partnership_id = group.record.get("id")
        for key, role in PARTNERSHIP_ROLES.items():
            for position, person in enumerate(group.record.get(key, [])):
                self._upsert(
                    PartnershipRole(
                        partnership_id=partnership_id,
                        person_id=person,
                        role=role,
                        position=position,
                    )
                )
        for key, role in PARTNERSHIP_BODIES.items():
            for position, body in enumerate(group.record.get(key, [])):
                self._upsert(
                    PartnershipBody(
                        partnership_id=partnership_id,
                        organisation_id=body,
                        role=role,
                        position=position,
                    )
                )
        for position, record in enumerate(group.plans):
            self._upsert(
                Plan(**_columns("plan", record), partnership_id=partnership_id, position=position)
            )
        for position, record in enumerate(group.priorities):
            values = _columns("priority", record)
            values["kind"] = values["kind"] or "priority"
            self._upsert(Priority(**values, partnership_id=partnership_id, position=position))
        for position, record in enumerate(group.milestones):
            due_date, due_time = record.get("due")
            milestone = Milestone(
                **_columns("milestone", record),
                due_date=due_date,
                due_time=due_time,
                partnership_id=partnership_id,
                position=position,
            )
            if self.session.get(Milestone, milestone.id) is None:
                milestone.recorded_on = self._local_today(group)
            self._upsert(milestone)
        self._updates(group)
        if group.moderngov is not None:
            self._upsert(
                MeetingSource(
                    partnership_id=partnership_id,
                    url=group.moderngov.get("url"),
                    committees=[_committee(record) for record in group.committees],
                )
            )

    def _updates(self, group: PartnershipRecords) -> None:
        partnership_id = group.record.get("id")
        stored = {
            _update_key(u): u
            for u in self.session.exec(
                select(ProgressUpdate).where(ProgressUpdate.partnership_id == partnership_id)
            )
        }
        for record in group.updates:
            row = ProgressUpdate(
                **_columns("update", record),
                partnership_id=partnership_id,
                posted=record.get("posted_utc"),
                source="import",
            )
            existing = stored.get(_update_key(row))
            if existing is not None:
                row.source = existing.source  # where it was first posted stays true
            self._upsert(row, existing)

    def _drop_missing(self, group: PartnershipRecords) -> None:
        """Delete what this partnership has in the store but the file leaves out, children
        before the records they point at."""
        pid = group.record.get("id")
        kept_updates = {
            (r.get("priority"), r.get("author"), r.get("posted_utc")) for r in group.updates
        }
        for update in self._children(ProgressUpdate, pid):
            if _update_key(update) not in kept_updates:
                self._delete(update)
        # Meetings synced from ModernGov are not the file's to list: they stay while the
        # file follows their committee, and go (with their reminders) when it stops.
        followed = {r.get("id") for r in group.committees}
        kept = {r.get("id") for r in group.milestones}
        for meeting in self._children(SyncedMeeting, pid):
            if meeting.committee_id in followed:
                kept.add(meeting.milestone_id)
            else:
                self._delete(meeting)
        for milestone in self._children(Milestone, pid):
            if milestone.id not in kept:
                self._forget_milestone(milestone)
        for table, records in ((Priority, group.priorities), (Plan, group.plans)):
            kept = {r.get("id") for r in records}
            for row in self._children(table, pid):
                if row.id not in kept:
                    self._delete(row)
        source = self.session.get(MeetingSource, pid)
        if source is not None and group.moderngov is None:
            self._delete(source)
        roles = {
            (p, role) for key, role in PARTNERSHIP_ROLES.items() for p in group.record.get(key, [])
        }
        for row in self._children(PartnershipRole, pid):
            if (row.person_id, row.role) not in roles:
                self._delete(row)
        bodies = {
            (o, role) for key, role in PARTNERSHIP_BODIES.items() for o in group.record.get(key, [])
        }
        for row in self._children(PartnershipBody, pid):
            if (row.organisation_id, row.role) not in bodies:
                self._delete(row)

    def _children(self, table: type[Any], partnership_id: str) -> Sequence[Any]:
        return self.session.exec(select(table).where(table.partnership_id == partnership_id)).all()

    def _forget_milestone(self, milestone: Milestone) -> None:
        removed = forget_milestone(self.session, milestone, at=self.at, actor=self.actor)
        self.losses.extend(loss for state in removed.states if (loss := _loss(state)))
        self.summary.tallies["occurrencestate"].deleted += len(removed.states)
        self.summary.tallies["delivery"].updated += removed.deliveries_cancelled
        self._tally(milestone).deleted += 1


def _committee(record: Record) -> dict[str, Any]:
    """A committee as stored: the file's keys in its order, an absent owner left out."""
    return {key: record.get(key) for key in RULES["committee"] if record.get(key) is not None}


def _loss(row: SQLModel) -> str | None:
    """What deleting `row` loses that no data file can give back, in words; else None."""
    if isinstance(row, ProgressUpdate):
        return (
            f"the progress update on priority {row.priority_id!r} by {row.author_id!r} "
            f"posted {row.posted:%Y-%m-%d %H:%M} UTC"
        )
    if isinstance(row, OccurrenceState) and row.status == "done":
        return f"the done mark on milestone {row.milestone_id!r} for {row.occurrence}"
    if isinstance(row, OccurrenceState) and row.snoozed_until is not None:
        return f"the snooze on milestone {row.milestone_id!r} for {row.occurrence}"
    return None


def _update_key(update: ProgressUpdate) -> tuple[str, str | None, datetime]:
    return update.priority_id, update.author_id, update.posted.replace(microsecond=0)


def _parents_first(groups: list[PartnershipRecords]) -> list[tuple[int, PartnershipRecords]]:
    """Partnerships in an order where a parent in the file is written before its
    children (the foreign key is checked row by row); positions stay as written."""
    pending = list(enumerate(groups))
    ordered: list[tuple[int, PartnershipRecords]] = []
    written: set[str] = set()
    in_file = {g.record.get("id") for g in groups}
    while pending:
        ready = [
            (i, g)
            for i, g in pending
            if g.record.get("parent") not in in_file or g.record.get("parent") in written
        ]
        if not ready:  # a loop of parents; validation refuses those, but never spin
            ready = pending
        ordered += ready
        written |= {g.record.get("id") for _, g in ready}
        pending = [p for p in pending if p not in ready]
    return ordered

"""Export: the store written back as a data file, in the spec's key order, leaving out
optional fields that are empty, so that export -> import -> export gives the same bytes."""

import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from sqlmodel import Session, col, select

from store.datafile.columns import (
    CHANNEL_COLUMNS,
    PARTNERSHIP_BODIES,
    PARTNERSHIP_ROLES,
    SPECIAL,
    column,
)
from store.datafile.schema import CHECKIN_KEYS, CHECKINS_OFF, RULES
from store.datafile.validate import DEFAULT_TIMEZONE
from store.db import Store
from store.tables import (
    GlossaryTerm,
    MeetingSource,
    Milestone,
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


class _Flow(list[Any]):
    """A short list of scalars, written inline: `aliases: [ASB, antisocial behaviour]`."""


class _FlowMap(dict[str, Any]):
    """A short mapping, written inline: `checkins: {open: 12, chase: 6}`."""


class _Off(str):
    """`checkins: off`, written plain as people write it (a plain str would be quoted)."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key, as the spec's example does.
        super().increase_indent(flow, False)


def _represent_text(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    # Several lines read best as a literal block; the emitter still quotes when it must.
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _represent_text)
_Dumper.add_representer(
    _FlowMap,
    lambda dumper, data: dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True),
)
_Dumper.add_representer(
    _Off, lambda dumper, data: dumper.represent_scalar("tag:yaml.org,2002:bool", str(data))
)
_Dumper.add_representer(
    _Flow,
    lambda dumper, data: dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True),
)


def export_text(store: Store) -> str:
    """Everything in the store as a version 1 data file."""
    with store.session() as session:
        document = _document(session)
    text = yaml.dump(
        document,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
    # A blank line before each section, as people write it; only section keys start a
    # line at the margin, since everything inside a section is indented.
    return re.sub(r"\n(?=[a-z])", "\n\n", text)


def _document(session: Session) -> dict[str, Any]:
    document: dict[str, Any] = {"version": 1}
    sections = {
        "organisations": [_fields("organisation", o) for o in _ordered(session, Organisation)],
        "people": [_fields("person", p) for p in _ordered(session, Person)],
        "partnerships": [_partnership(session, p) for p in _ordered(session, Partnership)],
    }
    document.update({key: items for key, items in sections.items() if items})
    glossary = session.exec(
        select(GlossaryTerm).order_by(col(GlossaryTerm.position), col(GlossaryTerm.term))
    ).all()
    if glossary:
        document["glossary"] = {term.term: term.meaning for term in glossary}
    return document


def _ordered(
    session: Session,
    table: type[Any],
    partnership_id: str | None = None,
) -> Sequence[Any]:
    query = select(table)
    if partnership_id is not None:
        query = query.where(table.partnership_id == partnership_id)
    return session.exec(query.order_by(table.position, table.id)).all()


def _fields(kind: str, row: Any) -> dict[str, Any]:
    """The row's plain fields under the file's keys, in the file's order, empties left out
    (except `remind: []`, which means "no reminders", not "the default")."""
    out: dict[str, Any] = {}
    for key in RULES[kind]:
        if key in SPECIAL:
            continue
        value = getattr(row, column(kind, key))
        if value is None or (value == [] and key != "remind"):
            continue
        out[key] = _Flow(value) if isinstance(value, list) else value
    return out


def _partnership(session: Session, partnership: Partnership) -> dict[str, Any]:
    pid = partnership.id
    out = _fields("partnership", partnership)
    if "checkins" in out:
        out["checkins"] = _checkins(out["checkins"])
    roles = session.exec(
        select(PartnershipRole)
        .where(PartnershipRole.partnership_id == pid)
        .order_by(col(PartnershipRole.position), col(PartnershipRole.person_id))
    ).all()
    bodies = session.exec(
        select(PartnershipBody)
        .where(PartnershipBody.partnership_id == pid)
        .order_by(col(PartnershipBody.position), col(PartnershipBody.organisation_id))
    ).all()
    lists = {
        key: [r.person_id for r in roles if r.role == role]
        for key, role in PARTNERSHIP_ROLES.items()
    }
    lists |= {
        key: [b.organisation_id for b in bodies if b.role == role]
        for key, role in PARTNERSHIP_BODIES.items()
    }
    channels = {
        key: getattr(partnership, name)
        for key, name in CHANNEL_COLUMNS.items()
        if getattr(partnership, name) is not None
    }
    zone = ZoneInfo(partnership.timezone or DEFAULT_TIMEZONE)
    nested: dict[str, Any] = {
        **{key: _Flow(ids) for key, ids in lists.items() if ids},
        "channels": channels or None,
        "moderngov": _moderngov(session.get(MeetingSource, pid)),
        "plans": [_fields("plan", p) for p in _ordered(session, Plan, pid)],
        "priorities": [_fields("priority", p) for p in _ordered(session, Priority, pid)],
        "milestones": [_milestone(m) for m in _file_milestones(session, pid)],
        "updates": [_update(u, zone) for u in _updates(session, pid)],
    }
    ordered = {key: out.get(key, nested.get(key)) for key in RULES["partnership"]}
    return {key: value for key, value in ordered.items() if value}


def _moderngov(source: MeetingSource | None) -> dict[str, Any] | None:
    if source is None:
        return None
    committees = [
        {key: c[key] for key in RULES["committee"] if key in c} for c in source.committees
    ]
    return {"url": source.url, "committees": committees} if committees else {"url": source.url}


def _file_milestones(session: Session, partnership_id: str) -> list[Milestone]:
    """The partnership's milestones from its data file: synced meetings are left out."""
    synced = set(
        session.exec(
            select(SyncedMeeting.milestone_id).where(SyncedMeeting.partnership_id == partnership_id)
        ).all()
    )
    return [m for m in _ordered(session, Milestone, partnership_id) if m.id not in synced]


def _checkins(value: dict[str, int] | str) -> _FlowMap | _Off:
    if value == CHECKINS_OFF:
        return _Off(value)
    assert isinstance(value, dict)
    return _FlowMap({key: value[key] for key in CHECKIN_KEYS if key in value})


def _milestone(milestone: Milestone) -> dict[str, Any]:
    fields = _fields("milestone", milestone)
    due: date | str = milestone.due_date
    if milestone.due_time is not None:
        due = f"{milestone.due_date.isoformat()}T{milestone.due_time}"
    return {
        key: due if key == "due" else fields[key]
        for key in RULES["milestone"]
        if key == "due" or key in fields
    }


def _updates(session: Session, partnership_id: str) -> Sequence[ProgressUpdate]:
    return session.exec(
        select(ProgressUpdate)
        .where(ProgressUpdate.partnership_id == partnership_id)
        .order_by(
            col(ProgressUpdate.posted),
            col(ProgressUpdate.priority_id),
            col(ProgressUpdate.author_id),
            col(ProgressUpdate.id),
        )
    ).all()


def _update(update: ProgressUpdate, zone: ZoneInfo) -> dict[str, Any]:
    fields = _fields("update", update)
    fields["posted"] = _local_text(update.posted, zone)
    return {key: fields[key] for key in RULES["update"] if key in fields}


def _local_text(instant: datetime, zone: ZoneInfo) -> str:
    """The wall time in the partnership's zone, seconds only when there are some."""
    local = instant.astimezone(zone)
    return local.strftime("%Y-%m-%dT%H:%M:%S" if local.second else "%Y-%m-%dT%H:%M")

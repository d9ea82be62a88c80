"""Checking a whole data file: every record by its rules, then the rules between records
(unique ids, references with a did-you-mean, RRULEs against their due dates, local times
that exist). Every problem is collected; nothing stops at the first."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule, rrulestr
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from store.datafile.errors import DataError
from store.datafile.schema import (
    MAX_ALIASES_PER_FILE,
    Problem,
    Record,
    is_null,
    line_of,
    read_record,
    suggest,
    text,
)

DEFAULT_TIMEZONE = "Europe/London"
DEFAULT_REMINDER_TIME = "09:00"
COARSE_FREQUENCIES = (YEARLY, MONTHLY, WEEKLY, DAILY)
# Parts that place occurrences within a day: a milestone happens on days, not hours.
TIME_OF_DAY_PARTS = ("BYHOUR", "BYMINUTE", "BYSECOND")
SECTIONS = ("plans", "priorities", "milestones", "updates")
SINGULAR = {
    "plans": "plan",
    "priorities": "priority",
    "milestones": "milestone",
    "updates": "update",
    "organisations": "organisation",
    "people": "person",
    "partnerships": "partnership",
    "committees": "committee",
}
# Milestone ids the ModernGov sync gives its meetings; a data file may not use them.
SYNCED_PREFIX = "moderngov-"


@dataclass(frozen=True)
class KnownIds:
    """Ids already in the store, which a file may refer to without repeating them."""

    organisations: frozenset[str] = frozenset()
    people: frozenset[str] = frozenset()
    partnerships: frozenset[str] = frozenset()
    # Chat ids, e-mail addresses and channels in the store: (kind, key, value in lower
    # case) -> the id of the person or partnership that has it.
    identities: dict[tuple[str, str, str], str] = field(default_factory=dict)


@dataclass
class PartnershipRecords:
    record: Record
    plans: list[Record] = field(default_factory=list)
    priorities: list[Record] = field(default_factory=list)
    milestones: list[Record] = field(default_factory=list)
    updates: list[Record] = field(default_factory=list)
    moderngov: Record | None = None
    committees: list[Record] = field(default_factory=list)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.record.get("timezone", DEFAULT_TIMEZONE))


@dataclass
class Document:
    """A checked file. Update records carry `posted_utc` once validated."""

    organisations: list[Record] = field(default_factory=list)
    people: list[Record] = field(default_factory=list)
    partnerships: list[PartnershipRecords] = field(default_factory=list)
    glossary: list[tuple[str, str]] = field(default_factory=list)


def check_document(root: Node | None, known: KnownIds) -> tuple[Document, list[DataError]]:
    errors: list[DataError] = []
    document = Document()
    if root is None:
        return document, [DataError(1, "", "the file is empty; it needs at least `version: 1`")]
    top = read_record(root, "document", "", errors)
    if top is None:
        return document, errors
    document.organisations = _records(top, "organisations", "organisations", errors)
    document.people = _records(top, "people", "people", errors)
    for index, node in enumerate(_items(top, "partnerships", errors)):
        group = _partnership(node, f"partnerships[{index}]", errors)
        if group is not None:
            document.partnerships.append(group)
    document.glossary = _glossary(top, errors)
    _Checker(document, known, errors).run()
    return document, errors


def _items(parent: Record, key: str, errors: list[DataError]) -> list[Node]:
    node = parent.nodes.get(key)
    if node is None or is_null(node):
        return []
    if not isinstance(node, SequenceNode):
        where = f"{parent.path}.{key}" if parent.path else key
        errors.append(
            DataError(
                line_of(node), where, f"expected a list of {key}, each item starting with '- '"
            )
        )
        return []
    return list(node.value)


def _records(parent: Record, key: str, path: str, errors: list[DataError]) -> list[Record]:
    found = []
    for index, node in enumerate(_items(parent, key, errors)):
        record = read_record(node, SINGULAR[key], f"{path}[{index}]", errors)
        if record is not None:
            found.append(record)
    return found


def _partnership(node: Node, path: str, errors: list[DataError]) -> PartnershipRecords | None:
    record = read_record(node, "partnership", path, errors)
    if record is None:
        return None
    group = PartnershipRecords(record)
    for section in SECTIONS:
        setattr(group, section, _records(record, section, f"{path}.{section}", errors))
    block = record.nodes.get("moderngov")
    if block is not None and not is_null(block):
        group.moderngov = read_record(block, "moderngov", f"{path}.moderngov", errors)
        if group.moderngov is not None:
            where = f"{path}.moderngov.committees"
            group.committees = _records(group.moderngov, "committees", where, errors)
    return group


def _glossary(top: Record, errors: list[DataError]) -> list[tuple[str, str]]:
    node = top.nodes.get("glossary")
    if node is None or is_null(node):
        return []
    if not isinstance(node, MappingNode):
        errors.append(DataError(line_of(node), "glossary", "expected a mapping of TERM: meaning"))
        return []
    terms: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode) or is_null(key_node):
            errors.append(DataError(line_of(key_node), "glossary", "a term must be plain text"))
            continue
        term = str(key_node.value)
        path = f"glossary.{term}"
        if term in seen:
            errors.append(
                DataError(
                    line_of(key_node), path, f"duplicate term {term!r} (first at line {seen[term]})"
                )
            )
            continue
        seen[term] = line_of(key_node)
        try:
            text(key_node)
            terms.append((term, text(value_node)))
        except Problem as problem:
            errors.append(DataError(line_of(problem.node), path, problem.message))
    return terms


class _Checker:
    """The rules between records."""

    def __init__(self, document: Document, known: KnownIds, errors: list[DataError]) -> None:
        self.document = document
        self.errors = errors
        self.known = known
        groups = document.partnerships
        self.organisations = self._unique("organisation", document.organisations)
        self.people = self._unique("person", document.people)
        self.partnerships = self._unique("partnership", [g.record for g in groups])
        for section in SECTIONS[:3]:
            self._unique(SINGULAR[section], [r for g in groups for r in getattr(g, section)])
        self.organisation_ids = known.organisations | set(self.organisations)
        self.person_ids = known.people | set(self.people)
        self.partnership_ids = known.partnerships | set(self.partnerships)

    def run(self) -> None:
        for person in self.document.people:
            self._refer(person, "organisation", self.organisation_ids, "organisation")
        self._distinct_values("person", self.document.people, ("slack", "teams", "email"))
        self._distinct_values(
            "partnership", [g.record for g in self.document.partnerships], ("channels",)
        )
        for group in self.document.partnerships:
            self._partnership(group)
        self._parent_cycles()
        self._alias_count()

    def _alias_count(self) -> None:
        """The names in one file are bounded, as the aliases of one record are."""
        groups = self.document.partnerships
        named = [*self.document.organisations, *(g.record for g in groups)]
        named += [p for g in groups for p in g.priorities]
        total = 0
        for record in named:
            before, total = total, total + len(record.get("aliases", []))
            if before <= MAX_ALIASES_PER_FILE < total:
                self.errors.append(
                    record.error(
                        "aliases",
                        f"the file's aliases pass {MAX_ALIASES_PER_FILE:,} here; no more "
                        "are allowed in one file",
                    )
                )

    def _unique(self, kind: str, records: list[Record]) -> dict[str, Record]:
        first: dict[str, Record] = {}
        for record in records:
            ident = record.get("id")
            if ident is None:
                continue
            if ident in first:
                self.errors.append(
                    record.error(
                        "id",
                        f"duplicate {kind} id {ident!r} (first at line "
                        f"{first[ident].line_of('id')})",
                    )
                )
            else:
                first[ident] = record
        return first

    def _distinct_values(self, kind: str, records: list[Record], keys: Iterable[str]) -> None:
        """Chat ids and addresses identify one record each, in the file and in the store,
        or lookups become ambiguous and an export could not be imported again. A record
        the file also holds gives up what it had in the store, so only others count."""
        in_file = {record.get("id") for record in records}
        for key in keys:
            seen: dict[tuple[str, str], Record] = {}
            for record in records:
                value = record.get(key)
                pairs = value.items() if isinstance(value, dict) else [(key, value)]
                for sub, item in pairs:
                    if item is None:
                        continue
                    other = seen.setdefault((sub, item.lower()), record)
                    owner = self.known.identities.get((kind, sub, item.lower()))
                    if other is not record:
                        where = ""
                        owner = other.get("id")
                    elif owner is not None and owner not in in_file:
                        where = " in the store"
                    else:
                        continue
                    self.errors.append(
                        record.error(key, f"{item!r} is already used by {kind} {owner!r}{where}")
                    )

    def _refer(
        self,
        record: Record,
        key: str,
        ids: Iterable[str],
        noun: str,
        index: int | None = None,
        value: str | None = None,
    ) -> None:
        """`noun` may carry a scope after a colon: "plan:in partnership 'x'"."""
        value = record.get(key) if value is None else value
        if value is not None and value not in ids:
            kind, _, scope = noun.partition(":")
            message = f"no {kind} {value!r}" + (f" {scope}" if scope else "")
            self.errors.append(record.error(key, message + suggest(value, ids), index))

    def _refer_all(self, record: Record, key: str, ids: Iterable[str], noun: str) -> None:
        seen: set[str] = set()
        for index, value in enumerate(record.get(key, [])):
            if value in seen:
                self.errors.append(record.error(key, f"{value!r} is listed twice", index))
            seen.add(value)
            self._refer(record, key, ids, noun, index, value)

    def _partnership(self, group: PartnershipRecords) -> None:
        record = group.record
        if record.get("parent") is not None and record.get("parent") == record.get("id"):
            self.errors.append(record.error("parent", "a partnership cannot be its own parent"))
        else:
            self._refer(record, "parent", self.partnership_ids, "partnership")
        self._refer(record, "coordinator", self.person_ids, "person")
        for key in ("admins", "members"):
            self._refer_all(record, key, self.person_ids, "person")
        for key in ("responsible_authorities", "other_bodies"):
            self._refer_all(record, key, self.organisation_ids, "organisation")
        plans = {p.get("id") for p in group.plans}
        priorities = {p.get("id") for p in group.priorities}
        where = f":in partnership {record.get('id')!r}"
        for plan in group.plans:
            self._in_order(plan, "starts", "ends")
        for priority in group.priorities:
            self._refer(priority, "plan", plans, "plan" + where)
            self._refer(priority, "lead", self.person_ids, "person")
        self._committees(group)
        for milestone in group.milestones:
            if str(milestone.get("id", "")).startswith(SYNCED_PREFIX):
                self.errors.append(
                    milestone.error(
                        "id", f"ids starting {SYNCED_PREFIX!r} are kept for synced meetings"
                    )
                )
            self._refer(milestone, "owner", self.person_ids, "person")
            self._refer(milestone, "priority", priorities, "priority" + where)
            self._milestone_dates(milestone, group)
        self._updates(group, priorities, where)

    def _committees(self, group: PartnershipRecords) -> None:
        seen: dict[int, Record] = {}
        for committee in group.committees:
            self._refer(committee, "owner", self.person_ids, "person")
            ident = committee.get("id")
            if ident in seen:
                first = seen[ident].line_of("id")
                self.errors.append(
                    committee.error(
                        "id", f"committee {ident} is listed twice (first at line {first})"
                    )
                )
            elif ident is not None:
                seen[ident] = committee

    def _in_order(self, record: Record, first: str, last: str) -> None:
        start, end = record.get(first), record.get(last)
        if start is not None and end is not None and end < start:
            self.errors.append(record.error(last, f"{end} is before {first} ({start})"))

    def _milestone_dates(self, milestone: Record, group: PartnershipRecords) -> None:
        due = milestone.get("due")
        if due is None:
            return
        zone_ok = "timezone" not in _failed(self.errors, group.record)
        if due[1] is not None and zone_ok:
            self._exists(
                milestone, "due", datetime.combine(due[0], time.fromisoformat(due[1])), group
            )
        until = milestone.get("until")
        if until is not None and until < due[0]:
            self.errors.append(milestone.error("until", f"{until} is before due ({due[0]})"))
        repeat = milestone.get("repeat")
        if repeat is not None:
            # With a bad zone (already reported) the rule's syntax can still be checked.
            bad_zone = "timezone" in _failed(self.errors, group.record)
            zone = ZoneInfo(DEFAULT_TIMEZONE) if bad_zone else group.zone
            clock = time.fromisoformat(due[1] or DEFAULT_REMINDER_TIME)
            start = datetime.combine(due[0], clock, tzinfo=zone)
            problem = rrule_problem(repeat, start)
            if problem:
                self.errors.append(milestone.error("repeat", problem))

    def _updates(self, group: PartnershipRecords, priorities: set[Any], where: str) -> None:
        seen: dict[tuple[Any, ...], Record] = {}
        zone_ok = "timezone" not in _failed(self.errors, group.record)
        for update in group.updates:
            self._refer(update, "priority", priorities, "priority" + where)
            self._refer(update, "author", self.person_ids, "person")
            posted = update.get("posted")
            if posted is None or not zone_ok:
                continue
            instant = self._exists(update, "posted", posted, group)
            if instant is None:
                continue
            update.values["posted_utc"] = instant
            key = (update.get("priority"), update.get("author"), instant)
            if key in seen:
                self.errors.append(
                    update.error(
                        "posted",
                        f"a second update for this priority by the same author at the "
                        f"same time (first at line {seen[key].line})",
                    )
                )
            seen.setdefault(key, update)

    def _exists(
        self, record: Record, key: str, local: datetime, group: PartnershipRecords
    ) -> datetime | None:
        """The UTC instant of a local time in the partnership's zone; a time the clocks
        skip is an error."""
        instant = to_utc(local, group.zone)
        if instant is None:
            self.errors.append(record.error(key, skipped_time(local, group.zone)))
        return instant

    def _parent_cycles(self) -> None:
        parents = {ident: r.get("parent") for ident, r in self.partnerships.items()}
        for ident, record in self.partnerships.items():
            seen = {ident}
            current = parents.get(ident)
            while current in parents and current not in seen:
                seen.add(current)
                current = parents[current]
            if current == ident and parents[ident] != ident:
                self.errors.append(record.error("parent", "the parent boards form a loop"))


def _failed(errors: list[DataError], record: Record) -> set[str]:
    """Keys of `record` that already have an error, so dependent checks stay quiet."""
    prefix = record.path + "."
    return {e.path[len(prefix) :] for e in errors if e.path.startswith(prefix)}


def to_utc(local: datetime, zone: ZoneInfo) -> datetime | None:
    """The aware UTC instant of a local wall time, or None for a time the clocks skip."""
    instant = local.replace(tzinfo=zone).astimezone(UTC)
    return instant if instant.astimezone(zone).replace(tzinfo=None) == local else None


def skipped_time(local: datetime, zone: ZoneInfo) -> str:
    return f"{local:%Y-%m-%dT%H:%M} does not exist in {zone.key} (the clocks go forward then)"


def rrule_problem(repeat: str, start: datetime) -> str | None:
    """Why `repeat` is not a usable RRULE for a milestone first due at `start`, or None."""
    upper = repeat.upper()
    if "\n" in repeat or "DTSTART" in upper:
        return f"not an RRULE: {repeat!r} (one rule; occurrences start from due)"
    names = {part.partition("=")[0].strip() for part in upper.removeprefix("RRULE:").split(";")}
    if {"COUNT", "UNTIL"} <= names:
        return f"not an RRULE: {repeat!r} (use COUNT or UNTIL, not both)"
    try:
        rule = rrulestr(repeat, dtstart=start)
    except Exception as exc:  # dateutil raises several types for malformed text
        if "UNTIL" in upper and "UTC" in str(exc):
            return f"UNTIL must be in UTC, ending in Z (e.g. 20301231T000000Z): {repeat!r}"
        return f"not an RRULE: {repeat!r}"
    if not isinstance(rule, rrule):
        return f"not an RRULE: {repeat!r}"
    if rule._freq not in COARSE_FREQUENCIES:
        return f"repeats more often than daily: {repeat!r} (use DAILY or coarser)"
    finer = [name for name in TIME_OF_DAY_PARTS if name in names]
    if finer:
        return (
            f"repeats within a day ({', '.join(finer)}): {repeat!r} (a milestone happens on "
            "days: use DAILY or coarser without BYHOUR, BYMINUTE or BYSECOND; a meeting's "
            "time goes in due)"
        )
    return None

"""The field rules of the data file: for each kind of record, its keys in the order an
export writes them, which are required, and how each scalar's text becomes a value.

Converters take a YAML node and return a value or raise `Problem`; they check one field
on its own. Rules that relate fields or records (references, uniqueness, RRULE against
`due`) are in validate.py.
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any
from zoneinfo import available_timezones

from rapidfuzz import fuzz, process
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from store.datafile.errors import DataError
from store.milestone_kinds import MAX_REMIND_OFFSETS, MILESTONE_KINDS

ID = re.compile(r"[a-z0-9-]+")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
SLACK_USER = re.compile(r"[UW][A-Z0-9]{2,}")
SLACK_CHANNEL = re.compile(r"[CGD][A-Z0-9]{2,}")
ENTRA_ID = re.compile(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
MAX_REMIND_DAYS = 3660  # ten years; beyond that date arithmetic can leave the calendar
# Far beyond any real partnership (the demo's longest list has a handful), and small
# enough that no file can make the name index, or a reply listing names, grow without end.
MAX_ALIASES = 50  # per organisation, partnership or priority
MAX_ALIASES_PER_FILE = 10_000
ALLOWED_CONTROLS = frozenset("\t\n\r")
NULL_TAG = "tag:yaml.org,2002:null"

ORGANISATION_KINDS = (
    "local_authority",
    "police",
    "fire",
    "probation",
    "health",
    "pcc",
    "prison",
    "education",
    "voluntary",
    "other",
)
PRIORITY_KINDS = ("priority", "cross_cutting", "risk_driver", "focus")
RAG = ("red", "amber", "green")
COMMITTEE_KINDS = ("board_meeting", "scrutiny")
# A ModernGov site: https, or plain http on the loopback address (for tests).
MODERNGOV_URL = re.compile(r"https://[A-Za-z0-9.-]+(:\d+)?(/[^\s?#]*)?|http://127\.0\.0\.1:\d+/?")


class Problem(Exception):
    """One field is wrong. `node` locates it; `suffix` extends the path into the field
    (`[2]` for a list item, `.slack` for a sub-key)."""

    def __init__(self, message: str, node: Node, suffix: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.node = node
        self.suffix = suffix


class Problems(Exception):
    """Several items of one list are wrong; each is reported."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0].message)
        self.problems = problems


Converter = Callable[[Node], Any]


def line_of(node: Node) -> int:
    return int(node.start_mark.line) + 1


def suggest(value: str, candidates: object) -> str:
    """` (did you mean 'x'?)` for the nearest candidate, or nothing."""
    choices = sorted(str(c) for c in candidates)  # type: ignore[attr-defined]
    best = process.extractOne(value, choices, scorer=fuzz.ratio, score_cutoff=60)
    return f" (did you mean {best[0]!r}?)" if best else ""


def is_null(node: Node) -> bool:
    """A plain `~`, `null` or nothing at all: the field is absent."""
    return isinstance(node, ScalarNode) and node.tag == NULL_TAG and node.style is None


def _kind_of(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return "nothing" if is_null(node) else f"{node.value!r}"


def scalar(node: Node, expected: str) -> str:
    if not isinstance(node, ScalarNode) or is_null(node):
        raise Problem(f"expected {expected}, got {_kind_of(node)}", node)
    return str(node.value)


def text(node: Node) -> str:
    value = scalar(node, "text")
    for char in value:
        if unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp") and char not in ALLOWED_CONTROLS:
            raise Problem(f"contains the control character {char!r}", node)
    if not value.strip():
        raise Problem("must not be empty", node)
    return value


def identifier(node: Node) -> str:
    value = scalar(node, "an id")
    if not ID.fullmatch(value):
        raise Problem(f"not an id: {value!r} (use lowercase letters, digits and '-')", node)
    return value


def list_of(item: Converter, *, at_most: int | None = None) -> Converter:
    def convert(node: Node) -> list[Any]:
        if isinstance(node, ScalarNode) and not is_null(node):
            raise Problem(f"expected a list such as [a, b], got {node.value!r}", node)
        if not isinstance(node, SequenceNode):
            raise Problem(f"expected a list, got {_kind_of(node)}", node)
        if at_most is not None and len(node.value) > at_most:
            raise Problem(f"{len(node.value)} items; at most {at_most} are allowed", node)
        values, problems = [], []
        for index, child in enumerate(node.value):
            try:
                values.append(item(child))
            except Problem as problem:
                problems.append(Problem(problem.message, problem.node, f"[{index}]"))
        if problems:
            raise Problems(problems)
        return values

    return convert


def one_of(choices: tuple[str, ...]) -> Converter:
    def convert(node: Node) -> str:
        value = scalar(node, "one of " + ", ".join(choices))
        if value not in choices:
            raise Problem(
                f"{value!r} is not one of {', '.join(choices)}" + suggest(value, choices), node
            )
        return value

    return convert


def matching(pattern: re.Pattern[str], what: str) -> Converter:
    def convert(node: Node) -> str:
        value = scalar(node, what)
        if not pattern.fullmatch(value):
            raise Problem(f"not {what}: {value!r}", node)
        return value

    return convert


def calendar_date(node: Node) -> date:
    value = scalar(node, "a date YYYY-MM-DD")
    try:
        if DATE.fullmatch(value):
            return date.fromisoformat(value)
    except ValueError:
        raise Problem(f"no such date: {value!r}", node) from None
    raise Problem(f"not a date YYYY-MM-DD: {value!r}", node)


def _time_text(value: str) -> str | None:
    """`HH:MM` or `HH:MM:SS` normalised to two-digit hours, or None if not a time."""
    match = TIME.fullmatch(value)
    if not match:
        return None
    hour, minute, second = int(match[1]), int(match[2]), match[3]
    if hour > 23 or minute > 59 or (second is not None and int(second) > 59):
        return None
    return f"{hour:02d}:{minute:02d}" + (f":{second}" if second is not None else "")


def clock_time(node: Node) -> str:
    value = scalar(node, "a time HH:MM")
    normal = _time_text(value)
    if normal is None or normal.count(":") != 1:
        raise Problem(f"not a time HH:MM: {value!r}", node)
    return normal


def due(node: Node) -> tuple[date, str | None]:
    """A date, or a date-time for meetings: the date and the local time as written."""
    value = scalar(node, "a date YYYY-MM-DD or date-time YYYY-MM-DDTHH:MM")
    day, separator, clock = value.partition("T")
    try:
        if DATE.fullmatch(day):
            when = date.fromisoformat(day)
            if not separator:
                return when, None
            normal = _time_text(clock)
            if normal is not None:
                return when, normal
    except ValueError:
        raise Problem(f"no such date: {value!r}", node) from None
    raise Problem(f"not a date YYYY-MM-DD or date-time YYYY-MM-DDTHH:MM: {value!r}", node)


def local_datetime(node: Node) -> datetime:
    """A naive local date-time; validate.py places it in the partnership's zone."""
    when, clock = due(node)
    if clock is None:
        raise Problem(f"not a date-time YYYY-MM-DDTHH:MM: {node.value!r}", node)
    return datetime.fromisoformat(f"{when.isoformat()}T{clock}")


# Files in the zone directory that zoneinfo reads but that are not IANA zones: the
# machine's own setting, a POSIX default, and a placeholder for "unknown".
NOT_IANA_ZONES = frozenset({"localtime", "posixrules", "Factory"})


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones()) - NOT_IANA_ZONES


def timezone(node: Node) -> str:
    value = scalar(node, "an IANA time zone such as Europe/London")
    if value not in _zones():
        raise Problem(f"not an IANA time zone: {value!r}" + suggest(value, _zones()), node)
    return value


def days(node: Node) -> int:
    value = scalar(node, "a number of days")
    if not value.isascii() or not value.isdigit():
        raise Problem(f"expected a whole number of days (0 or more), got {value!r}", node)
    if int(value) > MAX_REMIND_DAYS:
        raise Problem(f"{value} days is more than {MAX_REMIND_DAYS}", node)
    return int(value)


def rrule_text(node: Node) -> str:
    """The text only; validate.py parses it against `due`."""
    return text(node)


def moderngov_url(node: Node) -> str:
    value = scalar(node, "the site's address, https://...")
    if not MODERNGOV_URL.fullmatch(value):
        raise Problem(
            f"not a ModernGov site address: {value!r} (use https://host, or "
            "http://127.0.0.1:PORT for a test server)",
            node,
        )
    return value


def committee_id(node: Node) -> int:
    value = scalar(node, "a committee id (a number)")
    if not value.isascii() or not value.isdigit() or int(value) == 0:
        raise Problem(f"not a ModernGov committee id: {value!r} (a number, as in CId=123)", node)
    return int(value)


def version(node: Node) -> int:
    value = scalar(node, "1")
    if value != "1":
        raise Problem(f"this is version {value!r}; cspbot reads version 1", node)
    return 1


def channels(node: Node) -> dict[str, str]:
    if not isinstance(node, MappingNode):
        raise Problem(f"expected a mapping with slack and/or teams, got {_kind_of(node)}", node)
    found: dict[str, str] = {}
    checks = {
        "slack": matching(SLACK_CHANNEL, "a Slack channel id such as C04ABCDEF"),
        "teams": text,
    }
    for key_node, value_node in node.value:
        key = scalar(key_node, "slack or teams")
        if key not in checks:
            raise Problem(
                f"unknown key {key!r} (expected slack or teams)" + suggest(key, checks),
                key_node,
                f".{key}",
            )
        if key in found:
            raise Problem(f"duplicate key {key!r}", key_node, f".{key}")
        if not is_null(value_node):
            try:
                found[key] = checks[key](value_node)
            except Problem as problem:
                raise Problem(problem.message, problem.node, f".{key}") from None
    return found


CHECKIN_KEYS = ("open", "chase", "close")
CHECKIN_DEFAULTS = {"open": 10, "chase": 5, "close": 3}
CHECKINS_OFF = "off"
MAX_CHECKIN_DAYS = 60  # working days: about three months before a meeting


def _working_days(node: Node) -> int:
    value = scalar(node, "a number of working days")
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= MAX_CHECKIN_DAYS:
        raise Problem(f"expected a whole number of working days, 1 to {MAX_CHECKIN_DAYS}", node)
    return int(value)


def checkins(node: Node) -> dict[str, int] | str:
    """`off`, or working days before each board and scrutiny meeting: `{open: 10, chase: 5,
    close: 3}` (any key left out takes its default). Kept as written, for the export."""
    if isinstance(node, ScalarNode) and not is_null(node):
        if node.value != CHECKINS_OFF:
            raise Problem(
                "expected off or a mapping such as {open: 10, chase: 5, close: 3}, "
                f"got {node.value!r}",
                node,
            )
        return CHECKINS_OFF
    if not isinstance(node, MappingNode):
        raise Problem(
            f"expected off or a mapping of open, chase and close, got {_kind_of(node)}", node
        )
    found: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = scalar(key_node, "open, chase or close")
        if key not in CHECKIN_KEYS:
            raise Problem(
                f"unknown key {key!r} (expected open, chase or close)" + suggest(key, CHECKIN_KEYS),
                key_node,
                f".{key}",
            )
        if key in found:
            raise Problem(f"duplicate key {key!r}", key_node, f".{key}")
        try:
            found[key] = _working_days(value_node)
        except Problem as problem:
            raise Problem(problem.message, problem.node, f".{key}") from None
    days = CHECKIN_DEFAULTS | found
    if not days["open"] > days["chase"] > days["close"]:
        raise Problem(
            "the round must open before the chase and chase before it closes: "
            f"open ({days['open']}) > chase ({days['chase']}) > close ({days['close']}) "
            "working days before the meeting",
            node,
        )
    return found


@dataclass(frozen=True)
class Rule:
    convert: Converter | None  # None: a nested section that validate.py reads
    required: bool = False


RULES: dict[str, dict[str, Rule]] = {
    "document": {
        "version": Rule(version, required=True),
        "organisations": Rule(None),
        "people": Rule(None),
        "partnerships": Rule(None),
        "glossary": Rule(None),
    },
    "organisation": {
        "id": Rule(identifier, required=True),
        "name": Rule(text, required=True),
        "aliases": Rule(list_of(text, at_most=MAX_ALIASES)),
        "kind": Rule(one_of(ORGANISATION_KINDS)),
    },
    "person": {
        "id": Rule(identifier, required=True),
        "name": Rule(text, required=True),
        "role": Rule(text),
        "organisation": Rule(identifier),
        "slack": Rule(matching(SLACK_USER, "a Slack user id such as U04ABCDEF")),
        "teams": Rule(matching(ENTRA_ID, "a Microsoft Entra object id (a GUID)")),
        "email": Rule(matching(EMAIL, "an email address")),
    },
    "partnership": {
        "id": Rule(identifier, required=True),
        "name": Rule(text, required=True),
        "aliases": Rule(list_of(text, at_most=MAX_ALIASES)),
        "area": Rule(text),
        "parent": Rule(identifier),
        "timezone": Rule(timezone),
        "reminder_time": Rule(clock_time),
        "coordinator": Rule(identifier),
        "admins": Rule(list_of(identifier)),
        "members": Rule(list_of(identifier)),
        "responsible_authorities": Rule(list_of(identifier)),
        "other_bodies": Rule(list_of(identifier)),
        "channels": Rule(channels),
        "checkins": Rule(checkins),
        "moderngov": Rule(None),
        "plans": Rule(None),
        "priorities": Rule(None),
        "milestones": Rule(None),
        "updates": Rule(None),
    },
    "moderngov": {
        "url": Rule(moderngov_url, required=True),
        "committees": Rule(None),
    },
    "committee": {
        "id": Rule(committee_id, required=True),
        "kind": Rule(one_of(COMMITTEE_KINDS), required=True),
        "title": Rule(text, required=True),
        "owner": Rule(identifier),
    },
    "plan": {
        "id": Rule(identifier, required=True),
        "title": Rule(text, required=True),
        "starts": Rule(calendar_date),
        "ends": Rule(calendar_date),
        "approved": Rule(calendar_date),
        "approved_by": Rule(text),
        "adopted": Rule(calendar_date),
        "based_on": Rule(text),
    },
    "priority": {
        "id": Rule(identifier, required=True),
        "name": Rule(text, required=True),
        "aliases": Rule(list_of(text, at_most=MAX_ALIASES)),
        "kind": Rule(one_of(PRIORITY_KINDS)),
        "plan": Rule(identifier),
        "lead": Rule(identifier),
        "lead_body": Rule(text),
        "description": Rule(text),
    },
    "milestone": {
        "id": Rule(identifier, required=True),
        "title": Rule(text, required=True),
        "kind": Rule(one_of(MILESTONE_KINDS), required=True),
        "due": Rule(due, required=True),
        "repeat": Rule(rrule_text),
        "until": Rule(calendar_date),
        "owner": Rule(identifier),
        "priority": Rule(identifier),
        "remind": Rule(list_of(days, at_most=MAX_REMIND_OFFSETS)),
        "basis": Rule(text),
        "notes": Rule(text),
    },
    "update": {
        "priority": Rule(identifier, required=True),
        "author": Rule(identifier),
        "posted": Rule(local_datetime, required=True),
        "rag": Rule(one_of(RAG)),
        "text": Rule(text, required=True),
    },
}


NOUNS = {"document": "the file", "moderngov": "the moderngov block"}


@dataclass
class Record:
    """One mapping of the file, converted field by field. `nodes` keeps each key's value
    node so later checks can point at the line of a field or of a list item."""

    kind: str
    path: str
    line: int
    values: dict[str, Any] = field(default_factory=dict)
    nodes: dict[str, Node] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def line_of(self, key: str, index: int | None = None) -> int:
        node = self.nodes.get(key)
        if node is None:
            return self.line
        if index is not None and isinstance(node, SequenceNode) and index < len(node.value):
            return line_of(node.value[index])
        return line_of(node)

    def error(self, key: str, message: str, index: int | None = None) -> DataError:
        suffix = f"[{index}]" if index is not None else ""
        return DataError(self.line_of(key, index), f"{self.path}.{key}{suffix}", message)


def read_record(node: Node, kind: str, path: str, errors: list[DataError]) -> Record | None:
    """Convert one mapping by the rules of `kind`, adding every problem to `errors`."""
    noun = NOUNS.get(kind) or f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"
    if not isinstance(node, MappingNode):
        errors.append(
            DataError(
                line_of(node),
                path,
                f"expected {noun} as a mapping of key: value, got {_kind_of(node)}",
            )
        )
        return None
    rules = RULES[kind]
    record = Record(kind, path, line_of(node))
    prefix = f"{path}." if path else ""
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode):
            errors.append(DataError(line_of(key_node), path, "a key must be plain text"))
            continue
        key = str(key_node.value)
        if key in record.nodes:
            errors.append(
                DataError(
                    line_of(key_node),
                    prefix + key,
                    f"duplicate key {key!r} (first at line {record.line_of(key)})",
                )
            )
            continue
        record.nodes[key] = value_node
        rule = rules.get(key)
        if rule is None:
            errors.append(
                DataError(
                    line_of(key_node),
                    prefix + key,
                    f"unknown key {key!r} in {noun}" + suggest(key, rules),
                )
            )
        elif rule.convert is not None and not is_null(value_node):
            try:
                record.values[key] = rule.convert(value_node)
            except Problem as problem:
                errors.append(_located(problem, prefix + key))
            except Problems as problems:
                errors.extend(_located(problem, prefix + key) for problem in problems.problems)
    for key, rule in rules.items():
        if rule.required and (key not in record.nodes or is_null(record.nodes[key])):
            errors.append(DataError(record.line, prefix + key, f"missing: {noun} needs {key}"))
    return record


def _located(problem: Problem, path: str) -> DataError:
    return DataError(line_of(problem.node), path + problem.suffix, problem.message)

"""Bad data files made from the demo's export, a few hundred of them, by kind of damage:
wrong types, unknown keys, bad ids and references, bad dates, zones and RRULEs,
duplicate chat identities, huge alias lists, control characters, truncation and binary.

Every case is made the same way on every run (a fixed seed), so a failure names a case
that can be made again with `cases(base)`.
"""

import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import yaml

Record = dict[str, Any]
SEED = 14


@dataclass(frozen=True)
class Case:
    name: str
    data: str | bytes
    expect: str = "refused"  # refused | accepted | either (a cut that may leave a good file)


class _Dumper(yaml.CSafeDumper):
    """Every value written out in full: the importer refuses YAML aliases. (libyaml's
    dumper: the pure-Python one took most of the probe's time.)"""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(document: Record) -> str:
    return yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True)


def records(document: Record) -> Iterator[tuple[str, Record]]:
    """(kind, record) for every record of the document, nested ones included."""
    for kind, key in (("organisation", "organisations"), ("person", "people")):
        for record in document.get(key, []):
            yield kind, record
    for partnership in document.get("partnerships", []):
        yield "partnership", partnership
        for kind, key in (
            ("plan", "plans"),
            ("priority", "priorities"),
            ("milestone", "milestones"),
            ("update", "updates"),
        ):
            for record in partnership.get(key, []):
                yield kind, record


REFERENCES = {
    "person": ["organisation"],
    "partnership": ["parent", "coordinator"],
    "priority": ["plan", "lead"],
    "milestone": ["owner", "priority"],
    "update": ["priority", "author"],
}
BAD_IDS = ["Upper", "under_score", "sp ace", "é", "a/b", "id!"]
BAD_DATES = ["2027-02-30", "31/03/2027", "2027-3-1", "2027-13-01", "tomorrow", "20270331"]
BAD_DATE_TIMES = ["2027-03-28T01:30", "2027-03-31T25:00", "2027-03-31 10:00", "2027-03-31T9"]
BAD_ZONES = ["localtime", "Europe/Londn", "UTC+1", "posixrules", "Factory", "GMT Standard Time"]
BAD_RULES = [
    "FREQ=DAILY;BYHOUR=1,2,3",
    "FREQ=DAILY;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12;BYMINUTE=0,15,30,45",
    "FREQ=HOURLY",
    "FREQ=MINUTELY",
    "FREQ=SECONDLY;INTERVAL=3600",
    "FREQ=YEARLY;BYSECOND=5",
    "FREQ=WEEKLY;BYMINUTE=0",
    "yearly",
    "FREQ=YEARLY;COUNT=2;UNTIL=20300101T000000Z",
    "DTSTART:20260101T000000\nRRULE:FREQ=DAILY",
    "FREQ=YEARLY;UNTIL=20301231",
    "FREQ=FORTNIGHTLY",
]
BAD_REMINDS: list[Any] = [[-1], [9999], list(range(21)), ["a"], "7", [1.5]]
CONTROLS = ["\x00", "\x1b[31m", "\x07", "\u2028", "\x7f", "\x08"]
UNKNOWN_KEYS = ["colour", "nmae", "Id", "extra", "due_date", "lead_person", "Name"]


class _Maker:
    def __init__(self, base: str) -> None:
        self.base = base
        self.document: Record = yaml.load(base, Loader=yaml.CSafeLoader)
        self.copyable = json.dumps(self.document, default=str)
        self.random = random.Random(SEED)
        self.cases: list[Case] = []

    def parsed(self) -> Record:
        """A fresh copy of the base document, through JSON: many times quicker than
        deepcopy or parsing again (dates become their ISO text, which reads the same)."""
        document: Record = json.loads(self.copyable)
        return document

    def edit(self, name: str, change: Callable[[Record], None]) -> None:
        document = self.parsed()
        change(document)
        self.cases.append(Case(name, dump(document)))

    def pick(self, document: Record, kinds: tuple[str, ...]) -> tuple[str, Record]:
        return self.random.choice([(k, r) for k, r in records(document) if k in kinds])

    def per_record(self, name: str, count: int, kinds: tuple[str, ...], change: Any) -> None:
        for n in range(count):

            def apply(document: Record) -> None:
                change(*self.pick(document, kinds))

            self.edit(f"{name}-{n}", apply)

    def text_damage(self) -> None:
        lines = self.base.splitlines(keepends=True)
        for n in range(8):
            cut = self.random.randrange(len(self.base) // 10, len(self.base))
            self.cases.append(Case(f"truncated-{n}", self.base[:cut], expect="either"))
        raw = self.base.encode("utf-8")
        for n in range(6):
            at = self.random.randrange(len(raw))
            noise = bytes(self.random.randrange(256) for _ in range(6))
            self.cases.append(Case(f"binary-noise-{n}", raw[:at] + noise + raw[at:]))
        self.cases += [
            Case("binary-nul", raw[:100] + b"\x00" + raw[100:]),
            Case("binary-invalid-utf8", raw[:200] + b"\xff\xfe\xfd" + raw[200:]),
            Case("binary-utf16", self.base.encode("utf-16")),
            Case("binary-png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + raw[:50]),
            Case("binary-gzip", b"\x1f\x8b\x08\x00" + raw[:50]),
            Case("raw-control-character", self.base.replace("version: 1", "version: 1\x1b", 1)),
            Case("yaml-alias", self.base.replace("version: 1", "x: &a 1\ny: *a\nversion: 1", 1)),
            Case("two-documents", self.base + "---\nversion: 1\n"),
            Case("tab-indent", "".join(line.replace("  ", "\t", 1) for line in lines[:40])),
            Case("empty", ""),
            Case("only-comment", "# nothing here\n"),
        ]

    def same_data_other_layout(self) -> None:
        """Files that say what the export says, written differently: accepted."""
        self.cases += [
            Case("layout-rewritten", dump(self.document), expect="accepted"),
            Case("layout-comments", f"# a comment\n{self.base}# the end\n", expect="accepted"),
            Case("layout-bom", "\ufeff" + self.base, expect="accepted"),
        ]


def cases(base: str) -> list[Case]:
    """The probe's cases for `base`, a data file as `cspbot export` writes it."""
    make = _Maker(base)
    all_kinds = ("organisation", "person", "partnership", "plan", "priority", "milestone")

    def wrong_type(kind: str, record: Record) -> None:
        key = make.random.choice(sorted(record))
        record[key] = make.random.choice([{"a": "mapping"}, {"nested": ["x"]}])

    def unknown_key(kind: str, record: Record) -> None:
        record[make.random.choice(UNKNOWN_KEYS)] = "x"

    def bad_id(kind: str, record: Record) -> None:
        record["id"] = make.random.choice(BAD_IDS)

    def missing_required(kind: str, record: Record) -> None:
        required = {"organisation": "name", "person": "name", "partnership": "name",
                    "plan": "title", "priority": "name", "milestone": "due"}  # fmt: skip
        del record[required[kind]]

    def bad_reference(kind: str, record: Record) -> None:
        record[make.random.choice(REFERENCES[kind])] = "no-such-thing"

    def bad_date(kind: str, record: Record) -> None:
        if kind == "milestone":
            record["due"] = make.random.choice(BAD_DATES + BAD_DATE_TIMES)
        elif kind == "plan":
            record["starts"] = make.random.choice(BAD_DATES)
        else:
            record["posted"] = make.random.choice(BAD_DATE_TIMES[1:] + BAD_DATES)

    def bad_zone(kind: str, record: Record) -> None:
        record["timezone"] = make.random.choice(BAD_ZONES)

    def bad_rule(kind: str, record: Record) -> None:
        record["repeat"] = make.random.choice(BAD_RULES)

    def bad_remind(kind: str, record: Record) -> None:
        record["remind"] = make.random.choice(BAD_REMINDS)

    def control_character(kind: str, record: Record) -> None:
        key = "title" if kind in ("plan", "milestone") else "name"
        record[key] = f"{record[key]}{make.random.choice(CONTROLS)}"

    def too_many_aliases(kind: str, record: Record) -> None:
        record["aliases"] = [f"another name {n}" for n in range(51 + make.random.randrange(500))]

    make.per_record("wrong-type", 60, all_kinds, wrong_type)
    make.per_record("unknown-key", 50, all_kinds, unknown_key)
    make.per_record("bad-id", 25, all_kinds, bad_id)
    make.per_record("missing-required", 15, all_kinds, missing_required)
    make.per_record("bad-reference", 30, tuple(REFERENCES), bad_reference)
    make.per_record("bad-date", 25, ("milestone", "plan", "update"), bad_date)
    make.per_record("bad-zone", 8, ("partnership",), bad_zone)
    make.per_record("bad-rrule", 20, ("milestone",), bad_rule)
    make.per_record("bad-remind", 8, ("milestone",), bad_remind)
    make.per_record("control-character", 15, all_kinds, control_character)
    make.per_record("too-many-aliases", 5, ("organisation", "partnership", "priority"),
                    too_many_aliases)  # fmt: skip
    _identities(make)
    _aliases_per_file(make)
    make.text_damage()
    make.same_data_other_layout()
    return make.cases


def _identities(make: _Maker) -> None:
    """A chat id, Entra id or e-mail (in any case) or channel used by two records."""
    for n, (key, first, second) in enumerate(
        [
            ("slack", "U0DUPLICATE", "U0DUPLICATE"),
            (
                "teams",
                "8f2c1a9e-1b2c-4d5e-9f00-123456789abc",
                "8F2C1A9E-1B2C-4D5E-9F00-123456789ABC",
            ),
            ("email", "same@example.gov.uk", "Same@Example.GOV.uk"),
        ]
        * 3
    ):

        def apply(
            document: Record, key: str = key, first: str = first, second: str = second
        ) -> None:
            one, other = make.random.sample(document["people"], 2)
            one[key], other[key] = first, second

        make.edit(f"duplicate-{key}-{n}", apply)

    def channel(document: Record) -> None:
        one, other = document["partnerships"][:2]
        one["channels"] = {"slack": "C0SAMECHANNEL"}
        other["channels"] = {"slack": "C0SAMECHANNEL"}

    make.edit("duplicate-channel", channel)


def _aliases_per_file(make: _Maker) -> None:
    def apply(document: Record) -> None:
        document["organisations"] += [
            {"id": f"extra-{n}", "name": f"Extra {n}", "aliases": [f"x{n} {m}" for m in range(50)]}
            for n in range(201)
        ]

    make.edit("aliases-per-file", apply)

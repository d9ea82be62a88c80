"""Property tests: generated valid data files survive export -> import -> export byte for
byte, and corrupted files are refused without changing the store."""

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from store.datafile import DataFileInvalid, export_text, import_text
from store.db import Store
from tests.store.datafile_support import AT, empty_stores, store_contents

ZONES = ["Europe/London", "UTC", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"]
TEXT = st.text(
    st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"]), min_size=1, max_size=16
).filter(str.strip)
PROSE = st.lists(TEXT, min_size=1, max_size=3).map("\n".join)
IDS = st.from_regex(r"[a-z0-9][a-z0-9-]{0,10}", fullmatch=True)
DATES = st.dates(date(2000, 1, 1), date(2040, 12, 31))
CLOCK = st.times().map(lambda t: f"{t.hour:02d}:{t.minute:02d}")
RULES = st.sampled_from(["FREQ=YEARLY", "FREQ=MONTHLY;INTERVAL=3", "FREQ=WEEKLY;BYDAY=MO",
                         "FREQ=YEARLY;UNTIL=20451231T000000Z"])  # fmt: skip
DATE_TIMES = st.tuples(DATES, CLOCK).map(lambda d: f"{d[0].isoformat()}T{d[1]}")
INSTANTS = st.datetimes(datetime(2020, 1, 1), datetime(2035, 1, 1)).map(
    lambda d: d.replace(microsecond=0, tzinfo=UTC)
)


class Fields:
    """Builds one record: required fields always, optional ones when hypothesis says."""

    def __init__(self, draw: Callable[..., Any]) -> None:
        self.draw = draw

    def record(self, required: dict[str, Any], **optional: st.SearchStrategy[Any]) -> dict:
        out = dict(required)
        for key, strategy in optional.items():
            if self.draw(st.booleans()):
                out[key] = self.draw(strategy)
        return out


@st.composite
def documents(draw: Callable[..., Any]) -> dict[str, Any]:
    f = Fields(draw)
    org_ids = draw(st.lists(IDS, max_size=4, unique=True))
    person_ids = draw(st.lists(IDS, max_size=5, unique=True))
    orgs = [
        f.record({"id": i, "name": draw(TEXT)}, aliases=st.lists(TEXT, max_size=3),
                 kind=st.sampled_from(["police", "fire", "health", "other"]))
        for i in org_ids
    ]  # fmt: skip
    people = [
        f.record({"id": p, "name": draw(TEXT)}, role=TEXT,
                 organisation=st.sampled_from(org_ids) if org_ids else st.nothing(),
                 slack=st.just(f"U{p.encode().hex().upper()}"),
                 email=st.just(f"{p}@example.gov.uk"))
        for p in person_ids
    ]  # fmt: skip
    if not org_ids:
        for person in people:
            person.pop("organisation", None)
    partnership_ids = draw(st.lists(IDS, max_size=3, unique=True))
    partnerships = [
        partnership(f, draw, n, pid, partnership_ids[:n], person_ids, org_ids)
        for n, pid in enumerate(partnership_ids)
    ]
    document: dict[str, Any] = {"version": 1}
    for key, items in (("organisations", orgs), ("people", people),
                       ("partnerships", partnerships)):  # fmt: skip
        if items or draw(st.booleans()):
            document[key] = items
    glossary = draw(st.dictionaries(TEXT, TEXT, max_size=4))
    if glossary:
        document["glossary"] = glossary
    return document


def partnership(
    f: Fields, draw: Callable[..., Any], n: int, pid: str, earlier: list[str],
    people: list[str], orgs: list[str],
) -> dict[str, Any]:  # fmt: skip
    some_people = st.lists(st.sampled_from(people), unique=True) if people else st.just([])
    some_orgs = st.lists(st.sampled_from(orgs), unique=True) if orgs else st.just([])
    someone = st.sampled_from(people) if people else st.nothing()
    zone = draw(st.sampled_from(ZONES))
    record = f.record(
        {"id": pid, "name": draw(TEXT), "timezone": zone},
        aliases=st.lists(TEXT, max_size=3), area=TEXT, reminder_time=CLOCK,
        parent=st.sampled_from(earlier) if earlier else st.nothing(),
        coordinator=someone, admins=some_people, members=some_people,
        responsible_authorities=some_orgs, other_bodies=some_orgs,
        # Unique per partnership across the file and the store, as validation requires:
        # a person's chat ids and a channel belong to one record, so they follow its id.
        channels=st.fixed_dictionaries({}, optional={
            "slack": st.just(f"C{pid.encode().hex().upper()}"),
            "teams": st.just(f"19:{pid}@thread")}),
    )  # fmt: skip
    plans = [
        f.record({"id": f"{pid}-plan{i}", "title": draw(TEXT)}, starts=DATES, approved=DATES,
                 approved_by=TEXT, based_on=TEXT)
        for i in range(draw(st.integers(0, 2)))
    ]  # fmt: skip
    plan_ids = [p["id"] for p in plans]
    priorities = [
        f.record({"id": f"{pid}-pri{i}", "name": draw(TEXT)},
                 aliases=st.lists(TEXT, max_size=2), kind=st.sampled_from(["priority", "focus"]),
                 plan=st.sampled_from(plan_ids) if plan_ids else st.nothing(),
                 lead=someone, lead_body=TEXT, description=PROSE)
        for i in range(draw(st.integers(0, 3)))
    ]  # fmt: skip
    priority_ids = [p["id"] for p in priorities]
    milestones = [
        f.record({"id": f"{pid}-m{i}", "title": draw(TEXT),
                  "kind": draw(st.sampled_from(["scrutiny", "board_meeting", "other"])),
                  "due": draw(st.one_of(DATES, DATE_TIMES))},
                 repeat=RULES, owner=someone, remind=st.lists(st.integers(0, 400), max_size=4),
                 priority=st.sampled_from(priority_ids) if priority_ids else st.nothing(),
                 basis=TEXT, notes=PROSE)
        for i in range(draw(st.integers(0, 3)))
    ]  # fmt: skip
    record.update({key: value for key, value in (("plans", plans), ("priorities", priorities),
                   ("milestones", milestones)) if value})  # fmt: skip
    if priority_ids:
        record["updates"] = [
            f.record({"priority": draw(st.sampled_from(priority_ids)),
                      "posted": local_text(instant, zone), "text": draw(PROSE)},
                     author=someone, rag=st.sampled_from(["red", "amber", "green"]))
            for instant in draw(st.lists(INSTANTS, max_size=3, unique=True))
        ]  # fmt: skip
    return record


def local_text(instant: datetime, zone: str) -> str:
    return instant.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M:%S")


class _NoAliases(yaml.SafeDumper):
    """PyYAML writes a shared object once and refers to it with an alias; the importer
    refuses aliases, so write every value out."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def as_yaml(document: dict[str, Any]) -> str:
    return yaml.dump(document, Dumper=_NoAliases, sort_keys=False, allow_unicode=True)


def examples_for(database_url: str) -> int:
    return 30 if database_url.startswith("sqlite") else 10


def test_generated_files_round_trip_byte_for_byte(database_url: str) -> None:
    @settings(max_examples=examples_for(database_url), deadline=None)
    @given(documents())
    def check(document: dict[str, Any]) -> None:
        with empty_stores(database_url) as new:
            first = new()
            import_text(first, as_yaml(document), at=AT)
            once = export_text(first)
            second = new()
            import_text(second, once, at=AT)
            assert export_text(second) == once
            before = store_contents(first)
            import_text(first, once, at=AT + timedelta(days=1))
            assert store_contents(first) == before  # the export says all the store holds

    check()


def corrupt(document: dict[str, Any], draw: Callable[..., Any]) -> dict[str, Any]:
    """A structural change that always makes the file invalid."""
    records = [("document", document)] + [
        (key, item) for key in ("organisations", "people", "partnerships")
        for item in document.get(key, [])
    ]  # fmt: skip
    kind, target = draw(st.sampled_from(records))
    how = draw(st.sampled_from(["unknown_key", "wrong_type", "bad_id", "missing", "bad_ref"]))
    if how == "unknown_key" or kind == "document":
        target[draw(st.sampled_from(["colour", "nmae", "Id", "extra"]))] = "x"
    elif how == "wrong_type":
        target[draw(st.sampled_from(["name", "id"]))] = draw(
            st.sampled_from([["a", "list"], {"a": "mapping"}])
        )
    elif how == "bad_id":
        target["id"] = draw(st.sampled_from(["Upper", "under_score", "sp ace", "é"]))
    elif how == "missing":
        del target["name"]
    else:
        target["aliases"] = "not-a-list"
    return document


TEXT_DAMAGE = st.sampled_from(["truncate", "flip", "insert", "bytes"])


def damage_text(text: str, draw: Callable[..., Any]) -> str | bytes:
    """A textual change that may or may not leave a valid file."""
    how = draw(TEXT_DAMAGE)
    cut = draw(st.integers(0, max(len(text) - 1, 0)))
    if how == "truncate":
        return text[:cut]
    if how == "flip":
        return (
            text[:cut]
            + draw(st.sampled_from([":", "-", "[", "'", "&a", "*a", "\t"]))
            + text[cut + 1 :]
        )
    if how == "insert":
        return text[:cut] + draw(st.text(max_size=5)) + text[cut:]
    return text.encode("utf-8")[:cut] + draw(st.binary(min_size=1, max_size=8))


def test_invalid_files_never_change_the_store(store: Store) -> None:
    @settings(max_examples=30, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
    @given(documents(), st.data())
    def check(document: dict[str, Any], data: st.DataObject) -> None:
        # Examples share the store: each file replaces what the last one held.
        import_text(store, as_yaml(document), at=AT, allow_deletions=True)
        before = store_contents(store)
        broken = as_yaml(corrupt(document, data.draw))
        with pytest.raises(DataFileInvalid):
            import_text(store, broken, at=AT + timedelta(days=1))
        assert store_contents(store) == before
        damaged = damage_text(as_yaml(document), data.draw)
        try:
            import_text(store, damaged, at=AT + timedelta(days=1))
        except DataFileInvalid as invalid:
            assert invalid.lines  # refused with something to say, and nothing written
            assert store_contents(store) == before

    check()

"""One test per kind of error in a data file: each names the file, the line, the field and
what was expected, and the store is left exactly as it was (on SQLite and PostgreSQL)."""

from pathlib import Path

import pytest

from store.datafile import DataFileInvalid, export_text, import_file, import_text
from store.datafile.yamlnodes import MAX_BYTES
from store.db import Store
from store.tables import Partnership
from tests.store.datafile_support import (
    AT,
    SMALL,
    empty_stores,
    line_number,
    small_text,
    store_contents,
)

NAME = "small.yaml"


@pytest.fixture
def loaded(store: Store) -> Store:
    """A store that already holds the small fixture, so "unchanged" means something."""
    import_file(store, SMALL, at=AT)
    return store


def refused(store: Store, data: str | bytes) -> list[str]:
    """Import `data`, expect it refused, check nothing changed, return the error lines."""
    before = store_contents(store)
    with pytest.raises(DataFileInvalid) as raised:
        import_text(store, data, at=AT, filename=NAME)
    assert store_contents(store) == before
    return raised.value.lines


def edited(old: str, new: str) -> str:
    text = small_text()
    assert old in text
    return text.replace(old, new, 1)


def test_unknown_key(loaded: Store) -> None:
    text = edited("    kind: fire\n", "    kind: fire\n    colur: red\n")
    assert refused(loaded, text) == [
        f"{NAME}:{line_number(text, 'colur')}: organisations[2].colur: "
        "unknown key 'colur' in an organisation"
    ]


def test_unknown_key_suggests_the_nearest(loaded: Store) -> None:
    text = edited("    lead_body:", "    leadbody:")
    [line] = refused(loaded, text)
    assert line.endswith("unknown key 'leadbody' in a priority (did you mean 'lead_body'?)")


def test_bad_id(loaded: Store) -> None:
    text = edited("id: county-fire", "id: County_Fire")
    assert refused(loaded, text) == [
        f"{NAME}:{line_number(text, 'County_Fire')}: organisations[2].id: "
        "not an id: 'County_Fire' (use lowercase letters, digits and '-')"
    ]


def test_duplicate_id(loaded: Store) -> None:
    text = edited("id: county-fire", "id: county-police")
    first = line_number(text, "id: county-police")
    second = first + text[text.index("id: county-police") + 1 :].split("id: county-police")[
        0
    ].count("\n")
    assert refused(loaded, text) == [
        f"{NAME}:{second}: organisations[2].id: duplicate organisation id 'county-police' "
        f"(first at line {first})"
    ]


def test_unknown_reference_suggests_the_nearest_id(loaded: Store) -> None:
    text = edited("lead: j-smith", "lead: jsmith")
    assert refused(loaded, text) == [
        f"{NAME}:{line_number(text, 'lead: jsmith')}: partnerships[1].priorities[0].lead: "
        "no person 'jsmith' (did you mean 'j-smith'?)"
    ]


def test_unknown_reference_in_a_list(loaded: Store) -> None:
    text = edited("members: [csp-head, csp-analyst, j-smith]", "members: [csp-head, jsmth]")
    [line] = refused(loaded, text)
    assert line.endswith("partnerships[1].members[1]: no person 'jsmth' (did you mean 'j-smith'?)")


def test_reference_to_a_plan_of_the_same_partnership_only(loaded: Store) -> None:
    text = edited("plan: city-strategy-2024-27", "plan: city-strategy-2024-28")
    [line] = refused(loaded, text)
    assert "priorities[0].plan: no plan 'city-strategy-2024-28' in partnership 'city-csp'" in line
    assert "did you mean 'city-strategy-2024-27'" in line


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("due: 2025-11-28", "due: 2025-11-31", "milestones[0].due: no such date: '2025-11-31'"),
        (
            "starts: 2024-04-01",
            "starts: 1 April 2024",
            "plans[0].starts: not a date YYYY-MM-DD: '1 April 2024'",
        ),
        (
            "due: 2027-03-04T14:30",
            "due: 2027-03-04 14:30",
            "due: not a date YYYY-MM-DD or date-time YYYY-MM-DDTHH:MM: '2027-03-04 14:30'",
        ),
        (
            "posted: 2026-10-02T14:05",
            "posted: 2026-10-02",
            "updates[0].posted: not a date-time YYYY-MM-DDTHH:MM: '2026-10-02'",
        ),
        (
            "posted: 2026-10-02T14:05",
            "posted: 2026-03-29T01:30",
            "updates[0].posted: 2026-03-29T01:30 does not exist in Europe/London",
        ),
        ("ends: 2027-03-31", "ends: 2023-03-31", "plans[0].ends: 2023-03-31 is before starts"),
    ],
)
def test_bad_date(loaded: Store, old: str, new: str, message: str) -> None:
    text = edited(old, new)
    [line] = refused(loaded, text)
    assert line.startswith(f"{NAME}:{line_number(text, new)}: partnerships[1].")
    assert message in line


def test_bad_time_zone(loaded: Store) -> None:
    text = edited("timezone: Europe/London", "timezone: Europe/Londn")
    assert refused(loaded, text) == [
        f"{NAME}:{line_number(text, 'Londn')}: partnerships[1].timezone: "
        "not an IANA time zone: 'Europe/Londn' (did you mean 'Europe/London'?)"
    ]


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("yearly", "not an RRULE: 'yearly'"),
        ("FREQ=YEARLY;UNTIL=20301231", "UNTIL must be in UTC, ending in Z"),
        ("FREQ=HOURLY", "repeats more often than daily"),
        ("FREQ=MINUTELY;INTERVAL=1", "repeats more often than daily"),
        ("FREQ=SECONDLY", "repeats more often than daily"),
        ("FREQ=DAILY;BYHOUR=1,2,3,23;BYMINUTE=0,30", "repeats within a day (BYHOUR, BYMINUTE)"),
        ("FREQ=WEEKLY;BYMINUTE=5", "repeats within a day (BYMINUTE)"),
        ("freq=yearly;bysecond=1", "repeats within a day (BYSECOND)"),
        ("FREQ=YEARLY;COUNT=3;UNTIL=20301231T000000Z", "not an RRULE"),
    ],
)
def test_bad_rrule(loaded: Store, rule: str, message: str) -> None:
    text = edited("repeat: FREQ=YEARLY", f"repeat: {rule}")
    [line] = refused(loaded, text)
    assert line.startswith(
        f"{NAME}:{line_number(text, rule)}: partnerships[1].milestones[0].repeat: {message}"
    )


def test_more_reminder_offsets_than_any_milestone_needs(loaded: Store) -> None:
    offsets = ", ".join(str(n) for n in range(21))
    text = edited("remind: [56, 28, 7]", f"remind: [{offsets}]")
    assert refused(loaded, text) == [
        f"{NAME}:{line_number(text, 'remind:')}: partnerships[1].milestones[0].remind: "
        "21 items; at most 20 are allowed"
    ]


def test_good_rrule_with_utc_until_is_accepted(store: Store) -> None:
    text = edited("repeat: FREQ=YEARLY", "repeat: FREQ=MONTHLY;INTERVAL=3;UNTIL=20301231T000000Z")
    import_text(store, text, at=AT)


@pytest.mark.parametrize(
    ("old", "new", "path", "message"),
    [
        ("name: Example County Police", "name: [a, b]", "organisations[1].name",
         "expected text, got a list"),
        ("remind: [56, 28, 7]", "remind: 7", "partnerships[1].milestones[0].remind",
         "expected a list such as [a, b], got '7'"),
        ("remind: [56, 28, 7]", "remind: [56, -1, seven]",
         "partnerships[1].milestones[0].remind[1]",
         "expected a whole number of days (0 or more), got '-1'"),
        ("aliases: [police]", "aliases: {a: b}", "organisations[1].aliases",
         "expected a list, got a mapping"),
        ("version: 1", "version: 2", "version", "this is version '2'; cspbot reads version 1"),
        ("reminder_time: 09:00", "reminder_time: 540", "partnerships[1].reminder_time",
         "not a time HH:MM: '540'"),
        ("  - id: county-board\n", "  - county-board\n  - id: county-board\n", "partnerships[0]",
         "expected a partnership as a mapping of key: value, got 'county-board'"),
        ("slack: C04ABCDEF", "slack: general", "partnerships[1].channels.slack",
         "not a Slack channel id such as C04ABCDEF: 'general'"),
        ("email: head.cs@example.gov.uk", "email: nobody", "people[0].email",
         "not an email address: 'nobody'"),
        ("name: Example County Police", "name: ''", "organisations[1].name", "must not be empty"),
    ],
)  # fmt: skip
def test_wrong_type(loaded: Store, old: str, new: str, path: str, message: str) -> None:
    text = edited(old, new)
    lines = refused(loaded, text)
    assert f"{NAME}:{line_number(text, new)}: {path}: {message}" in lines


def test_wrong_type_for_a_whole_section(loaded: Store) -> None:
    text = "version: 1\npeople: everyone\n"
    assert refused(loaded, text) == [
        f"{NAME}:2: people: expected a list of people, each item starting with '- '"
    ]


def test_bad_enum(loaded: Store) -> None:
    text = edited("kind: police", "kind: polise")
    [line] = refused(loaded, text)
    assert line.startswith(f"{NAME}:{line_number(text, 'polise')}: organisations[1].kind: ")
    assert "'polise' is not one of local_authority, police," in line
    assert line.endswith("(did you mean 'police'?)")


def test_missing_required_field(loaded: Store) -> None:
    text = edited("        title: Board meeting\n", "")
    record_line = line_number(text, "      - id: city-board-march")
    assert refused(loaded, text) == [
        f"{NAME}:{record_line}: partnerships[1].milestones[1].title: "
        "missing: a milestone needs title"
    ]


def test_missing_version(loaded: Store) -> None:
    assert refused(loaded, "glossary: {}\n") == [
        f"{NAME}:1: version: missing: the file needs version"
    ]


def test_malformed_yaml(loaded: Store) -> None:
    text = edited("    kind: fire\n", "    kind: [fire\n")
    [line] = refused(loaded, text)
    assert line.startswith(f"{NAME}:")
    assert "malformed YAML" in line


def test_truncated_file(loaded: Store) -> None:
    text = small_text()
    cut = text[: text.index("abc123")]
    [line] = refused(loaded, cut)
    assert line == (
        f"{NAME}:{cut.count(chr(10)) + 1}: malformed YAML: while scanning a quoted scalar, "
        "found unexpected end of stream"
    )


def test_truncated_file_that_is_still_yaml(loaded: Store) -> None:
    text = small_text()
    cut = text[: text.index("        title: Board meeting")]
    lines = refused(loaded, cut)
    assert (
        f"{NAME}:{cut.count(chr(10))}: partnerships[1].milestones[1].title: missing: "
        "a milestone needs title" in lines
    )


def test_binary_file(loaded: Store) -> None:
    data = b"version: 1\n" + bytes(range(256))
    assert refused(loaded, data) == [
        f"{NAME}:2: this is a binary file, not YAML text (it contains NUL bytes; "
        "save the data file as UTF-8 text)"
    ]


def test_file_not_in_utf8(loaded: Store) -> None:
    data = "version: 1\nglossary:\n  CAFÉ: a place\n".encode("latin-1")
    assert refused(loaded, data) == [
        f"{NAME}:3: not UTF-8 text (byte 0xc9); save the data file as UTF-8"
    ]


def test_control_characters_are_refused(loaded: Store) -> None:
    [line] = refused(loaded, 'version: 1\nglossary:\n  BEL: "ring \\a"\n')
    assert line == f"{NAME}:3: glossary.BEL: contains the control character '\\x07'"


def test_control_characters_in_the_raw_text_are_refused(loaded: Store) -> None:
    assert refused(loaded, "version: 1\nglossary:\n  BEL: ring \x07\n") == [
        f"{NAME}:3: the control character U+0007 is not allowed in YAML text"
    ]


def test_huge_file(loaded: Store, tmp_path: Path) -> None:
    data = b"version: 1\n" + b"# padding\n" * (MAX_BYTES // 10 + 1)
    assert refused(loaded, data) == [
        f"{NAME}:1: the file is larger than 5 MB; a data file is never that big"
    ]
    huge = tmp_path / "huge.yaml"
    huge.write_bytes(data)
    with pytest.raises(DataFileInvalid, match="larger than 5 MB"):
        import_file(loaded, huge, at=AT)


def test_yaml_bomb(loaded: Store) -> None:
    bomb = "version: 1\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    assert refused(loaded, bomb) == [
        f"{NAME}:3: aliases (*a) are not allowed here; write the value out"
    ]


def test_deep_nesting(loaded: Store) -> None:
    [line] = refused(loaded, "version: 1\nglossary: " + "[" * 5000 + "]" * 5000 + "\n")
    assert line.startswith(f"{NAME}:2: nested more than")


def test_tags_are_refused(loaded: Store) -> None:
    text = "version: 1\nglossary: !!python/object:os.system {}\n"
    [line] = refused(loaded, text)
    assert (
        line
        == f"{NAME}:2: YAML tags (tag:yaml.org,2002:python/object:os.system) are not allowed here"
    )


def test_empty_file(loaded: Store) -> None:
    assert refused(loaded, "") == [f"{NAME}:1: the file is empty; it needs at least `version: 1`"]


def test_two_documents(loaded: Store) -> None:
    [line] = refused(loaded, "version: 1\n---\nversion: 1\n")
    assert line == (
        f"{NAME}:2: malformed YAML: expected a single document in the stream, "
        "but found another document"
    )


def test_duplicate_key(loaded: Store) -> None:
    text = edited("    kind: fire\n", "    kind: fire\n    kind: police\n")
    first = line_number(text, "kind: fire")
    assert refused(loaded, text) == [
        f"{NAME}:{first + 1}: organisations[2].kind: duplicate key 'kind' (first at line {first})"
    ]


def test_listed_twice_and_channel_used_twice(loaded: Store) -> None:
    text = edited("admins: [csp-analyst]", "admins: [csp-analyst, csp-analyst]")
    text = text.replace(
        "    coordinator: csp-head\n",
        "    coordinator: csp-head\n    channels: {slack: C04ABCDEF}\n",
        1,
    )
    lines = refused(loaded, text)
    assert any(
        line.endswith("partnerships[1].admins[1]: 'csp-analyst' is listed twice") for line in lines
    )
    assert any(
        "partnerships[1].channels: 'C04ABCDEF' is already used by partnership 'county-board'"
        in line
        for line in lines
    )


def test_parent_loop(loaded: Store) -> None:
    text = edited(
        "    aliases: [the county]\n", "    aliases: [the county]\n    parent: city-csp\n"
    )
    lines = refused(loaded, text)
    assert any("partnerships[0].parent: the parent boards form a loop" in line for line in lines)


def test_every_error_is_reported_at_once(loaded: Store) -> None:
    text = edited("kind: police", "kind: polise").replace("lead: j-smith", "lead: jsmith")
    text = text.replace("timezone: Europe/London", "timezone: Mars/Olympus")
    assert len(refused(loaded, text)) == 3


def test_unquoted_nine_oclock_stays_nine_oclock(store: Store) -> None:
    """YAML 1.1 would read 09:00 as the number 540 and 9:00 as 540 as well."""
    import_text(store, edited("reminder_time: 09:00", "reminder_time: 9:00"), at=AT)
    with store.session() as session:
        from store.tables import Partnership

        stored = session.get(Partnership, "city-csp")
        assert stored is not None and stored.reminder_time == "09:00"
    import_text(store, edited("reminder_time: 09:00", 'reminder_time: "09:00"'), at=AT)
    import_text(store, small_text(), at=AT)
    with store.session() as session:
        stored = session.get(Partnership, "city-csp")
        assert stored is not None and stored.reminder_time == "09:00"


OTHER_FILE = """\
version: 1
people:
  - id: newcomer
    name: Newcomer
{identity}
partnerships:
  - id: other-csp
    name: Other CSP
{channels}
"""


@pytest.mark.parametrize(
    ("identity", "channels", "message"),
    [
        ("    slack: U04ABCDEF", "", "'U04ABCDEF' is already used by person 'csp-head'"),
        (
            "    teams: 8F2C1A9E-1B2C-4D5E-9F00-123456789ABC",
            "",
            "'8F2C1A9E-1B2C-4D5E-9F00-123456789ABC' is already used by person 'csp-head'",
        ),
        (
            "    email: Head.CS@Example.GOV.uk",
            "",
            "'Head.CS@Example.GOV.uk' is already used by person 'csp-head'",
        ),
    ],
)
def test_chat_identities_are_unique_across_the_store(
    loaded: Store, identity: str, channels: str, message: str
) -> None:
    text = OTHER_FILE.format(identity=identity, channels=channels)
    key = identity.split(":")[0].strip()
    assert refused(loaded, text) == [
        f"{NAME}:{line_number(text, identity.strip())}: people[0].{key}: {message} in the store"
    ]


def test_a_channel_is_unique_across_the_store(loaded: Store) -> None:
    with loaded.transaction() as session:
        city = session.get(Partnership, "city-csp")
        assert city is not None
        city.slack_channel = "C0CITY"
    text = OTHER_FILE.format(identity="", channels="    channels: {slack: C0CITY}")
    assert refused(loaded, text) == [
        f"{NAME}:{line_number(text, 'channels:')}: partnerships[0].channels: "
        "'C0CITY' is already used by partnership 'city-csp' in the store"
    ]


def test_an_identity_may_move_between_people_in_one_file(loaded: Store) -> None:
    # csp-head gives up its Slack id in the same file that gives it to j-smith.
    text = small_text().replace("    slack: U04ABCDEF\n", "", 1)
    text = text.replace(
        "  - id: j-smith\n    name: Serious Violence Lead\n",
        "  - id: j-smith\n    name: Serious Violence Lead\n    slack: U04ABCDEF\n",
        1,
    )
    import_text(loaded, text, at=AT)


def test_after_a_refused_duplicate_the_export_restores_into_an_empty_store(
    loaded: Store, database_url: str
) -> None:
    refused(loaded, OTHER_FILE.format(identity="    email: HEAD.CS@example.gov.uk", channels=""))
    import_text(
        loaded, OTHER_FILE.format(identity="    email: new@example.gov.uk", channels=""), at=AT
    )
    exported = export_text(loaded)
    with empty_stores(database_url) as make:
        fresh = make()
        import_text(fresh, exported, at=AT)
        assert export_text(fresh) == exported


def test_a_meeting_at_a_time_the_clocks_skip(loaded: Store) -> None:
    text = edited("due: 2025-11-28", "due: 2027-03-28T01:30")
    assert refused(loaded, text) == [
        f"{NAME}:{line_number(text, '2027-03-28T01:30')}: partnerships[1].milestones[0].due: "
        "2027-03-28T01:30 does not exist in Europe/London (the clocks go forward then)"
    ]


@pytest.mark.parametrize("name", ["localtime", "posixrules", "Factory"])
def test_a_zone_that_is_not_iana(loaded: Store, name: str) -> None:
    text = edited("timezone: Europe/London", f"timezone: {name}")
    [line] = refused(loaded, text)
    assert line.startswith(
        f"{NAME}:{line_number(text, name)}: partnerships[1].timezone: "
        f"not an IANA time zone: {name!r}"
    )


def test_aliases_per_record_and_per_file_are_capped(loaded: Store) -> None:
    many = ", ".join(f"name {n}" for n in range(51))
    text = edited("aliases: [police]", f"aliases: [{many}]")
    assert refused(loaded, text) == [
        f"{NAME}:{line_number(text, 'name 0')}: organisations[1].aliases: "
        "51 items; at most 50 are allowed"
    ]
    forty = "[" + ", ".join(f"alias {n}" for n in range(40)) + "]"
    organisations = "".join(
        f"  - id: org-{n}\n    name: Organisation {n}\n    aliases: {forty}\n" for n in range(251)
    )
    text = f"version: 1\norganisations:\n{organisations}"
    assert refused(loaded, text) == [
        f"{NAME}:{line_number(text, 'id: org-250') + 2}: organisations[250].aliases: "
        "the file's aliases pass 10,000 here; no more are allowed in one file"
    ]

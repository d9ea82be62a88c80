"""The optional `moderngov` block of a partnership: checked with located errors, stored,
exported in the spec's place, and round-tripped byte for byte; old files stay valid."""

import pytest

from store.datafile import DataFileInvalid, export_text, import_text
from store.db import Store
from store.tables import MeetingSource
from tests.store.datafile_support import AT, line_number

# Written as `cspbot export` writes it, so the export must give back these very bytes.
TEXT = """\
version: 1

people:
  - id: scrutiny-officer
    name: Scrutiny Officer

partnerships:
  - id: city-csp
    name: Example City CSP
    coordinator: scrutiny-officer
    moderngov:
      url: https://committee.example.gov.uk
      committees:
        - id: 123
          kind: scrutiny
          title: Communities and Environment Scrutiny Committee
          owner: scrutiny-officer
        - id: 45
          kind: board_meeting
          title: Community Safety Partnership Board
    milestones:
      - id: sa
        title: Strategic assessment
        kind: strategic_assessment
        due: 2027-01-31
"""


def test_the_block_is_stored_and_round_trips_byte_for_byte(store: Store) -> None:
    import_text(store, TEXT, at=AT)
    with store.session() as session:
        source = session.get(MeetingSource, "city-csp")
        assert source is not None and source.url == "https://committee.example.gov.uk"
        assert [c["id"] for c in source.committees] == [123, 45]
        assert "owner" not in source.committees[1]
    assert export_text(store) == TEXT


def test_leaving_the_block_out_removes_the_site(store: Store) -> None:
    import_text(store, TEXT, at=AT)
    start = TEXT.index("    moderngov:")
    without = TEXT[:start] + TEXT[TEXT.index("    milestones:") :]
    summary = import_text(store, without, at=AT)
    assert "ModernGov sites: 0 (1 deleted)" in summary.lines()
    assert export_text(store) == without


def test_a_loopback_test_server_may_use_http(store: Store) -> None:
    text = TEXT.replace("https://committee.example.gov.uk", "http://127.0.0.1:8123")
    import_text(store, text, at=AT)
    assert export_text(store) == text


@pytest.mark.parametrize(
    ("old", "new", "fragment", "message"),
    [
        (
            "url: https://committee.example.gov.uk",
            "url: http://committee.example.gov.uk",
            "url: http://",
            "partnerships[0].moderngov.url: not a ModernGov site address: "
            "'http://committee.example.gov.uk' (use https://host, or http://127.0.0.1:PORT "
            "for a test server)",
        ),
        (
            "- id: 45",
            "- id: abc",
            "- id: abc",
            "partnerships[0].moderngov.committees[1].id: not a ModernGov committee id: 'abc' "
            "(a number, as in CId=123)",
        ),
        (
            "kind: scrutiny",
            "kind: scrutney",
            "kind: scrutney",
            "partnerships[0].moderngov.committees[0].kind: 'scrutney' is not one of "
            "board_meeting, scrutiny (did you mean 'scrutiny'?)",
        ),
        (
            "          owner: scrutiny-officer",
            "          owner: scrutiny-oficer",
            "owner: scrutiny-oficer",
            "partnerships[0].moderngov.committees[0].owner: no person 'scrutiny-oficer' "
            "(did you mean 'scrutiny-officer'?)",
        ),
        (
            "- id: 45",
            "- id: 123",
            "- id: 123\n          kind: board",
            "partnerships[0].moderngov.committees[1].id: committee 123 is listed twice "
            "(first at line 14)",
        ),
        (
            "      url: https://committee.example.gov.uk\n",
            "      url: https://committee.example.gov.uk\n      urls: x\n",
            "urls: x",
            "partnerships[0].moderngov.urls: unknown key 'urls' in the moderngov block "
            "(did you mean 'url'?)",
        ),
        (
            "      - id: sa",
            "      - id: moderngov-sa",
            "- id: moderngov-sa",
            "partnerships[0].milestones[0].id: ids starting 'moderngov-' are kept for "
            "synced meetings",
        ),
    ],
)
def test_mistakes_are_located(
    store: Store, old: str, new: str, fragment: str, message: str
) -> None:
    assert old in TEXT
    text = TEXT.replace(old, new, 1)
    with pytest.raises(DataFileInvalid) as raised:
        import_text(store, text, at=AT, filename="data.yaml")
    line = line_number(text, fragment)
    assert raised.value.lines == [f"data.yaml:{line}: {message}"]

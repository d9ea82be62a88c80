"""The optional `checkins` setting of a partnership: read, refused with its line, and
written back as it was."""

import pytest

from store.datafile import DataFileInvalid, export_text, import_text
from store.db import Store
from store.tables import Partnership
from tests.store.datafile_support import AT, line_number, small_text

REMINDER_TIME = "    reminder_time: 09:00\n"


def with_checkins(value: str) -> str:
    text = small_text()
    assert REMINDER_TIME in text
    return text.replace(REMINDER_TIME, f"{REMINDER_TIME}    checkins: {value}\n", 1)


def setting(store: Store) -> object:
    with store.session() as session:
        partnership = session.get(Partnership, "city-csp")
        assert partnership is not None
        return partnership.checkins


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("{open: 12, chase: 6, close: 2}", {"open": 12, "chase": 6, "close": 2}),
        ("{open: 15}", {"open": 15}),
        ("off", "off"),
    ],
)
def test_the_setting_is_kept_as_written_and_exported_byte_for_byte(
    store: Store, written: str, stored: object
) -> None:
    text = with_checkins(written)
    import_text(store, text, at=AT)
    assert setting(store) == stored
    exported = export_text(store)
    assert f"    checkins: {written}\n" in exported
    import_text(store, exported, at=AT)
    assert export_text(store) == exported


def test_an_old_file_has_no_setting_and_exports_none(store: Store) -> None:
    import_text(store, small_text(), at=AT)
    assert setting(store) is None
    assert "checkins" not in export_text(store)


ORDER = (
    "the round must open before the chase and chase before it closes: "
    "open (4) > chase (5) > close (3) working days before the meeting"
)
UNKNOWN = "unknown key 'chse' (expected open, chase or close) (did you mean 'chase'?)"
NOT_OFF = "expected off or a mapping such as {open: 10, chase: 5, close: 3}, got 'sometimes'"


@pytest.mark.parametrize(
    ("written", "field", "message"),
    [
        ("{open: 10, chse: 5}", "checkins.chse", UNKNOWN),
        ("{open: ten}", "checkins.open", "expected a whole number of working days, 1 to 60"),
        ("{open: 4, chase: 5}", "checkins", ORDER),
        ("sometimes", "checkins", NOT_OFF),
    ],
)
def test_a_bad_setting_is_refused_with_its_line(
    store: Store, written: str, field: str, message: str
) -> None:
    text = with_checkins(written)
    with pytest.raises(DataFileInvalid) as raised:
        import_text(store, text, at=AT, filename="small.yaml")
    line = line_number(text, "checkins:")
    assert raised.value.lines == [f"small.yaml:{line}: partnerships[1].{field}: {message}"]

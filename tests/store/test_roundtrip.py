"""Export, import into an empty database, export again: the same bytes, for the fixture,
for the demo data, and for what chat adds (updates timed to the microsecond)."""

from datetime import UTC, datetime

from store.datafile import DEMO_PATH, export_text, import_file, import_text
from store.db import Store
from store.tables import ProgressUpdate
from tests.store.datafile_support import AT, DATA, SMALL, empty_stores, store_contents


def round_trip(database_url: str, load: str) -> tuple[str, str]:
    """Import `load` into an empty store, export; import that into another, export."""
    with empty_stores(database_url) as new:
        first = new()
        import_text(first, load, at=AT)
        once = export_text(first)
        second = new()
        import_text(second, once, at=AT)
        return once, export_text(second)


def test_the_fixture_round_trips_byte_for_byte(database_url: str) -> None:
    once, twice = round_trip(database_url, SMALL.read_text(encoding="utf-8"))
    assert once == twice


def test_export_writes_the_spec_order_and_leaves_out_empty_fields(store: Store) -> None:
    import_file(store, SMALL, at=AT)
    assert export_text(store) == (DATA / "small-export.yaml").read_text(encoding="utf-8")


def test_reimporting_an_export_changes_nothing(store: Store) -> None:
    import_file(store, SMALL, at=AT)
    before = store_contents(store)
    import_text(store, export_text(store), at=AT)
    assert store_contents(store) == before


def test_an_empty_store_exports_just_the_version(store: Store) -> None:
    assert export_text(store) == "version: 1\n"


def test_updates_from_chat_round_trip(store: Store, database_url: str) -> None:
    import_file(store, SMALL, at=AT)
    with store.transaction() as session:
        session.add(
            ProgressUpdate(
                partnership_id="city-csp",
                priority_id="city-asb",
                author_id="j-smith",
                text="Patrols doubled in the city centre: <b>&</b> 'quotes' \"too\"",
                source="slack",
                posted=datetime(2026, 11, 20, 10, 0, 7, 123456, tzinfo=UTC),
            )
        )
    once = export_text(store)
    assert "posted: '2026-11-20T10:00:07'" in once
    with empty_stores(database_url) as new:
        other = new()
        import_text(other, once, at=AT)
        assert export_text(other) == once
    import_text(store, once, at=AT)  # back into the store it came from: no duplicate
    assert export_text(store) == once


def test_the_demo_data_imports_cleanly_and_round_trips(database_url: str) -> None:
    demo = DEMO_PATH.read_text(encoding="utf-8")
    once, twice = round_trip(database_url, demo)
    assert once == twice
    assert "partnerships:" in once and "milestones:" in once

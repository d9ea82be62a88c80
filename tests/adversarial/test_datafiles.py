"""The data-file probe: a few hundred bad files made from the demo's export. Each is
either refused, with one located line or more and the store exactly as it was, or
accepted, with the store still exportable and its export restoring into an empty
database byte for byte. Nothing may raise anything else.

On SQLite every case runs; on PostgreSQL a sample (every eighth), to keep CI quick.
"""

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import func
from sqlmodel import select

from store.datafile import DEMO_PATH, DataFileInvalid, export_text, import_text
from store.db import Store
from store.tables import AuditEntry
from tests.adversarial.datafiles import Case, cases
from tests.store.datafile_support import empty_stores

AT = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
POSTGRES_SAMPLE = 8


def _audits(store: Store) -> int:
    with store.session() as session:
        return session.exec(select(func.count()).select_from(AuditEntry)).one()


def _try(store: Store, case: Case, new: Callable[[], Store], base: str) -> str | None:
    """What went wrong with one case ("accepted" when nothing did and it was accepted), or
    None when it was refused as it should be."""
    audits = _audits(store)
    try:
        import_text(store, case.data, at=AT, filename="probe.yaml")
    except DataFileInvalid as refused:
        if not refused.lines or not all(line.startswith("probe.yaml") for line in refused.lines):
            return f"refused without a located line: {refused.lines!r}"
        if _audits(store) != audits:
            return "refused, but the store changed"
        return None
    once = export_text(store)
    restored = new()
    import_text(restored, once, at=AT)
    if export_text(restored) != once:
        return "accepted, but its export does not restore byte for byte"
    import_text(store, base, at=AT, allow_deletions=True)  # the next case starts afresh
    return "accepted"


def _unexpected(case: Case, outcome: str | None) -> str | None:
    """What is wrong with a case's outcome, given what it should be."""
    if outcome not in (None, "accepted"):
        return outcome
    refused = outcome is None
    if case.expect == "refused" and not refused:
        return "accepted, but it should have been refused"
    if case.expect == "accepted" and refused:
        return "refused, but it says what the export says"
    return None


def test_bad_data_files_are_refused_or_round_trip(store: Store, database_url: str) -> None:
    import_text(store, DEMO_PATH.read_bytes(), at=AT)
    base = export_text(store)
    every = cases(base)
    assert len(every) >= 300
    chosen = every if database_url.startswith("sqlite") else every[::POSTGRES_SAMPLE]
    with empty_stores(database_url) as new:
        outcomes = {case: _try(store, case, new, base) for case in chosen}
    failures = [
        f"{case.name}: {problem}"
        for case, outcome in outcomes.items()
        if (problem := _unexpected(case, outcome))
    ]
    assert failures == []
    # Refused files wrote nothing (and accepted ones were undone): the same bytes.
    expected = export_text(store)
    import_text(store, base, at=AT, allow_deletions=True)
    assert export_text(store) == expected

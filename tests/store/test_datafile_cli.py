"""`cspbot import` and `cspbot export` through the real command line: exit codes,
messages on the right stream, and the database untouched by a refused file."""

from datetime import UTC, date, datetime
from pathlib import Path

from typer.testing import CliRunner

from bot.cli import app
from store.datafile import DEMO_PATH
from store.db import Store
from store.tables import OccurrenceState, ProgressUpdate
from tests.store.datafile_support import SMALL, line_number, store_contents

runner = CliRunner()


def test_import_prints_a_summary_and_export_gives_the_file_back(
    database_url: str, tmp_path: Path
) -> None:
    result = runner.invoke(app, ["import", str(SMALL), "--db", database_url])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:3] == [
        f"imported {SMALL}",
        "  organisations: 3 (3 created)",
        "  people: 3 (3 created)",
    ]
    exported = runner.invoke(app, ["export", "--db", database_url])
    assert exported.exit_code == 0
    assert exported.stdout.startswith("version: 1\n\norganisations:\n  - id: city-council\n")
    target = tmp_path / "out.yaml"
    written = runner.invoke(app, ["export", "-o", str(target), "--db", database_url])
    assert written.exit_code == 0 and written.stderr == f"exported to {target}\n"
    assert target.read_text(encoding="utf-8") == exported.stdout


def test_an_invalid_file_exits_2_with_every_error_and_writes_nothing(
    database_url: str, tmp_path: Path
) -> None:
    runner.invoke(app, ["import", str(SMALL), "--db", database_url])
    store = Store.open(database_url)
    before = store_contents(store)
    bad = tmp_path / "data.yaml"
    text = SMALL.read_text(encoding="utf-8")
    text = text.replace("lead: j-smith", "lead: jsmith").replace("FREQ=YEARLY", "yearly")
    bad.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["import", str(bad), "--db", database_url])
    assert result.exit_code == 2
    assert result.stdout == ""
    lead, repeat = line_number(text, "jsmith"), line_number(text, "yearly")
    assert result.stderr.splitlines() == [
        f"{bad}:{lead}: partnerships[1].priorities[0].lead: no person 'jsmith' "
        "(did you mean 'j-smith'?)",
        f"{bad}:{repeat}: partnerships[1].milestones[0].repeat: not an RRULE: 'yearly'",
        f"cspbot: {bad}: 2 errors; nothing was imported",
    ]
    assert store_contents(store) == before
    store.dispose()


def test_binary_and_missing_files_get_a_message_not_a_traceback(
    database_url: str, tmp_path: Path
) -> None:
    binary = tmp_path / "photo.yaml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = runner.invoke(app, ["import", str(binary), "--db", database_url])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.startswith(f"{binary}:3: this is a binary file, not YAML text")
    missing = runner.invoke(app, ["import", str(tmp_path / "nope.yaml"), "--db", database_url])
    assert missing.exit_code == 2
    assert missing.stderr.startswith(f"{tmp_path / 'nope.yaml'}:1: no such file")
    directory = runner.invoke(app, ["import", str(tmp_path), "--db", database_url])
    assert directory.exit_code == 2 and "a directory" in directory.stderr


def test_import_needs_a_file_or_demo(database_url: str) -> None:
    neither = runner.invoke(app, ["import", "--db", database_url])
    both = runner.invoke(app, ["import", str(SMALL), "--demo", "--db", database_url])
    for result in (neither, both):
        assert result.exit_code == 2
        assert result.stderr == "cspbot: give either a data file or --demo\n"


def test_import_demo_loads_the_shipped_data(database_url: str) -> None:
    assert DEMO_PATH.name == "demo.yaml" and DEMO_PATH.parent.name == "store"
    result = runner.invoke(app, ["import", "--demo", "--db", database_url])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"imported {DEMO_PATH}\n")
    again = runner.invoke(app, ["import", "--demo", "--db", database_url])
    assert "created" not in again.stdout and "deleted" not in again.stdout


def test_export_to_an_unwritable_place_fails_cleanly(
    store: Store, database_url: str, tmp_path: Path
) -> None:
    result = runner.invoke(
        app, ["export", "-o", str(tmp_path / "no" / "such" / "dir.yaml"), "--db", database_url]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("cspbot: cannot write ")


def test_an_older_file_does_not_delete_progress_made_since(
    store: Store, database_url: str, tmp_path: Path
) -> None:
    older = tmp_path / "older.yaml"
    older.write_text(SMALL.read_text(encoding="utf-8"), encoding="utf-8")
    assert runner.invoke(app, ["import", str(older), "--db", database_url]).exit_code == 0
    with store.transaction() as session:  # what chat adds after that export
        session.add(
            ProgressUpdate(
                partnership_id="city-csp",
                priority_id="city-asb",
                author_id="j-smith",
                text="From Slack",
                source="slack",
                posted=datetime(2026, 11, 25, 10, 0, tzinfo=UTC),
            )
        )
        session.add(
            OccurrenceState(
                milestone_id="city-strategic-assessment",
                occurrence=date(2026, 11, 28),
                status="done",
            )
        )
    # The milestone is gone from the file too, so its done mark would go with it.
    text = older.read_text(encoding="utf-8")
    start = text.index("      - id: city-strategic-assessment")
    older.write_text(text[:start] + text[text.index("      - id: city-board-march") :])
    before = store_contents(store)
    refused = runner.invoke(app, ["import", str(older), "--db", database_url])
    assert refused.exit_code == 2 and refused.stdout == ""
    assert refused.stderr.splitlines() == [
        f"{older}: would delete the progress update on priority 'city-asb' by 'j-smith' "
        "posted 2026-11-25 10:00 UTC",
        f"{older}: would delete the done mark on milestone 'city-strategic-assessment' "
        "for 2026-11-28",
        f"cspbot: {older}: importing it would delete 2 progress update(s) or done/snoozed "
        "mark(s) made since; nothing was imported. Import a newer export, or add "
        "--allow-deletions to delete them",
    ]
    assert store_contents(store) == before
    allowed = runner.invoke(app, ["import", str(older), "--allow-deletions", "--db", database_url])
    assert allowed.exit_code == 0, allowed.output
    assert "  progress updates: 2 (2 unchanged, 1 deleted)" in allowed.stdout
    assert "  milestone occurrence states: 0 (1 deleted)" in allowed.stdout

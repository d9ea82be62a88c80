"""The command-line probe: odd messages, times, windows and databases given to the
commands that read. Each ends with an answer (status 0) or one `cspbot:` line saying what
to fix (status 1 or 2), never a traceback, and nothing is created or changed."""

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from bot.cli import app
from store.datafile import DEMO_PATH, export_text, import_file
from store.db import Store
from tests.store.datafile_support import AT

runner = CliRunner()

MESSAGES = [
    "-1", "--", "-", "---", "-h", "- update ASB amber: patrols", "", " ", "\t",
    "x" * 20_000, "done " * 500, "\x00", "\x1b[31mred", "<!channel>", "DROP TABLE person;",
    "who leads on 🙂?", "\uff33\uff45\uff52\uff49\uff4f\uff55\uff53 violence",
    "what's due before 31 February?",
    "what's due in the next 99999999999 days?", "snooze scrutiny for 999 months",
    "done strategic assessment", "update nothing red:", "'" * 50,
]  # fmt: skip
TIMES = [
    "9999-12-31T23:59", "0001-01-01T00:00", "1899-12-31T23:59", "3000-01-01T00:00",
    "2027-03-28T01:30", "2027-10-31T01:30", "2026-02-30T10:00", "2026-11-21T24:00",
    "2026-11-21", "now", "", "2026-11-21T10:00+05:00",
]  # fmt: skip
WINDOWS = [
    ("2027-01-01", "2027-12-31"), ("2027-01-01", "2028-01-02"), ("0001-01-01", "0001-01-02"),
    ("9999-12-01", "9999-12-31"), ("2027-12-31", "2027-01-01"), ("2027-02-30", "2027-03-01"),
    ("today", "tomorrow"),
]  # fmt: skip


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('probe')}/cspbot.db"
    store = Store.open(url)
    import_file(store, DEMO_PATH, at=AT)
    store.dispose()
    return url


def _clean(result: Result, *, codes: tuple[int, ...] = (0, 1)) -> None:
    assert result.exit_code in codes, result.output
    assert "Traceback" not in result.output
    if result.exit_code:
        assert result.stderr.startswith("cspbot: ")


def _unchanged(url: str, before: str) -> None:
    store = Store.open(url, create=False)
    assert export_text(store) == before
    store.dispose()


def test_odd_messages_and_times(demo: str) -> None:
    store = Store.open(demo, create=False)
    before = export_text(store)
    store.dispose()
    for message in MESSAGES:
        _clean(runner.invoke(app, ["ask", "--db", demo, "--", message]))
        _clean(runner.invoke(app, ["ask", "--json", "--db", demo, "--", message]))
    for at in TIMES:
        _clean(runner.invoke(app, ["ask", "what's due next week", "--at", at, "--db", demo]))
    _unchanged(demo, before)  # guests cannot post, and nothing above is a change


def test_odd_reminder_windows(demo: str) -> None:
    for start, end in WINDOWS:
        args = ["reminders", "--from", start, "--to", end, "--json", "--db", demo]
        _clean(runner.invoke(app, args))


@pytest.mark.parametrize(
    "url", ["sqlite:///{tmp}/nothing.db", "sqlite:///{tmp}/no/such/dir.db", "mysql://x/y", "::"]
)
def test_odd_databases(tmp_path: Path, url: str) -> None:
    url = url.format(tmp=tmp_path)
    for command in (["export"], ["ask", "help"], ["reminders", "--failed"]):
        _clean(runner.invoke(app, [*command, "--db", url]), codes=(1,))
    assert list(tmp_path.iterdir()) == []

"""A database is created only by `cspbot import` and `cspbot db upgrade`; every other
command says there is none. A SQLite file deleted or replaced under a running process is
noticed: nothing more is read from or written to it, people are told, and /readyz says
why."""

import asyncio
import os
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.settings import Settings
from bot.web import create_app
from handlers.pipeline import respond
from handlers.types import Identity, Message
from schedules.clock import FixedClock, SystemClock
from schedules.scheduler import ReminderScheduler, Timing
from store.datafile import import_file
from store.db import DatabaseError, Store, StoreUnavailable
from tests.scenarios.conftest import AT, FICTIONAL_PATH
from tests.schedules.support import CountingNotifier
from tests.support.server import serve

runner = CliRunner()
HINT = "run `cspbot import` or `cspbot db upgrade` first"
READERS = [
    ["export"],
    ["ask", "help"],
    ["chat"],
    ["reminders", "--from", "2027-01-01", "--to", "2027-01-31"],
    ["reminders", "--failed"],
    ["serve", "--port", "0"],
]


@pytest.mark.parametrize("command", READERS, ids=lambda c: " ".join(c[:2]))
def test_a_reader_never_creates_a_database(tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "cspbot.db"
    result = runner.invoke(app, [*command, "--db", f"sqlite:///{path}"], input="quit\n")
    assert result.exit_code == 1, result.output
    assert result.stderr == f"cspbot: no database at {path}: {HINT}\n"
    assert not path.exists()


def test_import_and_db_upgrade_create_one(tmp_path: Path) -> None:
    upgraded, imported = tmp_path / "a.db", tmp_path / "b.db"
    result = runner.invoke(app, ["db", "upgrade", "--db", f"sqlite:///{upgraded}"])
    assert result.exit_code == 0 and upgraded.exists()
    result = runner.invoke(app, ["import", "--demo", "--db", f"sqlite:///{imported}"])
    assert result.exit_code == 0 and imported.exists()
    exported = runner.invoke(app, ["export", "--db", f"sqlite:///{upgraded}"])
    assert exported.exit_code == 0 and exported.stdout.startswith("version: 1")


def test_an_empty_database_is_not_one_a_reader_can_use(database_url: str) -> None:
    # An empty file (SQLite) or an empty schema (PostgreSQL): nothing ever created it.
    if database_url.startswith("sqlite:///"):
        Path(database_url.removeprefix("sqlite:///")).touch()
    with pytest.raises(DatabaseError, match="is empty: run `cspbot import`"):
        Store.open(database_url, create=False)
    Store.open(database_url).dispose()
    Store.open(database_url, create=False).dispose()


@pytest.fixture
def loaded(tmp_path: Path) -> Store:
    store = Store.open(f"sqlite:///{tmp_path}/cspbot.db")
    import_file(store, FICTIONAL_PATH, at=AT)
    return store


def test_a_deleted_file_is_noticed_and_nothing_more_is_written(
    loaded: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    assert loaded.health() is None
    (tmp_path / "cspbot.db").unlink()
    reason = f"the database file {tmp_path / 'cspbot.db'} has gone (deleted or moved)"
    assert loaded.health() == reason
    with pytest.raises(StoreUnavailable, match="has gone"), loaded.transaction():
        pass
    sender = Identity(platform="terminal", user_id="rv-retail-lead", person_id="rv-retail-lead")
    update = Message(text="update shoplifting green: quieter week", sender=sender, at=AT)
    replies = [respond(loaded, update) for _ in range(3)]
    replies.append(respond(loaded, Message(text="who leads on shoplifting?", sender=sender, at=AT)))
    assert {r.template for r in replies} == {"store_unavailable"}
    assert not (tmp_path / "cspbot.db").exists()  # no connection made a new, empty one
    refusals = [r for r in caplog.records if "refusing to write" in r.getMessage()]
    assert len(refusals) == 1  # logged once, not once per message
    loaded.dispose()


def test_a_replaced_file_is_not_the_store(loaded: Store, tmp_path: Path) -> None:
    path = tmp_path / "cspbot.db"
    os.replace(path, tmp_path / "moved.db")
    Store.open(f"sqlite:///{path}").dispose()  # a new, empty database at the same path
    assert loaded.health() == f"the database file {path} was replaced by another file"
    with pytest.raises(StoreUnavailable), loaded.transaction():
        pass
    loaded.dispose()


def test_readyz_reports_the_store(loaded: Store, tmp_path: Path) -> None:
    app_ = create_app(settings=Settings(), store=loaded, clock=SystemClock())
    with serve(app_) as base:
        ready = httpx.get(f"{base}/readyz")
        (tmp_path / "cspbot.db").unlink()
        gone = httpx.get(f"{base}/readyz")
        alive = httpx.get(f"{base}/healthz")
    assert ready.json()["checks"]["database_file"] == "ok"
    assert gone.status_code == 503 and "database_file" in gone.json()["failing"]
    assert gone.json()["checks"]["database_file"] == (
        f"the database file {tmp_path / 'cspbot.db'} has gone (deleted or moved)"
    )
    assert alive.status_code == 200
    loaded.dispose()


def test_the_reminder_jobs_stop_quietly_when_the_file_has_gone(
    loaded: Store, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "cspbot.db").unlink()
    notifier = CountingNotifier()
    timing = Timing(sweep_seconds=60, plan_minutes=15, horizon_days=42, escalation_days=3)
    reminders = ReminderScheduler(
        store=loaded, notifier=notifier, clock=FixedClock(AT), timing=timing
    )

    async def start_and_stop() -> None:
        await reminders.start()  # a sweep, a plan and a sweep, each refused
        reminders.shutdown()

    asyncio.run(start_and_stop())
    assert notifier.sent == []
    assert not [r for r in caplog.records if "job failed" in r.getMessage()]
    assert len([r for r in caplog.records if "refusing to write" in r.getMessage()]) == 1
    assert not (tmp_path / "cspbot.db").exists()
    loaded.dispose()

"""The real app, served on loopback with a fixed clock: reminders reach the console log,
and a restart repeats nothing."""

import logging
import time
from datetime import UTC, datetime

import httpx
import pytest

from bot.settings import Settings
from bot.web import create_app
from schedules.clock import FixedClock
from store.db import Store
from store.tables import AuditEntry, Milestone
from tests.schedules.support import day, seed
from tests.support.server import serve


def _deliveries(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "cspbot.deliveries"]


def _wait_for(caplog: pytest.LogCaptureFixture, count: int) -> None:
    deadline = time.monotonic() + 10
    while len(_deliveries(caplog)) < count and time.monotonic() < deadline:
        time.sleep(0.05)


def test_serve_delivers_due_reminders_to_the_console(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="cspbot.deliveries")
    seed(
        store,
        {
            "id": "sa",
            "title": "Strategic Assessment",
            "due_date": day("2026-12-10"),
            "remind": [7],
            "owner_id": "owner",
        },
    )
    clock = FixedClock(datetime(2026, 12, 2, 9, tzinfo=UTC))  # a day before the reminder
    settings = Settings(CSPBOT_SWEEP_SECONDS=0.1)
    with serve(create_app(settings=settings, store=store, clock=clock)) as base:
        assert httpx.get(f"{base}/healthz").status_code == 200
        time.sleep(0.3)
        assert _deliveries(caplog) == []
        clock.at = datetime(2026, 12, 3, 9, tzinfo=UTC)
        _wait_for(caplog, 2)
    sent = _deliveries(caplog)
    assert len(sent) == 2
    assert any(
        "to person owner" in m
        and "Reminder: Strategic Assessment (Test CSP) is due in 7 days, on 10 December 2026." in m
        for m in sent
    )
    with serve(create_app(settings=settings, store=store, clock=clock)):
        time.sleep(0.5)
    assert len(_deliveries(caplog)) == 2


def test_a_reminder_due_with_an_import_goes_out_at_the_next_sweep(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    """Periodic re-plans are an hour apart here: only planning on the import's change
    gets the new milestone's reminder out, at the next sweep."""
    caplog.set_level(logging.INFO, logger="cspbot.deliveries")
    seed(store)
    clock = FixedClock(datetime(2026, 12, 3, 9, tzinfo=UTC))
    settings = Settings(CSPBOT_SWEEP_SECONDS=0.2, CSPBOT_PLAN_MINUTES=60)
    app = create_app(settings=settings, store=store, clock=clock)
    with serve(app):
        deadline = time.monotonic() + 20
        while not app.state.reminders.caught_up:
            assert time.monotonic() < deadline, "the start-up sweeps never finished"
            time.sleep(0.01)
        assert _deliveries(caplog) == []
        with store.transaction() as session:  # what an import writes: the row and its audit
            session.add(Milestone(id="sa", partnership_id="csp", title="Strategic Assessment",
                                  kind="other", due_date=day("2026-12-10"), remind=[7],
                                  owner_id="owner"))  # fmt: skip
            session.add(AuditEntry(at=clock.now(), actor="import", action="create",
                                   entity="milestone", entity_id="sa"))  # fmt: skip
        _wait_for(caplog, 2)
    assert any("Strategic Assessment" in m and "to person owner" in m for m in _deliveries(caplog))

"""`cspbot serve` loads at start-up only what serving needs: a library that one command,
one kind of request or one migration uses stays out of a server's memory until used."""

import json
import os
import subprocess
import sys
from pathlib import Path

from store.db import Store

ROOT = Path(__file__).resolve().parents[2]

# Built as `cspbot serve` builds it (bot/commands/serve.py), Slack configured.
PROBE = """
import asyncio, json, sys
import bot.cli
from bot.commands.common import open_store, settings
from bot.web import create_app
from schedules.clock import SystemClock
store = open_store(sys.argv[1])
app = create_app(settings=settings(), store=store, clock=SystemClock())
asyncio.run(app.state.meetings.sync_once())  # the first sync, soon after start-up
print(json.dumps(sorted(sys.modules)))
"""
NOT_AT_START_UP = (
    "alembic",  # only when the schema is behind (store/db.py)
    "icalendar",  # only for a calendar feed asked for (bot/calendar_web.py)
    "httpx",  # only for ModernGov sites followed (schedules/meeting_schedule.py): it loads rich
    "holidays.countries",  # every country's holidays, for England's (schedules/calendar.py)
    "microsoft_teams",  # only when Teams is configured (bot/teams/mount.py)
)


def test_serve_starts_without_what_it_does_not_need(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cspbot.db'}"
    Store.open(url).dispose()  # migrated here: a server finds its schema current
    env = os.environ | {
        "PYTHONPATH": str(ROOT),
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": "secret",
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE, url], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert "slack_bolt" in loaded  # the probe did build a Slack server
    assert [m for m in NOT_AT_START_UP if m in loaded] == []

"""`cspbot unanswered` through the real command line, and the keeping period: what is past
`CSPBOT_UNANSWERED_DAYS` is forgotten by the command and by `cspbot serve`."""

import json
import time
from datetime import timedelta

from sqlmodel import select
from typer.testing import CliRunner

from bot.cli import app
from bot.settings import Settings
from bot.web import create_app
from schedules.clock import FixedClock, SystemClock
from store.db import Store
from store.tables import UnansweredMessage
from store.unanswered import keep_unanswered
from tests.support.server import serve

runner = CliRunner()


def _keep(store: Store, words: str, *, days_ago: float, **extra: str) -> None:
    at = SystemClock().now() - timedelta(days=days_ago)
    keep_unanswered(store, text=words, at=at, reply="not_found", **{"platform": "slack", **extra})


def _texts(store: Store) -> list[str]:
    with store.session() as session:
        return sorted(r.text for r in session.exec(select(UnansweredMessage)))


def _fill(store: Store) -> None:
    _keep(store, "who leads on unicorns?", days_ago=3, partnership_id="riverford")
    _keep(store, "Who leads on Unicorns", days_ago=2.8, platform="teams")
    _keep(store, "when does the grant run out", days_ago=1)
    _keep(store, "who leads on dragons", days_ago=400)


def test_groups_most_frequent_first_and_forgets_what_is_past_keeping(
    store: Store, database_url: str
) -> None:
    _fill(store)
    result = runner.invoke(app, ["unanswered", "--db", database_url])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "3 messages not answered in 180 days, in 2 groups, most frequent first:"
    assert lines[1] == '   2  "Who leads on Unicorns"'
    assert lines[2].startswith("      first ") and lines[2].endswith("(slack, teams; riverford)")
    assert lines[3] == '   1  "when does the grant run out"'
    assert lines[4].startswith("      on ") and lines[4].endswith("(slack)")
    assert "dragons" not in result.stdout
    assert "who leads on dragons" not in _texts(store)


def test_json_and_since(store: Store, database_url: str) -> None:
    _fill(store)
    since = (SystemClock().now() - timedelta(days=1, hours=12)).date().isoformat()
    result = runner.invoke(app, ["unanswered", "--json", "--since", since, "--db", database_url])
    assert result.exit_code == 0, result.output
    groups = json.loads(result.stdout)
    assert [(g["count"], g["example"]) for g in groups] == [(1, "when does the grant run out")]
    assert groups[0]["platforms"] == ["slack"] and groups[0]["partnerships"] == []
    assert groups[0]["first"] == groups[0]["last"] and " at " in groups[0]["first_text"]


def test_the_keeping_period_comes_from_the_environment(store: Store, database_url: str) -> None:
    _fill(store)
    days = "CSPBOT_UNANSWERED_DAYS"
    result = runner.invoke(app, ["unanswered", "--json", "--db", database_url], env={days: "2"})
    assert [g["example"] for g in json.loads(result.stdout)] == ["when does the grant run out"]
    bad = runner.invoke(app, ["unanswered", "--db", database_url], env={days: "0"})
    assert bad.exit_code == 1 and "CSPBOT_UNANSWERED_DAYS" in bad.output


def test_a_bad_date_and_nothing_kept_get_a_sentence(database_url: str) -> None:
    assert runner.invoke(app, ["db", "upgrade", "--db", database_url]).exit_code == 0
    bad = runner.invoke(app, ["unanswered", "--since", "last week", "--db", database_url])
    assert bad.exit_code == 1
    assert bad.stderr == "cspbot: --since: not a date: 'last week' (expected YYYY-MM-DD)\n"
    far = runner.invoke(app, ["unanswered", "--since", "0001-01-01", "--db", database_url])
    assert far.exit_code == 1
    assert far.stderr == "cspbot: --since: 0001-01-01 is out of range (years 1900 to 2999)\n"
    empty = runner.invoke(app, ["unanswered", "--since", "2026-06-01", "--db", database_url])
    assert empty.exit_code == 0 and empty.stdout == "nothing went unanswered since 1 June 2026\n"


def test_serving_forgets_what_is_past_keeping(store: Store) -> None:
    _fill(store)
    now = SystemClock().now()
    settings = Settings(CSPBOT_UNANSWERED_DAYS=2, CSPBOT_SWEEP_SECONDS=3600)
    with serve(create_app(settings=settings, store=store, clock=FixedClock(now))):
        deadline = time.monotonic() + 10
        while len(_texts(store)) > 1 and time.monotonic() < deadline:
            time.sleep(0.05)
    assert _texts(store) == ["when does the grant run out"]

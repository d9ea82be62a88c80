"""`cspbot serve` with CSPBOT_LOG_FORMAT=json: every line it writes, its own, uvicorn's,
Alembic's and the SDKs', is one JSON object; a question's words are not logged at INFO."""

import json
import sqlite3
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from alembic import command

from store.datafile import import_file
from store.db import Store, alembic_config, head_revision, make_engine
from tests.bot.slack.conftest import DATA, NOW, SIGNING_SECRET
from tests.bot.slack.fake_slack import FakeSlack
from tests.bot.slack.signing import post_event
from tests.support.process import Served, cspbot_serve
from tests.support.server import wait_ready

QUESTION = "who leads on domestic abuse?"


def _serve(tmp_path: Path, api_url: str, level: str) -> AbstractContextManager[Served]:
    db = f"sqlite:///{tmp_path}/cspbot.db"
    store = Store.open(db)
    import_file(store, DATA, at=NOW)
    store.dispose()
    env = {
        "CSPBOT_LOG_FORMAT": "json",
        "CSPBOT_LOG_LEVEL": level,
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": api_url,
    }
    return cspbot_serve(tmp_path, db=db, env=env)


def _run(tmp_path: Path, fake_slack: tuple[FakeSlack, str], level: str) -> list[dict[str, Any]]:
    fake, api_url = fake_slack
    with _serve(tmp_path, api_url, level) as served:
        wait_ready(served.base)
        event = {"type": "message", "channel_type": "im", "user": "UTEST0003",
                 "channel": "DTEST0003", "text": QUESTION, "ts": "1700000100.000100"}  # fmt: skip
        assert post_event(served.base, event, event_id="EvJson1").status_code == 200
        fake.wait_for("chat.postMessage", where=lambda c: c.params["channel"] == "DTEST0003")
        served.stop()
    lines = served.lines()
    assert lines, "the process logged nothing"
    entries = []
    for line in lines:
        try:
            entries.append(json.loads(line))
        except ValueError as exc:
            raise AssertionError(f"not a JSON line: {line!r}") from exc
    return entries


def test_every_line_is_one_json_object_with_context(
    tmp_path: Path, fake_slack: tuple[FakeSlack, str]
) -> None:
    entries = _run(tmp_path, fake_slack, "INFO")
    for entry in entries:
        assert {"time", "level", "logger", "message"} <= set(entry), entry
    loggers = {entry["logger"] for entry in entries}
    assert {"uvicorn.error", "uvicorn.access", "cspbot.answers"} <= loggers
    access = [e for e in entries if e["logger"] == "uvicorn.access"]
    assert any("/readyz" in e["message"] and "200" in e["message"] for e in access)
    [answered] = [e for e in entries if e["logger"] == "cspbot.answers"]
    assert (answered["platform"], answered["event_id"]) == ("slack", "EvJson1")
    assert answered["intent"] == "lead" and answered["level"] == "INFO"
    assert not any("domestic abuse" in json.dumps(e) for e in entries), "no words at INFO"


def test_the_words_of_a_question_are_logged_at_debug_only(
    tmp_path: Path, fake_slack: tuple[FakeSlack, str]
) -> None:
    entries = _run(tmp_path, fake_slack, "DEBUG")
    worded = [e for e in entries if QUESTION in e["message"]]
    assert worded and all(e["level"] == "DEBUG" for e in worded)


def test_a_migration_at_start_up_logs_json_too(
    tmp_path: Path, fake_slack: tuple[FakeSlack, str]
) -> None:
    # Alembic runs (and logs) only when the schema is behind: one migration behind here.
    db = f"sqlite:///{tmp_path}/cspbot.db"
    sqlite3.connect(tmp_path / "cspbot.db").close()
    engine = make_engine(db)
    command.upgrade(alembic_config(engine), "head-1")
    engine.dispose()
    _, api_url = fake_slack
    env = {
        "CSPBOT_LOG_FORMAT": "json",
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": api_url,
    }
    with cspbot_serve(tmp_path, db=db, env=env) as served:
        wait_ready(served.base)
        served.stop()
    entries = [json.loads(line) for line in served.lines()]
    migration = [e["message"] for e in entries if e["logger"].startswith("alembic")]
    assert any(head_revision() in message for message in migration), "the migration's own log"

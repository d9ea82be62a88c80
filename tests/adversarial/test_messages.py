"""Odd messages on every surface (terminal, `cspbot ask`, Slack, Teams): each gets exactly
one answer that is not empty, and nothing logs a traceback. Odd payload shapes get a clean
answer or a clean silence."""

import json
import logging
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.terminal import chat, identity
from schedules.clock import FixedClock
from store.datafile import import_file
from store.db import Store
from tests.adversarial.odd import ODD_VALUES, odd_texts
from tests.bot.slack.conftest import Rig
from tests.bot.slack.signing import post_event, post_interaction
from tests.bot.teams.conftest import loopback_settings, running
from tests.bot.teams.fakes import FakeConnector
from tests.bot.teams.payloads import COORDINATOR, personal_message
from tests.bot.teams.test_conversations import texts
from tests.scenarios.conftest import AT, FICTIONAL_PATH

TEXTS = odd_texts(40)


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    """The chat surfaces are probed over SQLite (test_crash.py is the PostgreSQL probe)."""
    return sqlite_url


@pytest.fixture(autouse=True)
def _all_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    caplog.set_level(logging.INFO)
    yield
    tracebacks = [r.getMessage() for r in caplog.records if r.exc_info is not None]
    assert tracebacks == [], "a traceback was logged"
    errors = [r.getMessage()[:200] for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], "an error was logged"


def _eventually(probe: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not probe() and time.monotonic() < deadline:
        time.sleep(0.05)


@pytest.fixture
def fictional(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path}/fictional.db"
    store = Store.open(url)
    import_file(store, FICTIONAL_PATH, at=AT)
    store.dispose()
    return url


def test_the_terminal_answers_every_line_once(fictional: str) -> None:
    store = Store.open(fictional)
    lines = [text.replace("\n", " ").replace("\r", " ") for text in TEXTS]
    asked = [line for line in lines if line.strip()]
    feed = iter(lines)
    written: list[str] = []
    try:
        chat(
            store,
            sender=identity(store, "rv-manager"),
            clock=FixedClock(AT),
            read=lambda _prompt: next(feed),  # StopIteration ends it like Ctrl-D would not
            write=written.append,
        )
    except StopIteration:
        pass
    finally:
        store.dispose()
    answers = written[1:]  # after the greeting
    assert len(answers) == len(asked)
    assert all(answer.strip() for answer in answers)


def test_cspbot_ask_answers_odd_messages_as_json(fictional: str) -> None:
    runner = CliRunner()
    for text in [t for t in TEXTS if t.strip()][:25]:
        result = runner.invoke(app, ["ask", "--json", "--db", fictional, "--", text])
        assert result.exit_code == 0, (text, result.output)
        answer = json.loads(result.output)
        assert answer["text"].strip() and answer["intent"] != "error", text


def _dm(index: int, **fields: Any) -> dict[str, Any]:
    return {"type": "message", "channel_type": "im", "user": "UTEST0003",
            "channel": f"DFZ{index:05d}", "ts": "1700000100.000100"} | fields  # fmt: skip


def test_slack_answers_every_odd_message_once(rig: Rig) -> None:
    def send(index: int) -> int:
        event = _dm(index, text=TEXTS[index])
        return post_event(rig.base, event, event_id=f"EvFuzz{index}").status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(send, range(len(TEXTS))))
    assert set(statuses) == {200}
    channels = {f"DFZ{i:05d}" for i in range(len(TEXTS))}

    def answered() -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for call in rig.slack.named("chat.postMessage"):
            if call.params.get("channel") in channels:
                found.setdefault(call.params["channel"], []).append(call.params.get("text", ""))
        return found

    _eventually(lambda: len(answered()) == len(channels))
    time.sleep(0.5)  # room for a second answer to arrive
    found = answered()
    assert set(found) == channels
    assert all(len(said) == 1 and said[0].strip() for said in found.values())


SLACK_FIELDS = ["text", "user", "channel", "ts", "channel_type", "subtype", "thread_ts"]


def test_slack_events_of_odd_shapes_get_a_clean_answer_or_none(rig: Rig) -> None:
    before = len(rig.slack.named("chat.postMessage"))
    cases = [(field, value) for field in SLACK_FIELDS for value in ODD_VALUES]
    for index, (field, value) in enumerate(cases):
        event = _dm(index, text="help") | {field: value}
        for kind in ("message", "app_mention"):
            response = post_event(rig.base, event | {"type": kind}, event_id=f"Ev{kind}{index}")
            assert response.status_code in (200, 400), (field, value)
    time.sleep(1.5)  # the answers that will come
    posts = rig.slack.named("chat.postMessage")[before:]
    assert [c.params for c in posts if not isinstance(c.params.get("channel"), str)] == []
    per_channel: dict[str, int] = {}
    for call in posts:
        per_channel[call.params["channel"]] = per_channel.get(call.params["channel"], 0) + 1
    assert all(count <= 2 for count in per_channel.values())  # a DM and a mention at most
    assert all(call.params.get("text", "").strip() for call in posts)


INTERACTIONS: dict[str, dict[str, Any]] = {
    "block_actions": {
        "type": "block_actions",
        "user": {"id": "UTEST0001"},
        "container": {"type": "message", "message_ts": "1.2", "channel_id": "DTEST0001"},
        "message": {"ts": "1.2", "text": "x", "blocks": []},
        "actions": [{"action_id": "reminder_done", "value": "{}", "type": "button"}],
    },
    "message_action": {
        "type": "message_action",
        "callback_id": "log_progress_update",
        "user": {"id": "UTEST0001"},
        "trigger_id": "1.2.3",
        "message": {"text": "patrols up"},
    },
    "view_submission": {
        "type": "view_submission",
        "user": {"id": "UTEST0001"},
        "view": {"type": "modal", "callback_id": "progress_update", "state": {"values": {}}},
    },
}


# Fewer than for events: each interaction starts more work (look-ups, forms).
INTERACTION_VALUES: list[object] = [None, 0, [], {"id": "x"}, "x" * 5000]


@pytest.mark.parametrize("kind", INTERACTIONS)
def test_slack_interactions_of_odd_shapes_get_a_clean_answer(rig: Rig, kind: str) -> None:
    payload = INTERACTIONS[kind]
    for field in [*payload, "trigger_id"]:
        for value in INTERACTION_VALUES:
            odd = payload | {field: value}
            status = post_interaction(rig.base, odd).status_code
            assert status in (200, 400, 404), (field, value, status)  # 404: no listener
        for name, inner in payload.items():
            if isinstance(inner, dict):
                for key in inner:
                    for value in INTERACTION_VALUES:
                        odd = payload | {name: inner | {key: value}}
                        status = post_interaction(rig.base, odd).status_code
                        assert status in (200, 400, 404), (name, key, value, status)
    time.sleep(0.5)  # room for the work done after acknowledging to log a traceback


def _teams_message(connector: FakeConnector, index: int, text: object) -> dict[str, Any]:
    activity = personal_message(COORDINATOR, "", connector.service_url)
    activity["text"] = text
    activity["conversation"]["id"] = f"a:fuzz-{index}"
    return activity


def test_teams_answers_every_odd_message_once(
    data: Store, clock: FixedClock, connector: FakeConnector
) -> None:
    with running(data, clock, loopback_settings(connector, CSPBOT_SWEEP_SECONDS=3600)) as bot:
        for index, text in enumerate(TEXTS):
            assert bot.post(_teams_message(connector, index, text)).status_code == 200
        conversations = {f"a:fuzz-{i}" for i in range(len(TEXTS))}

        def answered() -> list[Any]:
            return [c for c in list(connector.calls) if c.conversation_id in conversations]

        _eventually(lambda: len({c.conversation_id for c in answered()}) == len(conversations))
        time.sleep(0.5)
        calls = answered()
    assert sorted(c.conversation_id for c in calls) == sorted(conversations)
    assert all(texts(c.card).strip() for c in calls)


TEAMS_FIELDS = ["text", "from", "conversation", "type", "id", "serviceUrl", "channelData"]


def test_teams_activities_of_odd_shapes_are_refused_or_answered_cleanly(
    data: Store, clock: FixedClock, connector: FakeConnector
) -> None:
    with running(data, clock, loopback_settings(connector, CSPBOT_SWEEP_SECONDS=3600)) as bot:
        for index, (field, value) in enumerate(
            (field, value) for field in TEAMS_FIELDS for value in ODD_VALUES
        ):
            activity = _teams_message(connector, index, "help") | {field: value}
            status = bot.post(activity).status_code
            assert status in (200, 400, 404), (field, value, status)  # 404: no listener
        time.sleep(1.0)
        counts: dict[str, int] = {}
        for call in list(connector.calls):
            counts[call.conversation_id] = counts.get(call.conversation_id, 0) + 1
    assert all(count == 1 for count in counts.values())

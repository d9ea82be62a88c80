"""Events of an unexpected shape, stale buttons and a store that cannot record event ids:
a clean answer or a clean silence, never a traceback."""

import json
import logging
import time
from typing import Any

import pytest
from sqlalchemy import text

from tests.bot.slack.conftest import Rig
from tests.bot.slack.fake_slack import BOT_USER_ID, Call
from tests.bot.slack.signing import post_event
from tests.bot.slack.test_home_and_reminders import click, reminder_in_dm

DM = {
    "type": "message",
    "channel_type": "im",
    "user": "UTEST0003",
    "channel": "DTEST0003",
    "ts": "1700000100.000100",
}


def posts_to(rig: Rig, channel: object) -> list[Call]:
    return [c for c in rig.slack.named("chat.postMessage") if c.params.get("channel") == channel]


def no_tracebacks(caplog: pytest.LogCaptureFixture) -> bool:
    return not [r for r in caplog.records if r.exc_info is not None]


def test_a_message_whose_text_is_null_gets_a_clean_answer(
    rig: Rig, caplog: pytest.LogCaptureFixture
) -> None:
    assert post_event(rig.base, DM | {"text": None}, event_id="EvNull1").status_code == 200
    [answer] = rig.slack.wait_for(
        "chat.postMessage", where=lambda c: c in posts_to(rig, "DTEST0003")
    )
    assert answer.params["text"]
    assert no_tracebacks(caplog)


ODD: dict[str, dict[str, Any]] = {
    "text is a number": DM | {"text": 42},
    "text is an object": DM | {"text": {"a": 1}},
    "channel is a list": DM | {"text": "help", "channel": ["DTEST0003"]},
    "user is a list": DM | {"text": "help", "user": ["UTEST0003"]},
    "mention in a list channel": {
        "type": "app_mention",
        "user": "UTEST0003",
        "channel": ["CTEST0001"],
        "text": f"<@{BOT_USER_ID}> help",
        "ts": "1700000000.000200",
    },
}


@pytest.mark.parametrize("event", ODD.values(), ids=ODD.keys())
def test_an_event_of_the_wrong_shape_is_ignored_cleanly(
    rig: Rig, caplog: pytest.LogCaptureFixture, event: dict[str, Any]
) -> None:
    caplog.set_level(logging.INFO)
    before = len(rig.slack.named("chat.postMessage"))
    assert post_event(rig.base, event, event_id="EvOdd1").status_code == 200
    time.sleep(0.5)  # room for a wrong answer to arrive
    assert len(rig.slack.named("chat.postMessage")) == before
    assert no_tracebacks(caplog)
    assert any("ignored a Slack" in r.getMessage() for r in caplog.records)


STALE_VALUES = {
    "not JSON": "not json",
    "a list": json.dumps([1, 2]),
    "no date": json.dumps({"milestone_id": "brook-assessment", "occurrence": "someday"}),
    "a number for the id": json.dumps({"milestone_id": 7, "occurrence": "2026-12-04"}),
}


@pytest.mark.parametrize("value", STALE_VALUES.values(), ids=STALE_VALUES.keys())
def test_a_button_whose_value_the_bot_did_not_write_is_out_of_date(
    rig: Rig, caplog: pytest.LogCaptureFixture, value: str
) -> None:
    reminder = reminder_in_dm(rig)
    blocks = [
        block | {"elements": [element | {"value": value} for element in block["elements"]]}
        if block["type"] == "actions"
        else block
        for block in reminder.params["blocks"]
    ]
    forged = Call(reminder.method, reminder.params | {"blocks": blocks}, None, 200,
                  reminder.result)  # fmt: skip
    said = click(rig, forged, "reminder_done", user="UTEST0001", then="chat.postEphemeral")
    assert "out of date" in said["text"] and said["user"] == "UTEST0001"
    assert no_tracebacks(caplog)
    assert not rig.slack.named("chat.update")


def test_a_question_is_answered_when_its_event_id_cannot_be_recorded(
    rig: Rig, caplog: pytest.LogCaptureFixture
) -> None:
    with rig.store.transaction() as session:  # every insert fails, as on a full disk
        session.execute(
            text(
                "CREATE TRIGGER full_disk BEFORE INSERT ON processedevent "
                "BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END"
            )
        )
    event = DM | {"text": "who leads on ASB?"}
    assert post_event(rig.base, event, event_id="EvFull1").status_code == 200
    [answer] = rig.slack.wait_for(
        "chat.postMessage", where=lambda c: c in posts_to(rig, "DTEST0003")
    )
    assert "ASB Lead, Brookfield" in answer.params["text"] + json.dumps(answer.params["blocks"])
    assert any("could not record" in r.getMessage() for r in caplog.records)


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    """SQLite only: the full-disk trigger is SQLite's, and event shapes do not depend on
    the database."""
    return sqlite_url

"""A question back shows its choices as buttons; pressing one answers the question as if
the person had typed the choice, in the same DM or thread, through the same pipeline."""

import json
from pathlib import Path
from typing import Any

import pytest

from bot.slack.blocks import BUTTONS_PER_BLOCK, LABEL_LIMIT, choice_buttons
from handlers.types import Choice
from store.datafile import import_file
from tests.bot.slack.conftest import NOW, Rig
from tests.bot.slack.fake_slack import BOT_USER_ID, Call
from tests.bot.slack.signing import post_command, post_event, post_interaction
from tests.bot.slack.test_conversations import dm, in_thread, said

SECOND = Path(__file__).parent.parent / "second_partnership.yaml"


@pytest.fixture
def two(rig: Rig) -> Rig:
    import_file(rig.store, SECOND, at=NOW)
    return rig


def buttons(call: Call) -> dict[str, dict[str, Any]]:
    """The answer's choice buttons by label."""
    return {
        element["text"]["text"]: element
        for block in call.params["blocks"] if block["type"] == "actions"
        for element in block["elements"]
    }  # fmt: skip


def press(
    rig: Rig, question: Call, button: dict[str, Any], *, user: str, ephemeral: bool = False
) -> None:
    channel = question.params["channel"]
    ts = question.result.get("ts") or question.result["message_ts"]
    message = {
        "type": "message",
        "user": BOT_USER_ID,
        "ts": ts,
        "text": question.params["text"],
        "blocks": question.params["blocks"],
    }
    if question.params.get("thread_ts"):
        message["thread_ts"] = question.params["thread_ts"]
    payload = {
        "type": "block_actions", "token": "unused", "api_app_id": "ADEMO0001",
        "team": {"id": "TDEMO0001", "domain": "demo"},
        "user": {"id": user, "username": "someone", "team_id": "TDEMO0001"},
        "container": {"type": "message", "message_ts": ts, "channel_id": channel,
                      "is_ephemeral": ephemeral},
        "channel": {"id": channel, "name": "somewhere"},
        "trigger_id": "1700000400.1.abc", "response_url": "https://hooks.slack.invalid/1",
        "message": message,
        "actions": [button | {"block_id": "choices_1", "type": "button",
                              "action_ts": "1700000400.000200"}],
    }  # fmt: skip
    assert post_interaction(rig.base, payload).status_code == 200


def test_a_choice_pressed_in_a_dm_answers_there(two: Rig) -> None:
    question = dm(two, "UGUEST001", "what are the priorities?", event_id="EvChoice1")
    shown = buttons(question)
    assert list(shown) == ["Brookfield Community Safety Partnership",
                           "Ashby Community Safety Partnership"]  # fmt: skip
    assert shown["Ashby Community Safety Partnership"]["value"] == (
        "what are the priorities for Ashby Community Safety Partnership?"
    )
    press(two, question, shown["Ashby Community Safety Partnership"], user="UGUEST001")
    [_, answer] = two.slack.wait_for(
        "chat.postMessage", count=2, where=lambda c: c.params["channel"] == "DGUEST001"
    )
    assert "Fraud Against Older People" in said(answer) and "Anti-Social" not in said(answer)
    assert "thread_ts" not in answer.params and not buttons(answer)


def test_a_choice_pressed_in_a_thread_answers_in_that_thread(two: Rig) -> None:
    mention = {"type": "app_mention", "user": "UGUEST001", "channel": "COTHER001",
               "text": f"<@{BOT_USER_ID}> what are the priorities",
               "ts": "1700000000.000300"}  # fmt: skip
    assert post_event(two.base, mention, event_id="EvChoice2").status_code == 200
    [question] = two.slack.wait_for("chat.postMessage", where=in_thread("1700000000.000300"))
    press(two, question, buttons(question)["Brookfield Community Safety Partnership"],
          user="UTEST0003")  # fmt: skip
    [_, answer] = two.slack.wait_for(
        "chat.postMessage", count=2, where=in_thread("1700000000.000300")
    )
    assert answer.params["channel"] == "COTHER001"
    assert "Anti-Social Behaviour" in said(answer) and "Fraud" not in said(answer)


def test_a_choice_pressed_on_an_answer_only_they_see_is_answered_only_to_them(two: Rig) -> None:
    asked = post_command(two.base, "priorities", user_id="UGUEST001", channel_id="COTHER001")
    assert asked.status_code == 200
    [question] = two.slack.wait_for("chat.postEphemeral")
    button = buttons(question)["Ashby Community Safety Partnership"]
    press(two, question, button, user="UGUEST001", ephemeral=True)
    [_, answer] = two.slack.wait_for("chat.postEphemeral", count=2)
    assert answer.params["user"] == "UGUEST001" and answer.params["channel"] == "COTHER001"
    assert "Fraud Against Older People" in said(answer)
    assert not two.slack.named("chat.postMessage")[3:], "nothing posted for everyone"


def test_a_forged_or_empty_choice_gets_a_clear_answer(two: Rig) -> None:
    question = dm(two, "UTEST0003", "what are the priorities for nowhere?", event_id="EvChoice3")
    for n, value in enumerate(["", "}{ not a question ' DROP TABLE x"], 2):
        forged = {"action_id": "choice_1", "text": {"type": "plain_text", "text": "x"}}
        press(two, question, forged | {"value": value}, user="UTEST0003")
        answers = two.slack.wait_for(
            "chat.postMessage", count=n, where=lambda c: c.params["channel"] == "DTEST0003"
        )
        assert len(answers) == n and answers[-1].params["text"]
        assert "went wrong" not in said(answers[-1]) and "Traceback" not in said(answers[-1])
    assert "couldn't read that choice" in said(answers[1])


def test_buttons_keep_to_slacks_limits() -> None:
    many = [Choice("x" * 100, f"question {n}") for n in range(30)] + [Choice("long", "y" * 2001)]
    blocks = choice_buttons(many)
    assert [len(b["elements"]) for b in blocks] == [BUTTONS_PER_BLOCK, 5]
    elements = [e for b in blocks for e in b["elements"]]
    assert all(len(e["text"]["text"]) <= LABEL_LIMIT for e in elements)
    assert (
        len({e["action_id"] for e in elements}) == 30 and len({b["block_id"] for b in blocks}) == 2
    )
    assert json.dumps(blocks).count("yyyy") == 0  # too long for a value: left to the list

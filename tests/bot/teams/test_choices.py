"""A question back shows its choices as Action.Execute buttons; pressing one is
acknowledged at once and answered, as if typed, in the same chat or channel thread."""

from pathlib import Path
from typing import Any

from bot.teams.cards import CHOICE_VERB, CHOICES_PER_SET, choice_buttons
from handlers.types import Choice
from schedules.clock import FixedClock
from store.datafile import import_file
from store.db import Store
from tests.bot.teams.conftest import loopback_settings, running
from tests.bot.teams.fakes import FakeConnector
from tests.bot.teams.payloads import (
    CHANNEL_ID,
    STRANGER,
    card_action,
    personal_conversation,
    personal_message,
)
from tests.bot.teams.test_conversations import texts

SECOND = Path(__file__).parent.parent / "second_partnership.yaml"
MESSAGE = "application/vnd.microsoft.activity.message"


def buttons(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        action["title"]: action
        for block in card["body"] if block["type"] == "ActionSet"
        for action in block["actions"]
    }  # fmt: skip


def test_a_choice_pressed_in_a_chat_answers_there(
    data: Store, clock: FixedClock, connector: FakeConnector
) -> None:
    import_file(data, SECOND, at=clock.now())
    url = connector.service_url
    with running(data, clock, loopback_settings(connector)) as bot:
        bot.post(personal_message(STRANGER, "what are the priorities?", url))
        (question,) = connector.wait_for(1)
        shown = buttons(question.card)
        assert list(shown) == ["Testshire Community Safety Partnership",
                               "Ashby Community Safety Partnership"]  # fmt: skip
        ashby = shown["Ashby Community Safety Partnership"]
        assert ashby["verb"] == CHOICE_VERB and ashby["data"] == {
            "text": "what are the priorities for Ashby Community Safety Partnership?"
        }
        pressed = bot.post(card_action(STRANGER, ashby["verb"], ashby["data"], url,
                                       reply_to_id="q1"))  # fmt: skip
        (_, answer) = connector.wait_for(2)
    assert pressed.status_code == 200 and pressed.json()["type"] == MESSAGE
    assert answer.method == "create"
    assert answer.conversation_id == personal_conversation(STRANGER)
    assert "Fraud Against Older People" in texts(answer.card)
    assert "Anti-social" not in texts(answer.card) and not buttons(answer.card)


def test_a_choice_pressed_in_a_channel_thread_answers_in_that_thread(
    data: Store, clock: FixedClock, connector: FakeConnector
) -> None:
    import_file(data, SECOND, at=clock.now())
    choice = {"text": "what are the priorities for Ashby Community Safety Partnership?"}
    with running(data, clock, loopback_settings(connector)) as bot:
        pressed = bot.post(card_action(STRANGER, CHOICE_VERB, choice, connector.service_url,
                                       reply_to_id="q2", in_channel=True))  # fmt: skip
        (answer,) = connector.wait_for(1)
    assert pressed.json()["type"] == MESSAGE
    assert answer.conversation_id == f"{CHANNEL_ID};messageid=q2"
    assert "Fraud Against Older People" in texts(answer.card)


def test_a_forged_choice_gets_a_clear_note_and_nothing_is_posted(
    data: Store, clock: FixedClock, connector: FakeConnector
) -> None:
    with running(data, clock, loopback_settings(connector, CSPBOT_SWEEP_SECONDS="3600")) as bot:
        answers = [
            bot.post(card_action(STRANGER, CHOICE_VERB, forged, connector.service_url))
            for forged in ({}, {"text": ""}, {"text": ["not", "words"]})
        ]
    for answer in answers:
        assert answer.status_code == 200
        body = answer.json()
        assert body["type"] == MESSAGE and "couldn't read that choice" in body["value"]
    assert connector.calls == []


def test_choices_come_in_rows() -> None:
    rows = choice_buttons([Choice(f"label {n}", f"question {n}") for n in range(8)])
    assert [len(row["actions"]) for row in rows] == [CHOICES_PER_SET, 2]
    assert rows[1]["actions"][1] == {
        "type": "Action.Execute",
        "title": "label 7",
        "verb": CHOICE_VERB,
        "data": {"text": "question 7"},
    }

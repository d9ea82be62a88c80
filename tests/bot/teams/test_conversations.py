"""Talking to cspbot in Teams: personal chat, channel mentions, installs, the update form."""

import threading
import time
from typing import Any

from bot.teams.delivery import CARD
from schedules.clock import FixedClock
from store.db import Store
from store.updates import latest_for_priority
from tests.bot.teams.conftest import (
    channel_ref,
    eventually,
    loopback_settings,
    personal_ref,
    running,
)
from tests.bot.teams.fakes import FakeConnector
from tests.bot.teams.payloads import (
    CHANNEL_ID,
    COORDINATOR,
    GROUP_CHAT_ID,
    LEAD,
    TEAM_ID,
    card_action,
    channel_mention,
    group_chat_mention,
    personal_conversation,
    personal_install,
    personal_message,
    team_install,
)


def texts(card: dict[str, Any]) -> str:
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key in ("text", "title", "value"):
                if isinstance(node.get(key), str):
                    found.append(node[key])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    return "\n".join(found)


def test_a_personal_message_is_answered_in_that_chat(
    data: Store, clock: FixedClock, connector: FakeConnector
) -> None:
    with running(data, clock, loopback_settings(connector)) as bot:
        answer = bot.post(personal_message(COORDINATOR, "who leads on ASB?", connector.service_url))
        (call,) = connector.wait_for(1)
    assert answer.status_code == 200
    assert call.method == "create"
    assert call.conversation_id == personal_conversation(COORDINATOR)
    assert call.authorization is None  # loopback mode asks no one for a token
    assert call.activity["attachments"][0]["contentType"] == CARD
    assert "Anti-social Behaviour Lead" in texts(call.card)


def test_a_channel_mention_is_answered_in_its_thread(
    data: Store, clock: FixedClock, connector: FakeConnector
) -> None:
    post = channel_mention(COORDINATOR, "what's due this month?", connector.service_url)
    with running(data, clock, loopback_settings(connector)) as bot:
        assert bot.post(post).status_code == 200
        (call,) = connector.wait_for(1)
    assert call.conversation_id == f"{CHANNEL_ID};messageid={post['id']}"
    assert "Strategic Assessment" in texts(call.card)
    ref = channel_ref(data, CHANNEL_ID)
    assert ref is not None and ref.conversation_id == CHANNEL_ID  # a new thread next time


def test_installs_remember_where_to_post_later(
    data: Store, clock: FixedClock, connector: FakeConnector
) -> None:
    connector.team_channels[TEAM_ID] = [
        {"id": TEAM_ID},
        {"id": CHANNEL_ID, "name": "Partnership"},
    ]
    with running(data, clock, loopback_settings(connector)) as bot:
        assert bot.post(team_install(COORDINATOR, connector.service_url)).status_code == 200
        assert bot.post(personal_install(COORDINATOR, connector.service_url)).status_code == 200
        channel = eventually(lambda: channel_ref(data, CHANNEL_ID))
        chat = eventually(lambda: personal_ref(data, "coordinator"))
    general = channel_ref(data, TEAM_ID)
    assert connector.calls == []  # installing says nothing
    assert channel is not None and channel.service_url == connector.service_url
    assert general is not None and general.conversation_id == TEAM_ID
    assert chat is not None and chat.conversation_id == personal_conversation(COORDINATOR)


def test_someone_known_only_by_email_is_recognised(
    data: Store, clock: FixedClock, connector: FakeConnector
) -> None:
    connector.members[LEAD["id"]] = {**LEAD, "email": "ASB.Lead@example.gov.uk"}
    with running(data, clock, loopback_settings(connector)) as bot:
        bot.post(personal_message(LEAD, "what do I lead?", connector.service_url))
        (call,) = connector.wait_for(1)
    assert "Anti-social Behaviour" in texts(call.card)
    chat = personal_ref(data, "asb-lead")  # and their chat is now theirs for reminders
    assert chat is not None and chat.conversation_id == personal_conversation(LEAD)


def test_updates_through_the_card_form(
    data: Store, clock: FixedClock, connector: FakeConnector
) -> None:
    connector.members[LEAD["id"]] = {**LEAD, "email": "asb.lead@example.gov.uk"}
    url = connector.service_url
    with running(data, clock, loopback_settings(connector)) as bot:
        bot.post(personal_message(LEAD, "post update", url))
        (call,) = connector.wait_for(1)
        form = call.card
        empty = bot.post(
            card_action(LEAD, "post_update", {"priority_id": "tcsp-asb", "rag": "amber"}, url)
        )
        stored = bot.post(
            card_action(
                LEAD,
                "post_update",
                {"priority_id": "tcsp-asb", "rag": "amber", "text": "Patrols <at>up</at> [x](y)"},
                url,
            )
        )
    inputs = {node["id"]: node for node in form["body"] if "id" in node}
    assert [choice["value"] for choice in inputs["priority_id"]["choices"]] == ["tcsp-asb"]
    assert empty.status_code == 200
    again = empty.json()
    assert again["type"] == CARD
    assert "the update text is empty" in texts(again["value"])
    assert stored.json()["type"] == CARD
    with data.session() as session:
        (update,) = latest_for_priority(session, priority_id="tcsp-asb", limit=5)
    assert (update.author_id, update.rag, update.text, update.source) == (
        "asb-lead",
        "amber",
        "Patrols <at>up</at> [x](y)",
        "teams",
    )
    shown = texts(stored.json()["value"])
    assert r"\<at\>up\</at\> \[x\](y)" in shown and "<at>up" not in shown


def test_a_reply_that_fails_to_send_is_retried_not_turned_into_an_error(
    data: Store, clock: FixedClock, connector: FakeConnector
) -> None:
    connector.fail_with = [503, 429]
    with running(data, clock, loopback_settings(connector)) as bot:
        answer = bot.post(personal_message(COORDINATOR, "help", connector.service_url))
        (call,) = connector.wait_for(1)
    assert answer.status_code == 200
    assert call.conversation_id == personal_conversation(COORDINATOR)
    assert connector.fail_with == []


def test_a_body_that_is_not_an_activity_is_refused(
    data: Store, clock: FixedClock, connector: FakeConnector
) -> None:
    with running(data, clock, loopback_settings(connector)) as bot:
        answer = bot.client.post(
            "/api/messages", content=b"{not json", headers={"Content-Type": "application/json"}
        )
    assert answer.status_code == 400


def test_teams_gets_its_answer_before_the_reply_is_sent(
    data: Store, clock: FixedClock, connector: FakeConnector
) -> None:
    connector.held = threading.Event()  # the reply's post waits until released
    with running(data, clock, loopback_settings(connector)) as bot:
        answer = bot.post(personal_message(COORDINATOR, "help", connector.service_url))
        assert answer.status_code == 200, "answered while the reply is still on its way"
        assert connector.calls == []
        connector.held.set()
        connector.wait_for(1)


def test_an_activity_sent_again_is_answered_once(
    data: Store, clock: FixedClock, connector: FakeConnector
) -> None:
    message = personal_message(COORDINATOR, "help", connector.service_url)
    with running(data, clock, loopback_settings(connector)) as bot:
        assert bot.post(message).status_code == 200
        connector.wait_for(1)
        assert bot.post(message).status_code == 200
        time.sleep(0.5)
    assert len(connector.calls) == 1


def test_a_group_chat_mention_is_answered_in_the_group_chat(
    data: Store, clock: FixedClock, connector: FakeConnector
) -> None:
    with running(data, clock, loopback_settings(connector)) as bot:
        bot.post(group_chat_mention(COORDINATOR, "who leads on ASB?", connector.service_url))
        (call,) = connector.wait_for(1)
    assert call.conversation_id == GROUP_CHAT_ID
    assert "Anti-social Behaviour Lead" in texts(call.card)

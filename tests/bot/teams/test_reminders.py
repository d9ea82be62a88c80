"""Reminders reach Teams unprompted, as cards whose buttons work."""

import asyncio
from typing import Any

import pytest

from bot.teams.app import TeamsBot
from bot.teams.config import teams_config
from handlers.types import DeliveryError, Outbound
from schedules.clock import FixedClock
from store import occurrences, teams_refs
from store.db import Store
from tests.bot.teams.conftest import (
    channel_ref,
    eventually,
    loopback_settings,
    personal_ref,
    running,
)
from tests.bot.teams.fakes import Call, FakeConnector
from tests.bot.teams.payloads import (
    CHANNEL_ID,
    COORDINATOR,
    STRANGER,
    TEAM_ID,
    card_action,
    personal_conversation,
    personal_install,
    team_install,
)
from tests.bot.teams.test_cards import reminder
from tests.bot.teams.test_conversations import texts


def reminder_to(connector: FakeConnector, conversation_id: str) -> Call | None:
    for call in list(connector.calls):
        card = call.card
        verbs = [action.get("verb") for action in card.get("actions", [])]
        if call.conversation_id == conversation_id and "done" in verbs:
            return call
    return None


def test_reminders_go_to_the_channel_and_the_owner_and_done_updates_the_card(
    data: Store, clock: FixedClock, connector: FakeConnector
) -> None:
    connector.team_channels[TEAM_ID] = [{"id": TEAM_ID}, {"id": CHANNEL_ID, "name": "TCSP"}]
    url = connector.service_url
    # Sweeps only at start-up, so nothing else writes while a button is pressed.
    settings = loopback_settings(connector, CSPBOT_SWEEP_SECONDS="3600")
    with running(data, clock, settings) as bot:
        bot.post(team_install(COORDINATOR, url))
        bot.post(personal_install(COORDINATOR, url))
        eventually(lambda: personal_ref(data, "coordinator"))
        eventually(lambda: channel_ref(data, CHANNEL_ID))
    clock.advance(minutes=3)  # past 09:00 on Monday 23 November: the reminders are due
    with running(data, clock, settings) as bot:
        in_channel = eventually(lambda: reminder_to(connector, CHANNEL_ID))
        in_chat = eventually(lambda: reminder_to(connector, personal_conversation(COORDINATOR)))
        assert in_channel.activity_id is None  # a new post, not an update
        sent_id = f"sent-{len(connector.calls)}"
        answer = bot.post(
            card_action(
                COORDINATOR,
                "done",
                in_channel.card["actions"][0]["data"],
                url,
                reply_to_id=sent_id,
                in_channel=True,
            )
        )
        update = eventually(
            lambda: next((c for c in connector.calls if c.method == "update"), None)
        )
    assert "Strategic Assessment" in texts(in_channel.card)
    assert "30 November 2026" in texts(in_chat.card)
    assert answer.status_code == 200
    body = answer.json()
    assert body["type"] == "application/vnd.microsoft.card.adaptive"
    shown = texts(body["value"])
    assert "Done: marked by Community Safety Coordinator" in shown
    assert "actions" not in body["value"]  # the buttons are gone
    assert update.activity_id == sent_id and update.card == body["value"]  # for everyone
    with data.session() as session:
        states = occurrences.occurrence_states(session, milestone_ids=["tcsp-assessment"])
    assert [state.status for state in states.values()] == ["done"]


def test_snooze_from_a_personal_chat(
    data: Store, clock: FixedClock, connector: FakeConnector
) -> None:
    url = connector.service_url
    buttons = {"milestone_id": "tcsp-assessment", "occurrence": "2026-11-30"}
    with running(data, clock, loopback_settings(connector)) as bot:
        answer = bot.post(card_action(COORDINATOR, "snooze_day", buttons, url, reply_to_id="1"))
    body = answer.json()
    assert "Snoozed by Community Safety Coordinator until 24 November 2026" in texts(body["value"])


def test_someone_else_pressing_done_is_told_no_and_the_card_stays(
    data: Store, clock: FixedClock, connector: FakeConnector
) -> None:
    buttons = {"milestone_id": "tcsp-assessment", "occurrence": "2026-11-30"}
    with running(data, clock, loopback_settings(connector)) as bot:
        answer = bot.post(
            card_action(STRANGER, "done", buttons, connector.service_url, reply_to_id="1")
        )
    body = answer.json()
    assert body["type"] == "application/vnd.microsoft.activity.message"
    assert connector.calls == []


def outbound(**where: Any) -> Outbound:
    return Outbound(delivery_id=1, reply=reminder(), **where)


@pytest.mark.parametrize(
    "where", [{"person_id": "coordinator"}, {"partnership_id": "tcsp"}], ids=["person", "channel"]
)
def test_no_stored_conversation_is_a_permanent_failure(
    data: Store, clock: FixedClock, connector: FakeConnector, where: dict[str, str]
) -> None:
    config = teams_config(loopback_settings(connector))
    assert config is not None
    bot = TeamsBot(config=config, store=data, clock=clock)
    with pytest.raises(DeliveryError) as failure:
        asyncio.run(bot.notifier.deliver(outbound(**where)))
    assert failure.value.permanent
    assert "no conversation reference" in failure.value.reason
    assert connector.calls == []


@pytest.mark.parametrize(
    ("status", "permanent", "retry_after"),
    [(429, False, 0.1), (503, False, None), (403, True, None), (404, True, None)],
)
def test_what_teams_answers_decides_whether_the_sweep_tries_again(
    data: Store,
    clock: FixedClock,
    connector: FakeConnector,
    status: int,
    permanent: bool,
    retry_after: float | None,
) -> None:
    with data.transaction() as session:
        teams_refs.save_reference(
            session,
            conversation_id=CHANNEL_ID,
            service_url=connector.service_url,
            scope="channel",
            reference={},
            at=clock.now(),
            channel_id=CHANNEL_ID,
        )
    config = teams_config(loopback_settings(connector))
    assert config is not None
    bot = TeamsBot(config=config, store=data, clock=clock)
    connector.fail_with = [status]

    async def twice() -> DeliveryError:
        with pytest.raises(DeliveryError) as failure:
            await bot.notifier.deliver(outbound(partnership_id="tcsp"))
        await bot.notifier.deliver(outbound(partnership_id="tcsp"))  # Teams is back
        return failure.value

    failed = asyncio.run(twice())
    assert (failed.permanent, failed.retry_after) == (permanent, retry_after)
    (call,) = connector.calls
    assert call.conversation_id == CHANNEL_ID

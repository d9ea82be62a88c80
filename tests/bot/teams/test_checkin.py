"""A check-in reaches a lead in Teams as a card with the update form on their items; the
update stored from it answers the round."""

from datetime import date

from schedules.clock import FixedClock
from store.db import Store
from store.tables import Milestone, Person
from tests.bot.teams.conftest import eventually, loopback_settings, personal_ref, running
from tests.bot.teams.fakes import Call, FakeConnector
from tests.bot.teams.payloads import (
    COORDINATOR,
    LEAD,
    LEAD_AAD,
    card_action,
    personal_conversation,
    personal_install,
    personal_message,
)
from tests.bot.teams.test_conversations import texts
from tests.rounds.support import meeting_round

MEETING = date(2026, 12, 7)  # the round opens at 09:00 on Monday 23 November


def checkin_to(connector: FakeConnector, conversation_id: str) -> Call | None:
    for call in list(connector.calls):
        ids = [node.get("id") for node in call.card.get("body", [])]
        if call.conversation_id == conversation_id and "priority_id" in ids:
            return call
    return None


def test_the_checkin_card_form_answers_the_round(
    data: Store, clock: FixedClock, connector: FakeConnector
) -> None:
    with data.transaction() as session:
        session.add(
            Milestone(id="tcsp-board", partnership_id="tcsp", title="TCSP Board",
                      kind="board_meeting", due_date=MEETING, due_time="10:00")
        )  # fmt: skip
        lead = session.get(Person, "asb-lead")
        assert lead is not None
        lead.teams_id = LEAD_AAD  # reachable in Teams, as after `cspbot import` with it
    connector.members[LEAD["id"]] = {**LEAD, "email": "asb.lead@example.gov.uk"}
    url = connector.service_url
    settings = loopback_settings(connector, CSPBOT_SWEEP_SECONDS="3600")
    with running(data, clock, settings) as bot:
        bot.post(personal_install(LEAD, url))
        eventually(lambda: personal_ref(data, "asb-lead"))
    clock.advance(minutes=3)
    with running(data, clock, settings) as bot:
        call = eventually(lambda: checkin_to(connector, personal_conversation(LEAD)))
        inputs = {node["id"]: node for node in call.card["body"] if "id" in node}
        [choice] = inputs["priority_id"]["choices"]
        assert choice["value"] == "tcsp-asb"
        answer = bot.post(
            card_action(
                LEAD,
                call.card["actions"][0]["verb"],
                {"priority_id": choice["value"], "rag": "green", "text": "Patrols up"},
                url,
                reply_to_id="1",
            )
        )
    assert "TCSP Board" in texts(call.card) and "4 December 2026" not in texts(call.card)
    assert "No RAG yet, never updated" in texts(call.card)
    assert answer.status_code == 200 and "Patrols up" in texts(answer.json()["value"])
    state = meeting_round(
        data, milestone_id="tcsp-board", partnership_id="tcsp", occurrence=MEETING
    )
    assert [item.answered for item in state.leads["asb-lead"]] == [True]


def test_the_coordinator_asking_for_the_report_gets_a_signed_link(
    data: Store, clock: FixedClock, connector: FakeConnector
) -> None:
    with data.transaction() as session:
        session.add(
            Milestone(id="tcsp-board", partnership_id="tcsp", title="TCSP Board",
                      kind="board_meeting", due_date=MEETING, due_time="10:00")
        )  # fmt: skip
    url = connector.service_url
    settings = loopback_settings(
        connector,
        CSPBOT_SWEEP_SECONDS="3600",
        CSPBOT_LINK_SECRET="a-test-secret-of-some-length",
        CSPBOT_PUBLIC_URL="https://cspbot.example.gov.uk",
    )
    with running(data, clock, settings) as bot:
        bot.post(personal_message(COORDINATOR, "draft the board report", url))
        call = eventually(
            lambda: next((c for c in connector.calls if "Draft progress" in texts(c.card)), None)
        )
        shown = texts(call.card)
        link = shown[shown.index("https://cspbot.example.gov.uk/reports/") :].split()[0]
        got = bot.client.get(link.removeprefix("https://cspbot.example.gov.uk"))
    assert "the link works for 7 days" in shown
    assert got.status_code == 200 and got.content[:2] == b"PK"

"""A check-in in Slack: one "Update" button per item, which opens the progress-update form
on that item; the update submitted from it answers the round."""

from datetime import date, timedelta

from bot.slack import blocks
from schedules.checkins import checkin_reply, round_state
from store import occurrences
from store.tables import Milestone
from tests.bot.slack.conftest import NOW, Rig
from tests.bot.slack.signing import post_interaction
from tests.bot.slack.test_update_modal import USER, submit

MEETING = date(2026, 12, 8)  # the round opened on 24 November 2026 would be the tenth day


def seed_meeting(rig: Rig) -> None:
    with rig.store.transaction() as session:
        session.add(
            Milestone(id="brook-board", partnership_id="brook", title="Brookfield CSP Board",
                      kind="board_meeting", due_date=MEETING, due_time="10:00")
        )  # fmt: skip


def checkin_payload(rig: Rig, lead: str) -> dict:
    with rig.store.session() as session:
        milestone = occurrences.milestone_by_id(session, milestone_id="brook-board")
        partnership = occurrences.partnership_by_id(session, partnership_id="brook")
        assert milestone is not None and partnership is not None
        state = round_state(
            session, milestone=milestone, partnership=partnership, occurrence=MEETING
        )
    assert state is not None
    reply = checkin_reply(state, lead, delivery_id=1, late=False)
    assert reply is not None
    return blocks.message_payload(reply)


def press(rig: Rig, action_id: str, value: str) -> None:
    payload = {
        "type": "block_actions", "token": "unused", "team": {"id": "TDEMO0001", "domain": "demo"},
        "user": USER, "trigger_id": "1700000900.1.abc",
        "container": {"type": "message", "channel_id": "DTEST0002", "message_ts": "1.2"},
        "channel": {"id": "DTEST0002"},
        "actions": [{"action_id": action_id, "block_id": "checkin_actions", "type": "button",
                     "value": value, "action_ts": "1700000900.000100"}],
    }  # fmt: skip
    assert post_interaction(rig.base, payload).status_code == 200


def test_the_checkin_button_opens_the_form_on_its_item_and_the_update_answers(rig: Rig) -> None:
    seed_meeting(rig)
    payload = checkin_payload(rig, "brook-asb-lead")
    [actions] = [b for b in payload["blocks"] if b.get("block_id") == "checkin_actions"]
    [button] = actions["elements"]
    assert button["action_id"] == "checkin_update:brook-asb" and button["value"] == "brook-asb"
    assert "Anti-Social Behaviour" in str(payload["blocks"][1])

    press(rig, button["action_id"], button["value"])
    [opened] = rig.slack.wait_for("views.open")
    view = opened.params["view"]
    [picker] = [b for b in view["blocks"] if b.get("block_id") == "priority"]
    assert picker["element"]["initial_option"]["value"] == "brook-asb"

    rig.clock.advance(days=1)
    answer = submit(rig, view, priority="brook-asb", rag="green", text="Patrols up")
    assert answer["response_action"] == "update"
    with rig.store.session() as session:
        milestone = occurrences.milestone_by_id(session, milestone_id="brook-board")
        partnership = occurrences.partnership_by_id(session, partnership_id="brook")
        assert milestone is not None and partnership is not None
        state = round_state(
            session, milestone=milestone, partnership=partnership, occurrence=MEETING
        )
    assert state is not None and state.times.opens <= NOW + timedelta(days=1)
    assert [i.answered for i in state.leads["brook-asb-lead"]] == [True]
    assert [i.answered for i in state.leads["brook-coordinator"]] == [False]

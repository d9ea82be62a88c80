"""App Home, and reminders delivered by the sweep whose buttons work."""

import json
from datetime import date
from typing import Any

from store.occurrences import occurrence_states
from tests.bot.slack.conftest import Rig
from tests.bot.slack.fake_slack import BOT_USER_ID, Call
from tests.bot.slack.signing import post_event, post_interaction


def test_app_home_is_published(rig: Rig) -> None:
    event = {"type": "app_home_opened", "user": "UTEST0001", "channel": "DTEST0001",
             "tab": "home", "event_ts": "1700000300.000100"}  # fmt: skip
    assert post_event(rig.base, event, event_id="EvHome1").status_code == 200
    [published] = rig.slack.wait_for("views.publish")
    view = published.params["view"]
    assert published.params["user_id"] == "UTEST0001" and view["type"] == "home"
    shown = json.dumps(view)
    assert "Strategic Assessment" in shown and "Domestic Abuse" in shown
    assert "home_post_update" in shown


def reminder_in_dm(rig: Rig) -> Call:
    [reminder] = rig.slack.wait_for(
        "chat.postMessage", where=lambda call: call.params["channel"] == "DTEST0001"
    )
    return reminder


def click(
    rig: Rig, reminder: Call, action_id: str, *, user: str, then: str = "chat.update"
) -> dict[str, Any]:
    """Press one of the reminder's buttons as `user`; the call to the fake that follows."""
    [button] = [
        element
        for block in reminder.params["blocks"] if block["type"] == "actions"
        for element in block["elements"] if element["action_id"] == action_id
    ]  # fmt: skip
    ts = reminder.result["ts"]
    payload = {
        "type": "block_actions", "token": "unused", "api_app_id": "ADEMO0001",
        "team": {"id": "TDEMO0001", "domain": "demo"},
        "user": {"id": user, "username": "someone", "team_id": "TDEMO0001"},
        "container": {"type": "message", "message_ts": ts, "channel_id": "DTEST0001",
                      "is_ephemeral": False},
        "channel": {"id": "DTEST0001", "name": "directmessage"},
        "trigger_id": "1700000400.1.abc", "response_url": "https://hooks.slack.invalid/1",
        "message": {"type": "message", "user": BOT_USER_ID, "ts": ts,
                    "text": reminder.params["text"], "blocks": reminder.params["blocks"]},
        "actions": [button | {"block_id": "occurrence_actions", "type": "button",
                              "action_ts": "1700000400.000200"}],
    }  # fmt: skip
    assert post_interaction(rig.base, payload).status_code == 200
    [answer] = rig.slack.wait_for(then, where=lambda call: call.params["channel"] == "DTEST0001")
    return answer.params


def test_done_on_a_reminder_marks_the_occurrence_and_says_who(rig: Rig) -> None:
    reminder = reminder_in_dm(rig)
    update = click(rig, reminder, "reminder_done", user="UTEST0001")
    assert update["ts"] == reminder.result["ts"]
    shown = update["text"] + json.dumps(update["blocks"])
    assert "Community Safety Manager, Brookfield" in shown
    assert "23 November 2026" in shown  # when (the fixed clock)
    assert not [b for b in update["blocks"] if b["type"] == "actions"], "buttons gone"
    with rig.store.session() as session:
        states = occurrence_states(session, milestone_ids=["brook-assessment"])
    assert states[("brook-assessment", date(2026, 12, 4))].status == "done"


def test_snooze_a_week(rig: Rig) -> None:
    update = click(rig, reminder_in_dm(rig), "reminder_snooze_1w", user="UTEST0001")
    assert "30 November 2026" in update["text"]
    with rig.store.session() as session:
        states = occurrence_states(session, milestone_ids=["brook-assessment"])
    assert states[("brook-assessment", date(2026, 12, 4))].snoozed_until is not None


def test_someone_else_cannot_mark_it_done(rig: Rig) -> None:
    click(rig, reminder_in_dm(rig), "reminder_done", user="UTEST0003", then="chat.postEphemeral")
    [refusal] = rig.slack.wait_for("chat.postEphemeral")
    assert refusal.params["user"] == "UTEST0003" and refusal.params["text"]
    assert not rig.slack.named("chat.update"), "the buttons stay for those who may"
    with rig.store.session() as session:
        states = occurrence_states(session, milestone_ids=["brook-assessment"])
    state = states.get(("brook-assessment", date(2026, 12, 4)))
    assert state is None or state.status != "done"

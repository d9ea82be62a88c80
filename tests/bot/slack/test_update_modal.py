"""Updates from Slack: the message shortcut opens a modal limited to the person's
priorities; a bad submission shows field errors inside it; a good one is stored once."""

from typing import Any

from store.updates import latest_for_priority
from tests.bot.slack.conftest import Rig
from tests.bot.slack.signing import post_interaction

USER = {"id": "UTEST0002", "username": "asb", "team_id": "TDEMO0001"}  # the ASB lead


def shortcut(rig: Rig, user: dict[str, str]) -> dict[str, Any]:
    payload = {
        "type": "message_action", "callback_id": "log_progress_update", "token": "unused",
        "trigger_id": "1700000500.1.abc", "team": {"id": "TDEMO0001", "domain": "demo"},
        "user": user, "channel": {"id": "CTEST0001", "name": "brook-csp"},
        "message": {"type": "message", "user": user["id"], "ts": "1700000500.000100",
                    "text": "Patrols up &amp; reports down in &lt;the town centre&gt;"},
        "response_url": "https://hooks.slack.invalid/2",
    }  # fmt: skip
    assert post_interaction(rig.base, payload).status_code == 200
    [opened] = rig.slack.wait_for("views.open")
    assert opened.params["trigger_id"] == "1700000500.1.abc"
    return dict(opened.params["view"])


def submit(rig: Rig, view: dict[str, Any], *, priority: str | None, rag: str | None,
           text: str) -> dict[str, Any]:  # fmt: skip
    def chosen(value: str | None) -> dict[str, Any]:
        return {"type": "static_select", "selected_option": {"value": value} if value else None}

    state = {"values": {
        "priority": {"value": chosen(priority)},
        "rag": {"value": chosen(rag)},
        "text": {"value": {"type": "plain_text_input", "value": text}},
    }}  # fmt: skip
    payload = {
        "type": "view_submission", "token": "unused", "trigger_id": "1700000600.1.abc",
        "team": {"id": "TDEMO0001", "domain": "demo"}, "user": USER,
        "view": view | {"id": "VTEST0001", "state": state, "hash": "1.abc"},
    }  # fmt: skip
    response = post_interaction(rig.base, payload)
    assert response.status_code == 200
    return dict(response.json()) if response.content else {}


def stored(rig: Rig) -> list[str]:
    with rig.store.session() as session:
        return [u.text for u in latest_for_priority(session, priority_id="brook-asb", limit=5)]


def test_the_modal_offers_only_my_priorities_and_the_message_text(rig: Rig) -> None:
    view = shortcut(rig, USER)
    blocks = {block.get("block_id"): block for block in view["blocks"]}
    options = [o["value"] for o in blocks["priority"]["element"]["options"]]
    assert options == ["brook-asb"]
    assert blocks["text"]["element"]["initial_value"] == (
        "Patrols up & reports down in <the town centre>"
    )


def test_field_errors_are_shown_in_the_modal_and_nothing_is_stored(rig: Rig) -> None:
    view = shortcut(rig, USER)
    answer = submit(rig, view, priority=None, rag=None, text="   ")
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {"priority", "text"}
    assert stored(rig) == []


def test_a_good_update_is_stored_and_confirmed(rig: Rig) -> None:
    view = shortcut(rig, USER)
    answer = submit(rig, view, priority="brook-asb", rag="amber", text="Patrols up")
    assert answer["response_action"] == "update"
    assert "Anti-Social Behaviour" in str(answer["view"])
    assert stored(rig) == ["Patrols up"]


def test_a_guest_gets_a_modal_that_explains(rig: Rig) -> None:
    view = shortcut(rig, {"id": "UGUEST001", "username": "guest", "team_id": "TDEMO0001"})
    assert "submit" not in view


def test_the_home_button_opens_the_same_modal(rig: Rig) -> None:
    payload = {
        "type": "block_actions",
        "token": "unused",
        "team": {"id": "TDEMO0001", "domain": "demo"},
        "user": {"id": "UTEST0001", "username": "coordinator", "team_id": "TDEMO0001"},
        "container": {"type": "view", "view_id": "VHOME0001"},
        "trigger_id": "1700000800.1.abc",
        "view": {"id": "VHOME0001", "type": "home"},
        "actions": [{"action_id": "home_post_update", "block_id": "b1", "type": "button",
                     "action_ts": "1700000800.000100"}],
    }  # fmt: skip
    assert post_interaction(rig.base, payload).status_code == 200
    [opened] = rig.slack.wait_for("views.open")
    view = opened.params["view"]
    [picker] = [b for b in view["blocks"] if b.get("block_id") == "priority"]
    # The coordinator may update every priority of the partnership.
    assert sorted(o["value"] for o in picker["element"]["options"]) == ["brook-asb", "brook-dv"]

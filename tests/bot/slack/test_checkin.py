"""A check-in in Slack: one "Update" button per item, which opens the progress-update form
on that item; the update submitted from it answers the round."""

import asyncio
import io
from datetime import date, timedelta
from pathlib import Path

import docx

from bot.metrics import Metrics
from bot.reports.files import ReportFiles
from bot.settings import Settings
from bot.slack import blocks
from bot.slack.config import slack_config
from bot.slack.notifier import SlackNotifier
from handlers.types import Outbound
from schedules.checkins import checkin_reply, summary_reply
from store.db import Store
from store.tables import Milestone
from tests.bot.slack.conftest import NOW, Rig, slack_settings
from tests.bot.slack.signing import post_event, post_interaction
from tests.bot.slack.test_update_modal import USER, submit
from tests.rounds.support import meeting_round

MEETING = date(2026, 12, 8)  # the round opened on 24 November 2026 would be the tenth day


def seed_meeting(rig: Rig) -> None:
    with rig.store.transaction() as session:
        session.add(
            Milestone(id="brook-board", partnership_id="brook", title="Brookfield CSP Board",
                      kind="board_meeting", due_date=MEETING, due_time="10:00")
        )  # fmt: skip


def checkin_payload(rig: Rig, lead: str) -> dict:
    state = meeting_round(
        rig.store, milestone_id="brook-board", partnership_id="brook", occurrence=MEETING
    )
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
    state = meeting_round(
        rig.store, milestone_id="brook-board", partnership_id="brook", occurrence=MEETING
    )
    assert state.times.opens <= NOW + timedelta(days=1)
    assert [i.answered for i in state.leads["brook-asb-lead"]] == [True]
    assert [i.answered for i in state.leads["brook-coordinator"]] == [False]


def test_the_summary_carries_the_draft_report_uploaded_into_the_dm(
    rig: Rig, store: Store, tmp_path: Path
) -> None:
    seed_meeting(rig)
    state = meeting_round(
        rig.store, milestone_id="brook-board", partnership_id="brook", occurrence=MEETING
    )
    reply = summary_reply(state, delivery_id=7, late=False)
    config = slack_config(slack_settings(rig.api_url))
    assert config is not None
    settings = Settings(CSPBOT_REPORTS_DIR=str(tmp_path))
    files = ReportFiles(store=rig.store, clock=rig.clock, settings=settings)
    notifier = SlackNotifier(config, store=rig.store, metrics=Metrics(rig.store), reports=files)
    asyncio.run(
        notifier.deliver(Outbound(delivery_id=7, reply=reply, person_id="brook-coordinator"))
    )
    [posted] = rig.slack.wait_for(
        "chat.postMessage", where=lambda c: "has closed" in str(c.params.get("text"))
    )
    assert posted.params["channel"] == "DTEST0001"
    assert "attached below" in posted.params["text"]
    [asked] = rig.slack.named("files.getUploadURLExternal")
    assert asked.params["filename"] == "brook-report-2026-12-08.docx"
    [done] = rig.slack.named("files.completeUploadExternal")
    assert done.params["channel_id"] == "DTEST0001"
    file_id = asked.result["file_id"]
    document = docx.Document(io.BytesIO(rig.slack.uploads[file_id]))
    assert document.paragraphs[0].text == "Brookfield Community Safety Partnership: progress report"
    assert int(asked.params["length"]) == len(rig.slack.uploads[file_id])


def test_asking_for_the_board_report_in_a_dm_gets_the_file(rig: Rig) -> None:
    seed_meeting(rig)
    event = {
        "type": "message", "channel_type": "im", "user": "UTEST0001", "channel": "DTEST0001",
        "text": "draft the board report for Brookfield", "ts": "1700000100.000100",
    }  # fmt: skip
    assert post_event(rig.base, event, event_id="EvReport1").status_code == 200
    [answer] = rig.slack.wait_for(
        "chat.postMessage", where=lambda c: "Draft progress report" in str(c.params.get("text"))
    )
    assert answer.params["channel"] == "DTEST0001" and "attached below" in answer.params["text"]
    [done] = rig.slack.wait_for("files.completeUploadExternal")
    assert done.params["channel_id"] == "DTEST0001"
    [asked] = rig.slack.named("files.getUploadURLExternal")
    assert asked.params["filename"] == "brook-report-2026-12-08.docx"
    assert rig.slack.uploads[asked.result["file_id"]][:2] == b"PK"

"""Forged, stale and retried requests: refused or ignored, and nothing stored twice."""

import json
import time

import httpx

from store.updates import latest_for_priority
from tests.bot.slack.conftest import Rig
from tests.bot.slack.fake_slack import Call
from tests.bot.slack.signing import event_body, post, post_event

DM_UPDATE = {
    "type": "message",
    "channel_type": "im",
    "user": "UTEST0001",
    "channel": "DTEST0001",
    "text": "update DA green: refuge places funded for another year",
    "ts": "1700000200.000100",
}


def stored_updates(rig: Rig) -> int:
    with rig.store.session() as session:
        return len(latest_for_priority(session, priority_id="brook-dv", limit=10))


def in_dm(call: Call) -> bool:
    return call.params["channel"] == "DTEST0001"


def answers_in(rig: Rig, channel: str) -> int:
    return len([c for c in rig.slack.named("chat.postMessage") if c.params["channel"] == channel])


def test_a_bad_signature_is_refused_and_nothing_is_stored(rig: Rig) -> None:
    body = event_body(DM_UPDATE, event_id="EvForged1")
    response = post(rig.base, body, content_type="application/json", secret="not-the-secret")
    assert response.status_code == 401
    unsigned = httpx.post(f"{rig.base}/slack/events", content=body,
                          headers={"Content-Type": "application/json"})  # fmt: skip
    assert unsigned.status_code == 401
    # A genuine event afterwards is handled: the forged one left no trace of its id.
    assert post_event(rig.base, DM_UPDATE, event_id="EvForged1").status_code == 200
    rig.slack.wait_for("chat.postMessage", count=2, where=in_dm)
    assert stored_updates(rig) == 1


def test_a_stale_timestamp_is_refused(rig: Rig) -> None:
    body = event_body(DM_UPDATE, event_id="EvStale1")
    response = post(rig.base, body, content_type="application/json", age=10 * 60)
    assert response.status_code == 401
    assert stored_updates(rig) == 0


def test_a_retried_event_is_handled_once(rig: Rig) -> None:
    first = post_event(rig.base, DM_UPDATE, event_id="EvRetry1")
    retries = [post_event(rig.base, DM_UPDATE, event_id="EvRetry1", retry_num=n) for n in (1, 2)]
    assert first.status_code == 200 and all(r.status_code == 200 for r in retries)
    rig.slack.wait_for("chat.postMessage", count=2, where=in_dm)
    time.sleep(0.3)  # room for a wrongly repeated answer to arrive
    assert stored_updates(rig) == 1
    # the owner's DM holds the sweep's reminder and exactly one answer
    assert answers_in(rig, "DTEST0001") == 2


def test_slack_gets_its_acknowledgement_before_the_work_is_done(rig: Rig) -> None:
    released = rig.slack.hold("chat.postMessage")  # Slack has not answered the reply yet
    response = post_event(rig.base, DM_UPDATE, event_id="EvSlow1")
    assert response.status_code == 200, "acknowledged while the reply is still on its way"
    assert answers_in(rig, "DTEST0001") == 1  # only the sweep's reminder so far
    released.set()
    rig.slack.wait_for("chat.postMessage", count=2, where=in_dm)  # the sweep's, then ours
    assert stored_updates(rig) == 1


def test_the_request_url_check_is_answered(rig: Rig) -> None:
    body = json.dumps({"token": "unused", "challenge": "c-123", "type": "url_verification"})
    response = post(rig.base, body, content_type="application/json")
    assert response.status_code == 200 and response.json() == {"challenge": "c-123"}

"""Forged, stale and retried requests: refused or ignored, and nothing stored twice."""

import json
import logging
import time
from collections.abc import Iterator, Mapping

import httpx
import pytest

from store.updates import latest_for_priority
from tests.bot.slack.conftest import Rig
from tests.bot.slack.fake_slack import Call
from tests.bot.slack.signing import event_body, post, post_event, signature, signed_headers

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


MARKER = "forged-body-marker-7f3a"


def _forged(rig: Rig, body: bytes, headers: Mapping[str, str | bytes]) -> httpx.Response:
    return httpx.post(f"{rig.base}/slack/events", content=body, headers=headers, timeout=10)


FORGED: dict[str, tuple[bytes, dict[str, str]]] = {
    "unsigned malformed JSON": (b'{"event": ' + MARKER.encode(), {}),
    "unsigned binary": (b"\xff\xfe\x00\x81" + MARKER.encode() + bytes(range(256)), {}),
    "non-numeric timestamp": (
        MARKER.encode(),
        {"X-Slack-Request-Timestamp": "soon", "X-Slack-Signature": signature(MARKER, "soon")},
    ),
    "non-ASCII digits": (
        MARKER.encode(),
        {"X-Slack-Request-Timestamp": "١٢٣", "X-Slack-Signature": "v0=٣"},
    ),
    "bad signature": (
        json.dumps({"type": "event_callback", "text": MARKER}).encode(),
        {"X-Slack-Request-Timestamp": str(int(time.time())), "X-Slack-Signature": "v0=00"},
    ),
}


@pytest.mark.parametrize("body, headers", FORGED.values(), ids=FORGED.keys())
def test_forged_requests_get_401_and_one_log_line_without_the_body(
    rig: Rig, caplog: pytest.LogCaptureFixture, body: bytes, headers: dict[str, str]
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.clear()
    sent = {"Content-Type": "application/json"} | headers
    response = _forged(rig, body, {k: v.encode() for k, v in sent.items()})
    assert response.status_code == 401
    # The Web API client's own records are of the bot's calls out (a reminder the start-up
    # sweep is still sending), not of this request.
    records = [
        r
        for r in caplog.records
        if r.name.startswith(("bot", "cspbot", "slack")) and not r.name.startswith("slack_sdk.web")
    ]
    assert len(records) == 1 and records[0].exc_info is None
    assert all(MARKER not in r.getMessage() for r in caplog.records)


def test_an_oversized_body_is_refused_before_it_is_read(
    rig: Rig, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    big = MARKER.encode() * (2_000_000 // len(MARKER))
    declared = _forged(rig, big, signed_headers(big.decode(), content_type="application/json"))
    assert declared.status_code == 413

    def chunked() -> Iterator[bytes]:
        for _ in range(40):
            yield MARKER.encode() * 2000  # 40 chunks of 46 kB, no Content-Length

    streamed = httpx.post(f"{rig.base}/slack/events", content=chunked(), timeout=10)
    assert streamed.status_code == 413
    assert all(MARKER not in r.getMessage() for r in caplog.records)
    # A genuine event just under the cap is still handled.
    event = DM_UPDATE | {"text": "update DA green: " + "x" * 900_000}
    assert post_event(rig.base, event, event_id="EvBig1").status_code == 200


def test_a_signed_body_that_is_not_a_slack_payload_gets_400(rig: Rig) -> None:
    for body in ('{"event": ', "[1, 2, 3"):
        response = post(rig.base, body, content_type="application/json")
        assert response.status_code == 400

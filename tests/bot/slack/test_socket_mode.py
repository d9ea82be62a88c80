"""Socket Mode: with SLACK_APP_TOKEN set the bot connects out to Slack, takes events over
the WebSocket, acknowledges them, and answers through the Web API; /slack/events is not
served at all."""

import asyncio
import json
import time
from collections.abc import Iterator

import httpx
import pytest

from bot.settings import Settings
from bot.slack.config import SlackConfigError
from bot.web import create_app
from schedules.clock import FixedClock
from store.datafile import import_file
from store.db import Store
from tests.bot.slack.conftest import DATA, NOW
from tests.bot.slack.fake_slack import FakeSlack
from tests.bot.slack.fake_socket import FakeSocketMode
from tests.bot.slack.signing import event_body
from tests.support.server import serve

APP_TOKEN = "xapp-1-ADEMO0001-1-test"


@pytest.fixture
def socket_rig(
    store: Store, fake_slack: tuple[FakeSlack, str]
) -> Iterator[tuple[str, FakeSlack, FakeSocketMode]]:
    fake, api_url = fake_slack
    socket = FakeSocketMode()
    import_file(store, DATA, at=NOW)
    settings = Settings(
        SLACK_BOT_TOKEN="xoxb-test-token",
        SLACK_APP_TOKEN=APP_TOKEN,
        SLACK_API_URL=api_url,
        CSPBOT_SWEEP_SECONDS=3600.0,
    )
    with socket.serving() as url:
        fake.socket_url = url
        app = create_app(settings=settings, store=store, clock=FixedClock(NOW))
        with serve(app) as base:
            assert socket.connected.wait(10), "the bot did not connect in Socket Mode"
            yield base, fake, socket


def test_events_arrive_over_the_socket_and_are_answered(
    socket_rig: tuple[str, FakeSlack, FakeSocketMode],
) -> None:
    base, fake, socket = socket_rig
    opened = fake.named("apps.connections.open")
    assert opened and all(call.token == APP_TOKEN for call in opened)
    event = {
        "type": "message",
        "channel_type": "im",
        "user": "UTEST0003",
        "channel": "DTEST0003",
        "text": "who leads on ASB?",
        "ts": "1700000700.000100",
    }
    socket.send({
        "envelope_id": "env-1", "type": "events_api", "accepts_response_payload": False,
        "retry_attempt": 0, "retry_reason": "",
        "payload": json.loads(event_body(event, event_id="EvSocket1")),
    })  # fmt: skip
    [answer] = fake.wait_for("chat.postMessage", where=lambda c: c.params["channel"] == "DTEST0003")
    assert "ASB Lead, Brookfield" in answer.params["text"]
    deadline = time.monotonic() + 5
    while not any(ack.get("envelope_id") == "env-1" for ack in socket.acks):
        assert time.monotonic() < deadline, "the envelope was never acknowledged"
        time.sleep(0.01)
    assert httpx.post(f"{base}/slack/events", content=b"{}").status_code in (404, 405)


def test_a_refused_app_token_stops_start_up_with_a_message(
    store: Store, fake_slack: tuple[FakeSlack, str]
) -> None:
    fake, api_url = fake_slack
    fake.refuse("apps.connections.open", error="invalid_auth")
    settings = Settings(
        SLACK_BOT_TOKEN="xoxb-test-token", SLACK_APP_TOKEN=APP_TOKEN, SLACK_API_URL=api_url
    )
    app = create_app(settings=settings, store=store, clock=FixedClock(NOW))

    async def start() -> None:
        async with app.router.lifespan_context(app):
            pass

    with pytest.raises(SlackConfigError, match="invalid_auth"):
        asyncio.run(start())

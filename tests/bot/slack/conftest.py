"""The Slack end-to-end rig: our fake Slack Web API and the real ASGI app, both served on
loopback, with the test partnership loaded and a clock fixed at a known moment."""

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from bot.settings import Settings
from bot.web import create_app
from schedules.clock import FixedClock
from store.datafile import import_file
from store.db import Store
from tests.bot.slack.fake_slack import FakeSlack
from tests.bot.slack.signing import SIGNING_SECRET
from tests.support.server import serve

DATA = Path(__file__).parent / "partnership.yaml"
NOW = datetime(2026, 11, 23, 10, 30, tzinfo=UTC)  # a Monday
SWEEP_MESSAGES = 3


@dataclass
class Rig:
    base: str  # our app
    slack: FakeSlack
    api_url: str  # the fake's Web API, no trailing slash
    store: Store
    clock: FixedClock


def slack_settings(api_url: str) -> Settings:
    return Settings(
        SLACK_BOT_TOKEN="xoxb-test-token",
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=api_url,
        CSPBOT_SWEEP_SECONDS=3600.0,  # one sweep at start-up, then none during a test
    )


@pytest.fixture
def fake_slack() -> Iterator[tuple[FakeSlack, str]]:
    fake = FakeSlack(users={"UTEST0002": "Brook.ASB@example.gov.uk", "UGUEST001": None})
    with serve(fake.app()) as base:
        fake.base_url = base
        yield fake, f"{base}/api"  # no trailing slash: the app must cope


@pytest.fixture
def rig(store: Store, fake_slack: tuple[FakeSlack, str]) -> Iterator[Rig]:
    fake, api_url = fake_slack
    clock = FixedClock(NOW)
    import_file(store, DATA, at=NOW)
    app = create_app(settings=slack_settings(api_url), store=store, clock=clock)
    with serve(app) as base:
        # The first sweep sends the test partnership's digest and the late reminders
        # (owner's DM, channel); let it finish so the tests' own calls stand alone.
        fake.wait_for("chat.postMessage", count=SWEEP_MESSAGES)
        # The fake records a call before the client has logged its response: wait for
        # the sweep to finish (ready), so that no log line of it lands in a test's.
        _wait_until_ready(base)
        yield Rig(base=base, slack=fake, api_url=api_url, store=store, clock=clock)


def _wait_until_ready(base: str, *, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while httpx.get(f"{base}/readyz", timeout=5).status_code != 200:
        if time.monotonic() > deadline:
            raise TimeoutError("the app's start-up sweep did not finish")
        time.sleep(0.02)

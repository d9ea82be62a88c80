"""The Teams tests' world: a fake Bot Connector on loopback, a small partnership data file,
and the real cspbot web app served with uvicorn."""

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, TypeVar

import httpx
import pytest
from fastapi import FastAPI

from bot.settings import Settings
from bot.web import create_app
from schedules.clock import FixedClock
from store import teams_refs
from store.datafile import import_text
from store.db import Store
from tests.bot.teams.fakes import CLIENT_ID, TENANT_ID, FakeConnector
from tests.bot.teams.payloads import COORDINATOR_AAD
from tests.support.server import serve

# Monday 23 November 2026, two minutes before the 09:00 reminders.
START = datetime(2026, 11, 23, 8, 58, tzinfo=UTC)

DATA = f"""
version: 1
organisations:
  - id: council
    name: Testshire Council
    kind: local_authority
people:
  - id: coordinator
    name: Community Safety Coordinator
    organisation: council
    teams: "{COORDINATOR_AAD}"
  - id: asb-lead
    name: Anti-social Behaviour Lead
    organisation: council
    email: asb.lead@example.gov.uk
partnerships:
  - id: tcsp
    name: Testshire Community Safety Partnership
    aliases: [TCSP, Testshire CSP]
    coordinator: coordinator
    members: [coordinator, asb-lead]
    channels:
      teams: "19:tcsp@thread.tacv2"
    priorities:
      - id: tcsp-asb
        name: Anti-social Behaviour
        aliases: [ASB]
        lead: asb-lead
    milestones:
      - id: tcsp-assessment
        title: Strategic Assessment
        kind: strategic_assessment
        due: 2026-11-30
        owner: coordinator
        remind: [7]
"""


@pytest.fixture
def connector() -> Iterator[FakeConnector]:
    fake = FakeConnector()
    with serve(fake.app) as base:
        fake.base_url = base
        yield fake


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def data(store: Store, clock: FixedClock) -> Store:
    import_text(store, DATA, at=clock.now())
    return store


def loopback_settings(connector: FakeConnector, **extra: Any) -> Settings:
    """Unauthenticated mode, as with Microsoft's local tools: no tokens either way."""
    return Settings(
        TEAMS_CLIENT_ID=CLIENT_ID,
        TEAMS_ALLOW_UNAUTHENTICATED=True,
        TEAMS_SERVICE_URL=connector.service_url,
        **({"CSPBOT_SWEEP_SECONDS": 0.2, "CSPBOT_ESCALATION_DAYS": 0} | extra),
    )


def signed_settings(connector: FakeConnector) -> Settings:
    """Tokens checked against the connector's keys, as against the Bot Framework's."""
    return Settings(
        TEAMS_CLIENT_ID=CLIENT_ID,
        TEAMS_CLIENT_SECRET="not-used-offline",
        TEAMS_TENANT_ID=TENANT_ID,
        TEAMS_SERVICE_URL=connector.service_url,
        TEAMS_OPENID_METADATA_URL=connector.metadata_url,
        CSPBOT_SWEEP_SECONDS=3600.0,
    )


@contextmanager
def running(store: Store, clock: FixedClock, settings: Settings) -> Iterator["Bot"]:
    app = create_app(settings=settings, store=store, clock=clock)
    with serve(app) as base, httpx.Client(base_url=base, timeout=10) as client:
        yield Bot(app, client)


class Bot:
    """cspbot served on loopback, and a client posting to it as Teams does."""

    def __init__(self, app: FastAPI, client: httpx.Client) -> None:
        self.app = app
        self.client = client

    def post(self, activity: dict[str, Any], *, token: str | None = None) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return self.client.post("/api/messages", json=activity, headers=headers)


T = TypeVar("T")


def eventually(probe: Callable[[], T | None], *, timeout: float = 10.0) -> T:
    """What `probe` returns once it returns something (the bot works in the background)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = probe()
        if found is not None:
            return found
        time.sleep(0.02)
    raise AssertionError("nothing turned up in time")


def channel_ref(store: Store, channel_id: str) -> teams_refs.ConversationRef | None:
    with store.session() as session:
        return teams_refs.channel_reference(session, channel_id=channel_id)


def personal_ref(store: Store, person_id: str) -> teams_refs.ConversationRef | None:
    with store.session() as session:
        return teams_refs.personal_reference(session, person_id=person_id)

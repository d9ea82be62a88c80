"""Forged and oversized requests to /slack/events and /api/messages: each refused (401,
400 or 413) with at most one log line of ours, no traceback, never its body in the log,
and nothing stored or sent."""

import hashlib
import hmac
import json
import logging
import random
import time
from collections.abc import Iterator

import httpx
import jwt
import pytest
from sqlmodel import select

from schedules.clock import FixedClock
from store.db import Store
from store.tables import ProcessedEvent
from tests.bot.slack.conftest import Rig
from tests.bot.slack.signing import SIGNING_SECRET, event_body, signed_headers
from tests.bot.teams.conftest import running, signed_settings
from tests.bot.teams.fakes import KEY_ID, FakeConnector
from tests.bot.teams.payloads import COORDINATOR, personal_message

MARKER = "probe-marker-4b1d"
LIMIT = 1_000_000


def _bodies() -> list[bytes]:
    chooser = random.Random(14)
    event = event_body({"type": "message", "channel_type": "im", "user": "UTEST0001",
                        "channel": "DTEST0001", "text": MARKER}, event_id="EvProbe")  # fmt: skip
    return [
        b"",
        MARKER.encode(),
        event.encode(),
        event.encode()[:-7],
        b"payload=" + json.dumps({"type": "block_actions", "x": MARKER}).encode(),
        bytes(chooser.randrange(256) for _ in range(3000)) + MARKER.encode(),
        ("\u202e" + MARKER + "\x00" * 10).encode(),
        b"[" * 5000 + MARKER.encode(),
    ]


def _slack_headers(body: bytes) -> list[dict[str, bytes]]:
    now = str(int(time.time()))

    def sig(timestamp: str, secret: str = SIGNING_SECRET, payload: bytes = body) -> str:
        base = b"v0:" + timestamp.encode() + b":" + payload
        return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()

    variants = [
        {},
        {"X-Slack-Signature": sig(now)},
        {"X-Slack-Request-Timestamp": now},
        {"X-Slack-Request-Timestamp": now, "X-Slack-Signature": sig(now, "wrong-secret")},
        {"X-Slack-Request-Timestamp": now, "X-Slack-Signature": sig(now, payload=b"other")},
        {"X-Slack-Request-Timestamp": now, "X-Slack-Signature": sig(now).replace("v0=", "v1=")},
        {"X-Slack-Request-Timestamp": now, "X-Slack-Signature": sig(now)[:-1]},
        {"X-Slack-Request-Timestamp": now, "X-Slack-Signature": "v0=" + "zz" * 32},
        {"X-Slack-Request-Timestamp": "", "X-Slack-Signature": sig("")},
        {"X-Slack-Request-Timestamp": "soon", "X-Slack-Signature": sig("soon")},
        {"X-Slack-Request-Timestamp": "-1", "X-Slack-Signature": sig("-1")},
        {"X-Slack-Request-Timestamp": "1e9", "X-Slack-Signature": sig("1e9")},
        {"X-Slack-Request-Timestamp": "9" * 40, "X-Slack-Signature": sig("9" * 40)},
        {"X-Slack-Request-Timestamp": "+" + now, "X-Slack-Signature": sig("+" + now)},
        {"X-Slack-Request-Timestamp": "١٢٣", "X-Slack-Signature": "v0=é"},
    ]
    stale = str(int(time.time()) - 301)
    future = str(int(time.time()) + 600)
    variants += [
        {"X-Slack-Request-Timestamp": stale, "X-Slack-Signature": sig(stale)},
        {"X-Slack-Request-Timestamp": future, "X-Slack-Signature": sig(future)},
    ]
    return [{k: v.encode() for k, v in headers.items()} for headers in variants]


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    """The chat surfaces are probed over SQLite (test_crash.py is the PostgreSQL probe)."""
    return sqlite_url


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    caplog.set_level(logging.DEBUG)
    yield caplog
    assert [r for r in caplog.records if r.exc_info is not None] == []
    assert [r.getMessage()[:100] for r in caplog.records if MARKER in r.getMessage()] == []


def _ours(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name.startswith(("bot.", "cspbot"))]


def test_forged_slack_requests_are_refused_with_one_line_each(
    rig: Rig, logs: pytest.LogCaptureFixture
) -> None:
    before = len(rig.slack.calls)
    tried = 0
    with httpx.Client(base_url=rig.base, timeout=10) as client:
        for body in _bodies():
            for headers in _slack_headers(body):
                for content_type in (b"application/json", b"application/x-www-form-urlencoded"):
                    logs.clear()
                    answer = client.post(
                        "/slack/events",
                        content=body,
                        headers=headers | {"Content-Type": content_type},
                    )
                    assert answer.status_code == 401, (body[:40], headers)
                    assert len(_ours(logs)) == 1
                    tried += 1
    assert tried > 200
    time.sleep(0.3)
    assert rig.slack.calls[before:] == []
    with rig.store.session() as session:
        assert session.exec(select(ProcessedEvent)).all() == []


def test_oversized_slack_requests_get_413_whatever_their_signature(
    rig: Rig, logs: pytest.LogCaptureFixture
) -> None:
    def chunks(total: int) -> Iterator[bytes]:
        piece = (MARKER * 4000).encode()
        for _ in range(total // len(piece) + 1):
            yield piece

    just_over = b'{"x": "' + b"a" * (LIMIT - 8) + b'"}'
    assert len(just_over) == LIMIT + 1
    with httpx.Client(base_url=rig.base, timeout=30) as client:
        for body in (just_over, MARKER.encode() * 100_000):
            signed = signed_headers(body.decode(), content_type="application/json")
            assert client.post("/slack/events", content=body, headers=signed).status_code == 413
        logs.clear()
        streamed = client.post("/slack/events", content=chunks(20_000_000))
        assert streamed.status_code == 413
        assert len(_ours(logs)) == 1
        assert sum(len(r.getMessage()) for r in logs.records) < 2000
        # At the cap exactly, a genuine event is handled.
        event = json.loads(event_body({"type": "message", "channel_type": "im",
                                       "user": "UTEST0003", "channel": "DTEST0003",
                                       "text": "help"}, event_id="EvAtCap"))  # fmt: skip
        event["padding"] = ""
        padding = LIMIT - len(json.dumps(event))
        event["padding"] = " " * padding
        body = json.dumps(event)
        assert len(body.encode()) == LIMIT
        signed = signed_headers(body, content_type="application/json")
        assert client.post("/slack/events", content=body, headers=signed).status_code == 200
    assert rig.slack.wait_for(
        "chat.postMessage", where=lambda c: c.params.get("channel") == "DTEST0003"
    )


def _tokens(connector: FakeConnector) -> list[str | None]:
    good = connector.token()
    claims = jwt.decode(good, options={"verify_signature": False})
    header, payload, signature = good.split(".")
    return [
        None,
        MARKER,
        "a.b.c",
        f"{header}.{payload}.",
        f"{header}.{payload}.{signature[::-1]}",
        jwt.encode(claims, None, algorithm="none"),
        jwt.encode(
            claims,
            "a-shared-secret-an-attacker-guessed",
            algorithm="HS256",
            headers={"kid": KEY_ID},
        ),
        connector.token(exp=None),
        connector.token(exp=int(time.time()) - 600),
        connector.token(nbf=int(time.time()) + 600, iat=None),
        connector.token(aud="someone-else"),
        connector.token(iss="https://login.example.org"),
        jwt.encode(claims, connector.key, algorithm="RS256"),  # no key id
    ]


def test_forged_teams_requests_are_refused_with_one_line_each(
    data: Store, clock: FixedClock, connector: FakeConnector, logs: pytest.LogCaptureFixture
) -> None:
    activity = personal_message(COORDINATOR, MARKER, connector.service_url)
    bodies = [json.dumps(activity).encode(), *_bodies()]
    with running(data, clock, signed_settings(connector)) as bot:
        for token in _tokens(connector):
            for scheme in ("Bearer", "bearer", "Basic"):
                for body in bodies:
                    headers = {"Content-Type": "application/json"}
                    if token is not None:
                        headers["Authorization"] = f"{scheme} {token}"
                    logs.clear()
                    answer = bot.client.post("/api/messages", content=body, headers=headers)
                    assert answer.status_code == 401, (token, scheme, body[:40])
                    assert len(_ours(logs)) == 1
        oversized = bot.client.post(
            "/api/messages",
            content=b"[" * (LIMIT + 1),
            headers={"Authorization": f"Bearer {connector.token()}"},
        )
        assert oversized.status_code == 413
        time.sleep(0.3)
    assert connector.calls == []

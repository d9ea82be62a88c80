"""Inbound tokens are checked against the signing keys named by the OpenID metadata URL
(here the fake connector's, standing in for the Bot Framework's): a good token gets 200 at
once, anything else 401 before the activity is looked at."""

import time
from collections.abc import Iterator
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from schedules.clock import FixedClock
from store.db import Store
from tests.bot.teams.conftest import eventually, personal_ref, running, signed_settings
from tests.bot.teams.fakes import KEY_ID, FakeConnector
from tests.bot.teams.payloads import COORDINATOR, personal_install

OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def test_a_signed_activity_is_accepted(
    data: Store, clock: FixedClock, connector: FakeConnector
) -> None:
    with running(data, clock, signed_settings(connector)) as bot:
        answer = bot.post(
            personal_install(COORDINATOR, connector.service_url), token=connector.token()
        )
        assert answer.status_code == 200
        eventually(lambda: personal_ref(data, "coordinator"))


BAD_TOKENS: dict[str, dict[str, Any] | None] = {
    "missing": None,
    "expired": {"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200},
    "wrong audience": {"aud": "22222222-2222-4222-8222-222222222222"},
    "wrong issuer": {"iss": "https://issuer.example.org"},
    "unknown signing key": {"key": OTHER_KEY},
    "another service url": {"serviceurl": "https://smba.example.org/teams/"},
    "no expiry": {"exp": None},
    "not yet valid": {"nbf": int(time.time()) + 3600},
    "alg none": {"alg": "none"},
    "HS256 with a shared secret": {"alg": "HS256"},
}


@pytest.mark.parametrize("changes", BAD_TOKENS.values(), ids=BAD_TOKENS.keys())
def test_a_bad_token_gets_401_and_nothing_is_done(
    data: Store, clock: FixedClock, connector: FakeConnector, changes: dict[str, Any] | None
) -> None:
    token = None if changes is None else _token(connector, dict(changes))
    with running(data, clock, signed_settings(connector)) as bot:
        answer = bot.post(personal_install(COORDINATOR, connector.service_url), token=token)
        time.sleep(0.2)
    assert answer.status_code == 401
    assert personal_ref(data, "coordinator") is None


def _token(connector: FakeConnector, changes: dict[str, Any]) -> str:
    """A connector token with `changes`; `alg` re-signs its claims another way."""
    alg = changes.pop("alg", None)
    token = connector.token(**changes)
    if alg is None:
        return token
    claims = jwt.decode(token, options={"verify_signature": False})
    key = "a-shared-secret-an-attacker-guessed" if alg == "HS256" else None
    return jwt.encode(claims, key, algorithm=alg, headers={"kid": KEY_ID})


JUNK: dict[str, bytes] = {
    "malformed JSON": b'{"type": "message", ',
    "binary": bytes(range(256)) * 4,
    "not an object": b"[1, 2, 3]",
}


@pytest.mark.parametrize("body", JUNK.values(), ids=JUNK.keys())
def test_an_unsigned_body_gets_401_whatever_it_holds(
    data: Store, clock: FixedClock, connector: FakeConnector, body: bytes
) -> None:
    with running(data, clock, signed_settings(connector)) as bot:
        answer = bot.client.post("/api/messages", content=body)
    assert answer.status_code == 401


def test_an_oversized_body_gets_413_before_the_token_is_looked_at(
    data: Store, clock: FixedClock, connector: FakeConnector
) -> None:
    big = b'{"text": "' + b"x" * 1_100_000 + b'"}'

    def chunked() -> Iterator[bytes]:
        yield from (big[start : start + 65536] for start in range(0, len(big), 65536))

    with running(data, clock, signed_settings(connector)) as bot:
        declared = bot.client.post(
            "/api/messages", content=big, headers={"Authorization": "Bearer x"}
        )
        streamed = bot.client.post("/api/messages", content=chunked())
    assert declared.status_code == 413 and streamed.status_code == 413

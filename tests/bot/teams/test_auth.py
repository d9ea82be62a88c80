"""Inbound tokens are checked against the signing keys named by the OpenID metadata URL
(here the fake connector's, standing in for the Bot Framework's): a good token gets 200 at
once, anything else 401 before the activity is looked at."""

import time
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from schedules.clock import FixedClock
from store.db import Store
from tests.bot.teams.conftest import eventually, personal_ref, running, signed_settings
from tests.bot.teams.fakes import FakeConnector
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
}


@pytest.mark.parametrize("changes", BAD_TOKENS.values(), ids=BAD_TOKENS.keys())
def test_a_bad_token_gets_401_and_nothing_is_done(
    data: Store, clock: FixedClock, connector: FakeConnector, changes: dict[str, Any] | None
) -> None:
    token = None if changes is None else connector.token(**changes)
    with running(data, clock, signed_settings(connector)) as bot:
        answer = bot.post(personal_install(COORDINATOR, connector.service_url), token=token)
        time.sleep(0.2)
    assert answer.status_code == 401
    assert personal_ref(data, "coordinator") is None

"""The Teams settings: checked together, with one clear sentence for what is wrong."""

import pytest

from bot.settings import Settings
from bot.teams.app import TeamsBot, cloud_for
from bot.teams.config import (
    DEFAULT_OPENID_METADATA_URL,
    DEFAULT_SERVICE_URL,
    TeamsConfigError,
    require_loopback_bind,
    teams_config,
)
from schedules.clock import SystemClock
from store.db import Store

CLIENT = "11111111-2222-4333-8444-555555555555"
TENANT = "99999999-8888-4777-8666-555555555555"


def settings(**values: object) -> Settings:
    return Settings(**values)  # type: ignore[arg-type]  # aliases, as the environment spells them


def test_teams_is_off_without_a_client_id() -> None:
    assert teams_config(settings()) is None


def test_a_full_configuration_uses_the_bot_framework_defaults() -> None:
    config = teams_config(
        settings(TEAMS_CLIENT_ID=CLIENT, TEAMS_CLIENT_SECRET="s3cret", TEAMS_TENANT_ID=TENANT)
    )
    assert config is not None
    assert config.service_url == DEFAULT_SERVICE_URL
    assert config.openid_metadata_url == DEFAULT_OPENID_METADATA_URL
    assert not config.allow_unauthenticated


@pytest.mark.parametrize(
    ("values", "says"),
    [
        ({"TEAMS_CLIENT_SECRET": "s"}, "TEAMS_CLIENT_ID is not set"),
        ({"TEAMS_CLIENT_ID": "not-a-guid"}, "TEAMS_CLIENT_ID must be a GUID"),
        ({"TEAMS_CLIENT_ID": CLIENT, "TEAMS_TENANT_ID": TENANT}, "TEAMS_CLIENT_SECRET is not set"),
        ({"TEAMS_CLIENT_ID": CLIENT, "TEAMS_CLIENT_SECRET": "s"}, "TEAMS_TENANT_ID is not set"),
        (
            {"TEAMS_CLIENT_ID": CLIENT, "TEAMS_ALLOW_UNAUTHENTICATED": "true",
             "TEAMS_SERVICE_URL": "smba"},
            "TEAMS_SERVICE_URL is not a web address",
        ),
        (
            {"TEAMS_CLIENT_ID": CLIENT, "TEAMS_ALLOW_UNAUTHENTICATED": "true",
             "TEAMS_OPENID_METADATA_URL": "https://login.example.org/keys"},
            "must end with /openidconfiguration",
        ),
    ],
)  # fmt: skip
def test_bad_settings_are_named(values: dict[str, str], says: str) -> None:
    with pytest.raises(TeamsConfigError, match=says):
        teams_config(settings(**values))


def test_unauthenticated_mode_needs_no_secret_and_drops_one_given() -> None:
    config = teams_config(
        settings(
            TEAMS_CLIENT_ID=CLIENT, TEAMS_CLIENT_SECRET="s", TEAMS_ALLOW_UNAUTHENTICATED="true"
        )
    )
    assert config is not None and config.allow_unauthenticated and config.client_secret is None


@pytest.mark.parametrize("host", ["127.0.0.1", "::1", "localhost", "127.0.0.2"])
def test_unauthenticated_mode_may_serve_on_loopback(host: str) -> None:
    config = teams_config(settings(TEAMS_CLIENT_ID=CLIENT, TEAMS_ALLOW_UNAUTHENTICATED="true"))
    require_loopback_bind(config, host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.10", "bot.example.org"])
def test_unauthenticated_mode_refuses_any_other_address(host: str) -> None:
    config = teams_config(settings(TEAMS_CLIENT_ID=CLIENT, TEAMS_ALLOW_UNAUTHENTICATED="true"))
    with pytest.raises(TeamsConfigError, match="only allowed when serving on a loopback"):
        require_loopback_bind(config, host)


def test_authenticated_mode_may_serve_anywhere() -> None:
    config = teams_config(
        settings(TEAMS_CLIENT_ID=CLIENT, TEAMS_CLIENT_SECRET="s", TEAMS_TENANT_ID=TENANT)
    )
    require_loopback_bind(config, "0.0.0.0")


def test_a_sovereign_cloud_brings_its_own_token_issuer() -> None:
    government = "https://login.botframework.azure.us/v1/.well-known/openidconfiguration"
    assert cloud_for(government).token_issuer == "https://api.botframework.us"
    assert cloud_for(DEFAULT_OPENID_METADATA_URL).token_issuer == "https://api.botframework.com"


def test_the_sdks_own_environment_variables_change_nothing(
    monkeypatch: pytest.MonkeyPatch, store: Store
) -> None:
    for name, value in {
        "CLIENT_ID": "22222222-2222-4222-8222-222222222222",
        "CLIENT_SECRET": "from-the-environment",
        "SERVICE_URL": "https://smba.example.org/teams",
        "CLOUD": "China",
        "DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS": "true",
    }.items():
        monkeypatch.setenv(name, value)
    config = teams_config(
        settings(TEAMS_CLIENT_ID=CLIENT, TEAMS_CLIENT_SECRET="s", TEAMS_TENANT_ID=TENANT)
    )
    assert config is not None
    bot = TeamsBot(config=config, store=store, clock=SystemClock())
    assert bot.sdk.id == CLIENT
    assert getattr(bot.sdk.credentials, "client_secret", None) == "s"
    assert bot.sdk.api.service_url == DEFAULT_SERVICE_URL.rstrip("/")
    assert bot.sdk.cloud.token_issuer == "https://api.botframework.com"
    assert not bot.sdk.options.dangerously_allow_unauthenticated_requests

"""The SLACK_* settings: accepted when complete, refused with a clear sentence otherwise."""

import pytest

from bot.settings import Settings
from bot.slack.config import SlackConfigError, slack_config

TOKEN = "xoxb-1-2-abc"
SECRET = "0123456789abcdef"


def settings(**values: str) -> Settings:
    return Settings(**values)  # type: ignore[arg-type]


def test_no_slack_settings_means_no_slack() -> None:
    assert slack_config(settings()) is None


def test_http_mode_needs_the_signing_secret() -> None:
    with pytest.raises(SlackConfigError, match="SLACK_SIGNING_SECRET is not set"):
        slack_config(settings(SLACK_BOT_TOKEN=TOKEN))


def test_http_mode() -> None:
    config = slack_config(settings(SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SECRET))
    assert config is not None and not config.socket_mode
    assert config.api_url == "https://slack.com/api/"


def test_socket_mode_needs_no_signing_secret() -> None:
    config = slack_config(settings(SLACK_BOT_TOKEN=TOKEN, SLACK_APP_TOKEN="xapp-1-A-2-x"))
    assert config is not None and config.socket_mode


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/api", "http://127.0.0.1:9/api/"])
def test_api_url_with_or_without_trailing_slash(url: str) -> None:
    config = slack_config(
        settings(SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=url)
    )
    assert config is not None and config.api_url == "http://127.0.0.1:9/api/"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"SLACK_BOT_TOKEN": "xoxp-user-token", "SLACK_SIGNING_SECRET": SECRET}, "xoxb-"),
        ({"SLACK_BOT_TOKEN": TOKEN, "SLACK_APP_TOKEN": "xoxb-wrong"}, "xapp-"),
        ({"SLACK_SIGNING_SECRET": SECRET}, "SLACK_BOT_TOKEN is not set"),
        (
            {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": "slack"},
            "SLACK_API_URL is not a web address",
        ),
    ],
)
def test_malformed_settings_are_refused(values: dict[str, str], message: str) -> None:
    with pytest.raises(SlackConfigError, match=message):
        slack_config(settings(**values))

"""The Slack settings, checked together so start-up fails with one clear sentence."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.settings import Settings

DEFAULT_API_URL = "https://slack.com/api/"


class SlackConfigError(Exception):
    """A Slack setting is missing or malformed; the text says which and what to do."""


@dataclass(frozen=True)
class SlackConfig:
    bot_token: str
    signing_secret: str | None  # None only in Socket Mode, where Slack signs nothing
    app_token: str | None  # set: Socket Mode; unset: HTTP mode at /slack/events
    api_url: str  # always ends with "/"

    @property
    def socket_mode(self) -> bool:
        return self.app_token is not None


def slack_config(settings: Settings) -> SlackConfig | None:
    """The Slack configuration, or None when Slack is not configured at all."""
    bot_token = _clean(settings.slack_bot_token)
    secret = _clean(settings.slack_signing_secret)
    app_token = _clean(settings.slack_app_token)
    api_url = _clean(settings.slack_api_url)
    if bot_token is None:
        if secret or app_token or api_url:
            raise SlackConfigError(
                "SLACK_BOT_TOKEN is not set, but other SLACK_* settings are: set it to the "
                "Bot User OAuth Token (xoxb-...) from the app's OAuth & Permissions page"
            )
        return None
    if not bot_token.startswith("xoxb-"):
        raise SlackConfigError(
            "SLACK_BOT_TOKEN must be a bot token starting with xoxb- "
            "(OAuth & Permissions > Bot User OAuth Token)"
        )
    if app_token is not None and not app_token.startswith("xapp-"):
        raise SlackConfigError(
            "SLACK_APP_TOKEN must be an app-level token starting with xapp- "
            "(Basic Information > App-Level Tokens, scope connections:write); "
            "leave it unset to receive requests over HTTP at /slack/events"
        )
    if app_token is None and secret is None:
        raise SlackConfigError(
            "SLACK_SIGNING_SECRET is not set: HTTP mode needs it to verify that requests come "
            "from Slack (Basic Information > App Credentials > Signing Secret); or set "
            "SLACK_APP_TOKEN to use Socket Mode instead"
        )
    return SlackConfig(
        bot_token=bot_token,
        signing_secret=secret,
        app_token=app_token,
        api_url=_api_url(api_url),
    )


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _api_url(value: str | None) -> str:
    if value is None:
        return DEFAULT_API_URL
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
        raise SlackConfigError(
            f"SLACK_API_URL is not a web address: {value!r} "
            f"(expected something like {DEFAULT_API_URL})"
        )
    return value.rstrip("/") + "/"

"""The Slack Web API client, pointed at SLACK_API_URL, counting its calls."""

from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from bot.metrics import Metrics
from bot.slack.config import SlackConfig


class CountedWebClient(AsyncWebClient):
    """Every Web API method goes through `api_call`: each call is counted by method and
    outcome (`ok`, Slack's error code such as `ratelimited` or `not_in_channel`, or
    `exception` when no answer came)."""

    def __init__(self, *, metrics: Metrics, **options: Any) -> None:
        super().__init__(**options)
        self.metrics = metrics

    async def api_call(self, api_method: str, **options: Any) -> AsyncSlackResponse:
        try:
            response = await super().api_call(api_method, **options)
        except SlackApiError as exc:
            self.metrics.api_call("slack", api_method, str(exc.response.get("error") or "error"))
            raise
        except Exception:
            self.metrics.api_call("slack", api_method, "exception")
            raise
        self.metrics.api_call("slack", api_method, "ok")
        return response


def web_client(config: SlackConfig, *, retry_rate_limits: bool, metrics: Metrics) -> AsyncWebClient:
    """slack_sdk retries only connection errors by default. Replies to people also retry a
    429 after its Retry-After; the reminder notifier does not, and hands the wait back to
    the sweep instead."""
    retry_handlers: list[AsyncRetryHandler] = [AsyncConnectionErrorRetryHandler()]
    if retry_rate_limits:
        retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=2))
    return CountedWebClient(
        metrics=metrics,
        token=config.bot_token,
        base_url=config.api_url,
        timeout=10,
        retry_handlers=retry_handlers,
    )

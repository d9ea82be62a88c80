"""The Slack Web API client, pointed at SLACK_API_URL."""

from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.config import SlackConfig


def web_client(config: SlackConfig, *, retry_rate_limits: bool) -> AsyncWebClient:
    """slack_sdk retries only connection errors by default. Replies to people also retry a
    429 after its Retry-After; the reminder notifier does not, and hands the wait back to
    the sweep instead."""
    retry_handlers: list[AsyncRetryHandler] = [AsyncConnectionErrorRetryHandler()]
    if retry_rate_limits:
        retry_handlers.append(AsyncRateLimitErrorRetryHandler(max_retry_count=2))
    return AsyncWebClient(
        token=config.bot_token,
        base_url=config.api_url,
        timeout=10,
        retry_handlers=retry_handlers,
    )

"""Requests built the way Slack builds them: a body and the v0 HMAC-SHA256 signature of
`v0:{timestamp}:{body}` with the app's signing secret."""

import hashlib
import hmac
import json
import time
from typing import Any
from urllib.parse import urlencode

import httpx

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"  # a made-up secret for tests


def signature(body: str, timestamp: str, secret: str = SIGNING_SECRET) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(
    body: str,
    *,
    content_type: str,
    secret: str = SIGNING_SECRET,
    age: float = 0,
    retry_num: int | None = None,
) -> dict[str, str]:
    timestamp = str(int(time.time() - age))  # Bolt checks it against its own clock
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": signature(body, timestamp, secret),
    }
    if retry_num is not None:
        headers |= {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
    return headers


def event_body(event: dict[str, Any], *, event_id: str, team_id: str = "TDEMO0001") -> str:
    return json.dumps(
        {
            "token": "unused",
            "team_id": team_id,
            "api_app_id": "ADEMO0001",
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "event": event,
        }
    )


def interaction_body(payload: dict[str, Any]) -> str:
    """Interactivity (buttons, shortcuts, modals) arrives form-encoded as `payload=`."""
    return urlencode({"payload": json.dumps(payload)})


def command_body(text: str, *, user_id: str, channel_id: str, response_url: str) -> str:
    return urlencode(
        {
            "token": "unused",
            "team_id": "TDEMO0001",
            "channel_id": channel_id,
            "user_id": user_id,
            "command": "/csp",
            "text": text,
            "response_url": response_url,
            "trigger_id": "13345.1.ab",
        }
    )


def post_event(
    base: str, event: dict[str, Any], *, event_id: str, **headers: Any
) -> httpx.Response:
    body = event_body(event, event_id=event_id)
    return post(base, body, content_type="application/json", **headers)


def post(base: str, body: str, *, content_type: str, **options: Any) -> httpx.Response:
    return httpx.post(
        f"{base}/slack/events",
        content=body.encode(),
        headers=signed_headers(body, content_type=content_type, **options),
        timeout=10,
    )


def post_interaction(base: str, payload: dict[str, Any]) -> httpx.Response:
    return post(base, interaction_body(payload), content_type="application/x-www-form-urlencoded")


def post_command(
    base: str,
    text: str,
    *,
    user_id: str,
    channel_id: str,
    response_url: str = "https://hooks.slack.invalid/commands/1",
) -> httpx.Response:
    body = command_body(text, user_id=user_id, channel_id=channel_id, response_url=response_url)
    return post(base, body, content_type="application/x-www-form-urlencoded")

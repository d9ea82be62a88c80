"""The shape of an Events API payload, checked before Bolt or a listener reads it.

Slack sends text where it sends anything; a field of another type (a number for the text,
a list for the channel) is a forgery or a bug. Bolt's own matching raises on some of them
(a 500 with a traceback), and a listener could post to a list. Such an event is
acknowledged, so nobody retries it, and ignored with one log line.
"""

from typing import Any

# Event fields the listeners and Bolt read, each text (or absent) when Slack sends it.
TEXT_FIELDS = ("type", "subtype", "channel_type", "ts", "thread_ts", "event_ts", "bot_id", "tab")
# The same, and never empty: they name where to answer and who asked.
NAME_FIELDS = ("user", "channel")
# Events the bot answers where they were said: without a channel, there is nowhere.
ANSWERED_IN_CHANNEL = ("message", "app_mention")


def odd_event(payload: dict[str, Any]) -> str | None:
    """Why an event callback is not the shape Slack sends, or None (also for every other
    kind of payload)."""
    if payload.get("type") != "event_callback":
        return None
    event = payload.get("event")
    if not isinstance(event, dict):
        return "event is not an object"
    if not isinstance(payload.get("event_id"), str | None):
        return "event_id is not text"
    for name in (*TEXT_FIELDS, "text"):
        if not isinstance(event.get(name), str | None):
            return f"event.{name} is not text"
    for name in NAME_FIELDS:
        value = event.get(name)
        if value is not None and not (isinstance(value, str) and value):
            return f"event.{name} is not a Slack id"
    if event.get("type") in ANSWERED_IN_CHANNEL and event.get("channel") is None:
        return "event.channel is missing"
    return None

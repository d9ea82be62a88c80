"""The shape of a Slack payload, checked before Bolt or a listener reads it.

Slack sends text where it sends text and objects where it sends objects; a field of
another type (a number for the text, a list for the channel, a string for the actions)
is a forgery or a bug. Bolt's own matching raises on many of them (a 500 with a
traceback), and a listener could post to a list. Such a payload is acknowledged, so
nobody retries it, and ignored with one log line.
"""

from typing import Any

# A field that is text when present (null is allowed: a message with no text).
TEXT = "text"
# A field that, when present, is non-empty text: it names where to answer or who asked.
NAME = "name"
# Every field the listeners or Bolt read, by where it sits; a dict is an object that may be
# absent but not null, a one-element list a list of such things.
Spec = str | dict[str, Any] | list[Any]
EVENT: dict[str, Spec] = {
    "type": TEXT, "subtype": TEXT, "channel_type": TEXT, "ts": TEXT, "thread_ts": TEXT,
    "event_ts": TEXT, "bot_id": TEXT, "tab": TEXT, "text": TEXT, "user": NAME, "channel": NAME,
}  # fmt: skip
PAYLOAD: dict[str, Spec] = {
    "type": TEXT,
    "event_id": TEXT,
    "event": EVENT,
    "trigger_id": TEXT,
    "callback_id": TEXT,
    "user": {"id": NAME},
    "team": {"id": TEXT},
    "channel": {"id": TEXT},
    "container": {"channel_id": TEXT, "message_ts": TEXT},
    "message": {"text": TEXT, "ts": TEXT, "blocks": [{}]},
    "actions": [{"action_id": TEXT, "block_id": TEXT, "value": TEXT}],
    "view": {"callback_id": TEXT, "state": {"values": {}}},
}
# Events the bot answers where they were said: without a channel, there is nowhere.
ANSWERED_IN_CHANNEL = ("message", "app_mention")


def odd_payload(payload: dict[str, Any]) -> str | None:
    """Why a payload is not the shape Slack sends, or None."""
    problem = _problem(payload, PAYLOAD, "payload")
    if problem is not None:
        return problem
    event = payload.get("event") or {}
    if event.get("type") in ANSWERED_IN_CHANNEL and event.get("channel") is None:
        return "payload.event.channel is missing"
    if payload.get("type") == "block_actions" and not payload.get("actions"):
        return "payload.actions is empty"
    return None


def _problem(value: object, spec: Spec, path: str) -> str | None:
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            return f"{path} is not an object"
        for key, inner in spec.items():
            if key in value:
                found = _problem(value[key], inner, f"{path}.{key}")
                if found is not None:
                    return found
        return None
    if isinstance(spec, list):
        if not isinstance(value, list):
            return f"{path} is not a list"
        problems = (_problem(item, spec[0], f"{path}[]") for item in value)
        return next((found for found in problems if found is not None), None)
    if spec == NAME:
        return None if isinstance(value, str) and value else f"{path} is not a Slack id"
    return None if isinstance(value, str | None) else f"{path} is not text"

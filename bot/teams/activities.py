"""Reading Teams activities (the JSON Teams posts) into the facts cspbot needs.

Pure functions over the activity as a dict with Teams' own camelCase keys, so they are easy
to test with recorded payloads and know nothing of the SDK's models.
"""

import re
from dataclasses import dataclass
from typing import Any

Activity = dict[str, Any]

_MENTION = re.compile(r"<at[^>]*>.*?</at>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_ENTITIES = {"&nbsp;": " ", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&amp;": "&"}


@dataclass(frozen=True)
class Where:
    """Where an activity happened and how to post back there later."""

    conversation_id: str  # as Teams sent it (a channel thread carries ;messageid=)
    service_url: str
    scope: str  # personal | channel | groupChat
    tenant_id: str | None
    bot_id: str | None
    channel_id: str | None  # the Teams channel, for channel messages and team installs
    team_id: str | None


def where(activity: Activity) -> Where | None:
    """None when the activity lacks a conversation or a serviceUrl (nothing to reply to)."""
    conversation = activity.get("conversation") or {}
    conversation_id = conversation.get("id")
    service_url = activity.get("serviceUrl")
    if not conversation_id or not service_url:
        return None
    channel_data = activity.get("channelData") or {}
    team_id = (channel_data.get("team") or {}).get("id")
    channel_id = (channel_data.get("channel") or {}).get("id")
    scope = conversation.get("conversationType") or ("channel" if team_id else "personal")
    if scope == "channel" and channel_id is None:
        # A team install arrives in the team's General channel, whose id is the team's.
        channel_id = base_conversation_id(conversation_id)
    tenant = conversation.get("tenantId") or (channel_data.get("tenant") or {}).get("id")
    return Where(
        conversation_id=conversation_id,
        service_url=service_url,
        scope=scope,
        tenant_id=tenant,
        bot_id=(activity.get("recipient") or {}).get("id"),
        channel_id=channel_id,
        team_id=team_id,
    )


def base_conversation_id(conversation_id: str) -> str:
    """A channel thread's conversation id without its ;messageid= suffix."""
    return conversation_id.split(";", 1)[0]


def sender(activity: Activity) -> tuple[str, str | None, str | None]:
    """(user id to answer, Entra object id, display name) of whoever sent the activity."""
    account = activity.get("from") or {}
    return account.get("id", ""), account.get("aadObjectId"), account.get("name")


def message_text(activity: Activity) -> str:
    """What the person typed: @mentions of the bot removed, Teams' HTML reduced to text."""
    text = _MENTION.sub(" ", activity.get("text") or "")
    text = _TAG.sub(" ", text)
    for entity, char in _ENTITIES.items():
        text = text.replace(entity, char)
    return " ".join(text.split())


def bot_was_added(activity: Activity) -> bool:
    """An install: installationUpdate/add, or a conversationUpdate adding the bot itself."""
    if activity.get("type") == "installationUpdate":
        return activity.get("action") in ("add", "add-upgrade")
    if activity.get("type") != "conversationUpdate":
        return False
    bot_id = (activity.get("recipient") or {}).get("id")
    return any(member.get("id") == bot_id for member in activity.get("membersAdded") or [])


def reference(activity: Activity, place: Where, *, conversation_id: str) -> dict[str, Any]:
    """A ConversationReference (Bot Framework JSON) for posting to `conversation_id` later."""
    conversation = dict(activity.get("conversation") or {})
    conversation["id"] = conversation_id
    return {
        "channelId": activity.get("channelId", "msteams"),
        "serviceUrl": place.service_url,
        "conversation": conversation,
        "bot": activity.get("recipient") or {},
        "user": activity.get("from") or {},
        "locale": activity.get("locale"),
    }

"""Activities as Teams posts them to /api/messages (shapes recorded from Teams, ids fake)."""

import itertools
from typing import Any

from tests.bot.teams.fakes import CLIENT_ID, TENANT_ID

BOT = {"id": f"28:{CLIENT_ID}", "name": "cspbot"}
TEAM_ID = "19:testshire-general@thread.tacv2"  # a team's id is its General channel's
CHANNEL_ID = "19:tcsp@thread.tacv2"  # the partnership's channel (channels.teams)
GROUP_CHAT_ID = "19:group-chat-id@thread.v2"
COORDINATOR_AAD = "00000000-0000-4000-8000-00000000000a"
LEAD_AAD = "00000000-0000-4000-8000-00000000000b"  # not in the data file: known by email
COORDINATOR = {"id": "29:1coordinator", "name": "Sam Coordinator", "aadObjectId": COORDINATOR_AAD}
LEAD = {"id": "29:1lead", "name": "Alex Lead", "aadObjectId": LEAD_AAD}
STRANGER = {
    "id": "29:1stranger",
    "name": "Visitor",
    "aadObjectId": "00000000-0000-4000-8000-0000000000ff",
}

_ids = itertools.count(1_700_000_000_001)


def _base(kind: str, user: dict[str, Any], service_url: str) -> dict[str, Any]:
    return {
        "type": kind,
        "id": str(next(_ids)),
        "timestamp": "2026-11-23T08:58:00.000Z",
        "localTimestamp": "2026-11-23T08:58:00.000+00:00",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "from": user,
        "recipient": BOT,
        "locale": "en-GB",
        "localTimezone": "Europe/London",
        "entities": [{"type": "clientInfo", "locale": "en-GB", "country": "GB", "platform": "Web"}],
    }


def personal_conversation(user: dict[str, Any]) -> str:
    return f"a:1{user['id'][3:]}-personal"


def _personal(activity: dict[str, Any], user: dict[str, Any]) -> dict[str, Any]:
    activity["conversation"] = {
        "conversationType": "personal",
        "tenantId": TENANT_ID,
        "id": personal_conversation(user),
    }
    activity["channelData"] = {"tenant": {"id": TENANT_ID}}
    return activity


def _channel(activity: dict[str, Any], conversation_id: str) -> dict[str, Any]:
    activity["conversation"] = {
        "isGroup": True,
        "conversationType": "channel",
        "tenantId": TENANT_ID,
        "id": conversation_id,
    }
    activity["channelData"] = {
        "teamsChannelId": CHANNEL_ID,
        "teamsTeamId": TEAM_ID,
        "channel": {"id": CHANNEL_ID},
        "team": {"id": TEAM_ID},
        "tenant": {"id": TENANT_ID},
    }
    return activity


def personal_message(user: dict[str, Any], text: str, service_url: str) -> dict[str, Any]:
    activity = _base("message", user, service_url)
    activity.update(text=text, textFormat="plain")
    return _personal(activity, user)


def channel_mention(user: dict[str, Any], text: str, service_url: str) -> dict[str, Any]:
    """A new post in the partnership channel that @mentions the bot."""
    activity = _base("message", user, service_url)
    activity.update(text=f"<at>cspbot</at> {text}", textFormat="plain")
    activity["entities"].append({"type": "mention", "text": "<at>cspbot</at>", "mentioned": BOT})
    return _channel(activity, f"{CHANNEL_ID};messageid={activity['id']}")


def team_install(user: dict[str, Any], service_url: str) -> dict[str, Any]:
    """The bot added to a team: Teams says so in the team's General channel."""
    activity = _base("conversationUpdate", user, service_url)
    activity["membersAdded"] = [{"id": BOT["id"]}]
    activity = _channel(activity, TEAM_ID)
    activity["channelData"] = {
        "team": {"id": TEAM_ID, "name": "Testshire CSP", "aadGroupId": "team-group"},
        "eventType": "teamMemberAdded",
        "tenant": {"id": TENANT_ID},
    }
    return activity


def personal_install(user: dict[str, Any], service_url: str) -> dict[str, Any]:
    activity = _base("installationUpdate", user, service_url)
    activity["action"] = "add"
    return _personal(activity, user)


def card_action(
    user: dict[str, Any],
    verb: str,
    data: dict[str, Any],
    service_url: str,
    *,
    reply_to_id: str | None = None,
    in_channel: bool = False,
) -> dict[str, Any]:
    """A click on an Action.Execute button (inputs, if any, merged into data)."""
    activity = _base("invoke", user, service_url)
    activity["name"] = "adaptiveCard/action"
    activity["value"] = {
        "action": {"type": "Action.Execute", "verb": verb, "data": data},
        "trigger": "manual",
    }
    if reply_to_id:
        activity["replyToId"] = reply_to_id
    if in_channel:
        return _channel(activity, f"{CHANNEL_ID};messageid={reply_to_id}")
    return _personal(activity, user)


def group_chat_mention(user: dict[str, Any], text: str, service_url: str) -> dict[str, Any]:
    activity = _base("message", user, service_url)
    activity.update(text=f"<at>cspbot</at> {text}", textFormat="plain")
    activity["entities"].append({"type": "mention", "text": "<at>cspbot</at>", "mentioned": BOT})
    activity["conversation"] = {
        "isGroup": True,
        "conversationType": "groupChat",
        "tenantId": TENANT_ID,
        "id": GROUP_CHAT_ID,
    }
    activity["channelData"] = {"tenant": {"id": TENANT_ID}}
    return activity

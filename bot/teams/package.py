"""The Teams app package: manifest.json and the two icons, zipped for upload.

The official manifest JSON schema is not available offline, so `problems()` checks what
the v1.25 schema requires of the fields we write (required keys, GUIDs, lengths, https
URLs, bot scopes); tests run it on every package built.
"""

import io
import json
import re
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.teams.forms import FORM_COMMAND
from bot.teams.icons import color_icon, outline_icon

MANIFEST_VERSION = "1.25"
SCHEMA_URL = (
    f"https://developer.microsoft.com/json-schemas/teams/v{MANIFEST_VERSION}"
    "/MicrosoftTeams.schema.json"
)
SCOPES = ["personal", "team", "groupChat"]
REQUIRED = ("manifestVersion", "version", "id", "developer", "name", "description", "icons",
            "accentColor")  # fmt: skip
_SEMVER = re.compile(r"^\d+\.\d+\.\d+$")
_HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class PackageDetails:
    client_id: str  # the bot's Microsoft App ID
    version: str
    developer: str
    website_url: str
    privacy_url: str
    terms_url: str
    app_id: str | None = None  # the Teams app's own id; defaults to the client id
    domain: str | None = None  # the host name serving /api/messages, if known


def manifest(details: PackageDetails) -> dict[str, Any]:
    commands = [
        {"title": "help", "description": "What you can ask me"},
        {"title": "what's due next month", "description": "Deadlines in the coming month"},
        {"title": "my deadlines", "description": "Milestones you own"},
        {"title": "who leads on ASB", "description": "Who leads a priority"},
        {"title": FORM_COMMAND, "description": "Post a progress update (a form)"},
    ]
    return {
        "$schema": SCHEMA_URL,
        "manifestVersion": MANIFEST_VERSION,
        "version": details.version,
        "id": details.app_id or details.client_id,
        "developer": {
            "name": details.developer,
            "websiteUrl": details.website_url,
            "privacyUrl": details.privacy_url,
            "termsOfUseUrl": details.terms_url,
        },
        "name": {"short": "cspbot", "full": "cspbot: Community Safety Partnership assistant"},
        "description": {
            "short": "Deadlines, leads and progress updates for your Community Safety Partnership",
            "full": (
                "cspbot answers questions about your Community Safety Partnership's plan "
                "(who leads on a priority, what is due and when), reminds owners ahead of "
                "statutory deadlines on working days, and takes progress updates from "
                "priority leads for board and scrutiny reports."
            ),
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": "#1F5C99",
        "bots": [
            {
                "botId": details.client_id,
                "scopes": SCOPES,
                "supportsFiles": False,
                "isNotificationOnly": False,
                "commandLists": [{"scopes": SCOPES, "commands": commands}],
            }
        ],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [details.domain] if details.domain else [],
    }


def problems(document: dict[str, Any]) -> list[str]:
    """What the v1.25 manifest schema would reject in the fields we write; [] when fine."""
    found = [f"{key} is missing" for key in REQUIRED if key not in document]
    if document.get("manifestVersion") != MANIFEST_VERSION:
        found.append(f"manifestVersion must be {MANIFEST_VERSION}")
    if not _SEMVER.match(str(document.get("version", ""))):
        found.append("version must look like 1.0.0")
    found += _guid("id", document.get("id"))
    developer = document.get("developer") or {}
    found += _text("developer.name", developer.get("name"), 32)
    for key in ("websiteUrl", "privacyUrl", "termsOfUseUrl"):
        found += _https(f"developer.{key}", developer.get(key))
    name = document.get("name") or {}
    found += _text("name.short", name.get("short"), 30)
    found += _text("name.full", name.get("full"), 100)
    description = document.get("description") or {}
    found += _text("description.short", description.get("short"), 80)
    found += _text("description.full", description.get("full"), 4000)
    if not _HEX_COLOUR.match(str(document.get("accentColor", ""))):
        found.append("accentColor must be a colour like #1F5C99")
    for bot in document.get("bots") or []:
        found += _bot(bot)
    return found


def _bot(bot: dict[str, Any]) -> list[str]:
    found = _guid("bots[].botId", bot.get("botId"))
    scopes = bot.get("scopes") or []
    if not scopes or any(scope not in SCOPES for scope in scopes):
        found.append(f"bots[].scopes must be some of {SCOPES}")
    for commands in bot.get("commandLists") or []:
        if len(commands.get("commands") or []) > 10:
            found.append("a command list holds at most 10 commands")
        for command in commands.get("commands") or []:
            found += _text("command title", command.get("title"), 32)
            found += _text("command description", command.get("description"), 128)
    return found


def _guid(name: str, value: Any) -> list[str]:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return [f"{name} must be a GUID, not {value!r}"]
    return []


def _text(name: str, value: Any, limit: int) -> list[str]:
    if not isinstance(value, str) or not value.strip():
        return [f"{name} is missing"]
    return [f"{name} is longer than {limit} characters"] if len(value) > limit else []


def _https(name: str, value: Any) -> list[str]:
    if not isinstance(value, str) or not re.match(r"^https://[^\s/]+\.[^\s/]+", value):
        return [f"{name} must be an https:// web address, not {value!r}"]
    return []


def package_bytes(document: dict[str, Any]) -> bytes:
    """The zip Teams takes: manifest.json and the icons at its root."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(document, indent=2) + "\n")
        archive.writestr("color.png", color_icon())
        archive.writestr("outline.png", outline_icon())
    return buffer.getvalue()


def write_package(path: Path, details: PackageDetails) -> list[str]:
    """Write the package, or return the problems that stop it (nothing written)."""
    document = manifest(details)
    found = problems(document)
    if not found:
        path.write_bytes(package_bytes(document))
    return found

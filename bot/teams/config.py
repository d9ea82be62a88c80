"""The Teams settings, checked together so start-up fails with one clear sentence."""

import ipaddress
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot.settings import Settings

DEFAULT_SERVICE_URL = "https://smba.trafficmanager.net/teams/"
DEFAULT_LOGIN_URL = "https://login.microsoftonline.com"
DEFAULT_OPENID_METADATA_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
# The SDK finds the signing keys beside the metadata document by replacing this suffix
# with /keys (the Bot Framework's layout), so a metadata URL must end with it.
OPENID_SUFFIX = "/openidconfiguration"


class TeamsConfigError(Exception):
    """A Teams setting is missing or malformed; the text says which and what to do."""


@dataclass(frozen=True)
class TeamsConfig:
    client_id: str
    client_secret: str | None  # None only in unauthenticated (loopback) mode
    tenant_id: str | None
    service_url: str  # where proactive messages go when no stored reference says otherwise
    openid_metadata_url: str
    allow_unauthenticated: bool
    # Where client-credential tokens are asked for; None: the cloud's own login endpoint.
    login_url: str | None = None


def teams_config(settings: Settings) -> TeamsConfig | None:
    """The Teams configuration, or None when Teams is not configured at all."""
    client_id = _clean(settings.teams_client_id)
    secret = _clean(settings.teams_client_secret)
    tenant = _clean(settings.teams_tenant_id)
    if client_id is None:
        if secret or tenant or settings.teams_allow_unauthenticated:
            raise TeamsConfigError(
                "TEAMS_CLIENT_ID is not set, but other TEAMS_* settings are: set it to the "
                "bot's Microsoft App ID (Application (client) ID of its Entra app registration)"
            )
        return None
    _require_guid("TEAMS_CLIENT_ID", client_id)
    if tenant is not None:
        _require_guid("TEAMS_TENANT_ID", tenant)
    if not settings.teams_allow_unauthenticated:
        if secret is None:
            raise TeamsConfigError(
                "TEAMS_CLIENT_SECRET is not set: create a client secret under the app "
                "registration's Certificates & secrets and set its value"
            )
        if tenant is None:
            raise TeamsConfigError(
                "TEAMS_TENANT_ID is not set: set it to the Directory (tenant) ID of the "
                "single-tenant app registration"
            )
    return TeamsConfig(
        client_id=client_id,
        client_secret=None if settings.teams_allow_unauthenticated else secret,
        tenant_id=tenant,
        service_url=_url("TEAMS_SERVICE_URL", settings.teams_service_url, DEFAULT_SERVICE_URL),
        openid_metadata_url=_metadata_url(settings.teams_openid_metadata_url),
        allow_unauthenticated=settings.teams_allow_unauthenticated,
        login_url=_login_url(settings.teams_login_url),
    )


def require_loopback_bind(config: TeamsConfig | None, host: str) -> None:
    """Refuse to serve unauthenticated Teams requests on anything but a loopback address:
    anyone who can reach the port could otherwise speak as any Teams user."""
    if config is None or not config.allow_unauthenticated or is_loopback(host):
        return
    raise TeamsConfigError(
        f"TEAMS_ALLOW_UNAUTHENTICATED=true accepts unsigned requests, so it is only allowed "
        f"when serving on a loopback address (127.0.0.1, ::1 or localhost), not {host!r}: "
        "bind to 127.0.0.1, or unset TEAMS_ALLOW_UNAUTHENTICATED and set TEAMS_CLIENT_SECRET "
        "and TEAMS_TENANT_ID"
    )


def is_loopback(host: str) -> bool:
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _require_guid(name: str, value: str) -> None:
    try:
        uuid.UUID(value)
    except ValueError:
        raise TeamsConfigError(
            f"{name} must be a GUID such as 00000000-0000-0000-0000-000000000000, not {value!r}"
        ) from None


def _url(name: str, value: str | None, default: str) -> str:
    value = _clean(value)
    if value is None:
        return default
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise TeamsConfigError(f"{name} is not a web address: {value!r} (expected {default})")
    return value.rstrip("/") + "/"


def _login_url(value: str | None) -> str | None:
    if _clean(value) is None:
        return None
    return _url("TEAMS_LOGIN_URL", value, DEFAULT_LOGIN_URL).rstrip("/")


def _metadata_url(value: str | None) -> str:
    url = _url("TEAMS_OPENID_METADATA_URL", value, DEFAULT_OPENID_METADATA_URL).rstrip("/")
    if not url.endswith(OPENID_SUFFIX):
        raise TeamsConfigError(
            f"TEAMS_OPENID_METADATA_URL must end with {OPENID_SUFFIX} (the signing keys are "
            f"read from .../keys beside it), like {DEFAULT_OPENID_METADATA_URL}; got {value!r}"
        )
    return url

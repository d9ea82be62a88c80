"""`cspbot doctor`: checks a deployment from the outside in, one finding a line, each
with what to do when it fails. Reads only: it migrates nothing and sends nothing."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy.exc import SQLAlchemyError

from bot.settings import Settings
from bot.slack.config import SlackConfig, SlackConfigError, slack_config
from bot.slack.scopes import OPTIONAL_SCOPES, REQUIRED_SCOPES
from bot.teams.config import TeamsConfig, TeamsConfigError, teams_config
from store import occurrences, people
from store.db import DatabaseError, Store, current_revision, head_revision, where
from store.tables import Milestone, Person

# Whether a person or channel with these Slack and Teams ids can be reached.
Reach = Callable[[str | None, str | None], bool]
SHOWN = 5  # ids listed in a finding before "and N more"
TIMEOUT = 10.0


@dataclass(frozen=True)
class Finding:
    ok: bool
    what: str
    todo: str = ""

    def line(self) -> str:
        if self.ok:
            return f"✓ {self.what}"
        return f"✗ {self.what}" + (f": {self.todo}" if self.todo else "")


def examine(settings: Settings, *, database_url: str) -> list[Finding]:
    findings, store = _database(database_url)
    slack, teams = _platform_configs(settings, findings)
    channels = _slack_channels(store) if store is not None else []
    findings += _slack(slack, channels) if slack else [Finding(True, "Slack: not configured")]
    findings += _teams(teams) if teams else [Finding(True, "Teams: not configured")]
    if store is not None:
        findings += _reachability(store, slack=slack is not None, teams=teams is not None)
        store.dispose()
    return findings


def _database(url: str) -> tuple[list[Finding], Store | None]:
    """The database and its schema; the store only when the data can be read."""
    try:
        store = Store.open(url, migrate=False)
        at = current_revision(store.engine)
    except (DatabaseError, SQLAlchemyError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        return [Finding(False, f"database: cannot open it ({reason})",
                        "check CSPBOT_DATABASE_URL and that the server is up")], None  # fmt: skip
    found = [Finding(True, f"database: {where(store.engine)} answers")]
    head = head_revision()
    if at != head:
        found.append(Finding(False, f"migrations: the schema is at {at or 'nothing'}, "
                             f"this cspbot needs {head}", "run `cspbot db upgrade`"))  # fmt: skip
        store.dispose()
        return found, None
    found.append(Finding(True, f"migrations: the schema is at the latest ({head})"))
    return found, store


def _platform_configs(
    settings: Settings, findings: list[Finding]
) -> tuple[SlackConfig | None, TeamsConfig | None]:
    slack = teams = None
    try:
        slack = slack_config(settings)
    except SlackConfigError as exc:
        findings.append(Finding(False, "Slack settings", str(exc)))
    try:
        teams = teams_config(settings)
    except TeamsConfigError as exc:
        findings.append(Finding(False, "Teams settings", str(exc)))
    return slack, teams


def _slack_channels(store: Store) -> list[tuple[str, str]]:
    with store.session() as session:
        return [
            (p.id, p.slack_channel)
            for p in occurrences.all_partnerships(session)
            if p.slack_channel
        ]


def _slack(config: SlackConfig, channels: list[tuple[str, str]]) -> list[Finding]:
    client = WebClient(token=config.bot_token, base_url=config.api_url, timeout=int(TIMEOUT))
    try:
        response = client.auth_test()
    except SlackApiError as exc:
        error = exc.response.get("error")
        return [Finding(False, f"Slack token: auth.test refused it ({error})",
                        "set SLACK_BOT_TOKEN to the Bot User OAuth Token (xoxb-...) under "
                        "OAuth & Permissions; reinstall the app if it was revoked")]  # fmt: skip
    except (SlackClientError, OSError) as exc:
        return [Finding(False, f"Slack: cannot reach {config.api_url} ({exc})",
                        "check the network, a proxy, or SLACK_API_URL")]  # fmt: skip
    found = [Finding(True, f"Slack token: works, as {response.get('user')} "
                     f"in {response.get('team')}")]  # fmt: skip
    headers = {name.lower(): value for name, value in (response.headers or {}).items()}
    granted = {s.strip() for s in str(headers.get("x-oauth-scopes", "")).split(",") if s.strip()}
    found.append(_scopes(granted))
    if channels and not {"channels:read", "groups:read"} & granted:
        found.append(Finding(False, "Slack channels: cannot check the bot's membership",
                             "add the channels:read and groups:read scopes "
                             "(slack/manifest.yaml) and reinstall the app"))  # fmt: skip
        return found
    return found + [_membership(client, pid, channel) for pid, channel in channels]


def _scopes(granted: set[str]) -> Finding:
    missing = sorted(REQUIRED_SCOPES - granted)
    if missing:
        return Finding(False, f"Slack scopes: the token lacks {', '.join(missing)}",
                       "add them under OAuth & Permissions (as in slack/manifest.yaml) "
                       "and reinstall the app")  # fmt: skip
    optional = sorted(OPTIONAL_SCOPES - granted)
    note = f" (optional ones not granted: {', '.join(optional)})" if optional else ""
    return Finding(True, f"Slack scopes: every scope the manifest requires{note}")


def _membership(client: WebClient, partnership_id: str, channel: str) -> Finding:
    what = f"Slack channel {channel} of {partnership_id}"
    try:
        info = client.conversations_info(channel=channel)
    except SlackApiError as exc:
        error = exc.response.get("error")
        return Finding(False, f"{what}: Slack says {error}",
                       f"check channels.slack for {partnership_id} in the data file; for a "
                       "private channel, invite the bot first")  # fmt: skip
    details = info.get("channel") or {}
    if not details.get("is_member"):
        name = details.get("name") or channel
        return Finding(False, f"{what}: the bot is not a member, so its reminders fail",
                       f"type /invite @cspbot in #{name}")  # fmt: skip
    return Finding(True, f"{what}: the bot is a member")


def _teams(config: TeamsConfig) -> list[Finding]:
    if config.allow_unauthenticated:
        return [Finding(False, "Teams: TEAMS_ALLOW_UNAUTHENTICATED=true accepts unsigned "
                        "requests", "for loopback testing only: unset it and set "
                        "TEAMS_CLIENT_SECRET and TEAMS_TENANT_ID")]  # fmt: skip
    import httpx  # here: `cspbot serve` registers this command, and httpx loads rich

    from bot.teams.app import teams_cloud  # only when Teams is configured: the SDK is large

    cloud = teams_cloud(config)
    url = f"{cloud.login_endpoint}/{config.tenant_id}/oauth2/v2.0/token"
    form = {
        "grant_type": "client_credentials",
        "client_id": config.client_id,
        "client_secret": config.client_secret or "",
        "scope": cloud.bot_scope,
    }
    try:
        response = httpx.post(url, data=form, timeout=TIMEOUT)
    except httpx.HTTPError as exc:
        return [Finding(False, f"Teams: cannot reach {cloud.login_endpoint} ({exc})",
                        "check the network or a proxy")]  # fmt: skip
    if response.status_code == 200 and response.json().get("access_token"):
        return [Finding(True, f"Teams: a token for {config.client_id} from {cloud.login_endpoint}")]
    try:
        error = response.json()
        reason = f"{error.get('error')}: {str(error.get('error_description', '')).splitlines()[0]}"
    except ValueError:
        reason = f"HTTP {response.status_code}"
    return [Finding(False, f"Teams: the token request was refused ({reason})",
                    "check TEAMS_CLIENT_ID, TEAMS_TENANT_ID and TEAMS_CLIENT_SECRET (the "
                    "secret's value, not its id; secrets expire)")]  # fmt: skip


def _reachability(store: Store, *, slack: bool, teams: bool) -> list[Finding]:
    """Who and where reminders can reach on the platforms configured; the rest fall back
    to the console log, which nobody reads."""

    def reachable(slack_id: str | None, teams_id: str | None) -> bool:
        return bool((slack and slack_id) or (teams and teams_id))

    with store.session() as session:
        everyone = {p.id: p for p in people.all_people(session)}
        partnerships = occurrences.all_partnerships(session)
        milestones = occurrences.all_milestones(session)
    unreached = [p.id for p in everyone.values() if not reachable(p.slack_id, p.teams_id)]
    silent = [p.id for p in partnerships if not reachable(p.slack_channel, p.teams_channel)]
    coordinators = {p.id: p.coordinator_id for p in partnerships}
    orphans = [
        m.id for m in milestones if not _owner_reachable(m, coordinators, everyone, reachable)
    ]
    return [
        _listed(unreached, "people", "have no Slack or Teams identity",
                "their reminders go to the console: add slack: or teams: to them in the "
                "data file"),
        _listed(silent, "partnerships", "have no channel",
                "their channel reminders and digests go to the console: add channels: "
                "{slack: ..., teams: ...} in the data file"),
        _listed(orphans, "milestones", "have an owner who cannot be reached",
                "give the owner (or the coordinator, when no owner is set) a Slack or "
                "Teams identity"),
    ]  # fmt: skip


def _owner_reachable(
    milestone: Milestone,
    coordinators: dict[str, str | None],
    everyone: dict[str, Person],
    reachable: Reach,
) -> bool:
    owner = everyone.get(milestone.owner_id or coordinators.get(milestone.partnership_id) or "")
    return owner is not None and reachable(owner.slack_id, owner.teams_id)


def _listed(ids: Iterable[str], kind: str, problem: str, todo: str) -> Finding:
    ids = list(ids)
    if not ids:
        return Finding(True, f"{kind}: every one can be reached")
    shown = ", ".join(ids[:SHOWN]) + (f" and {len(ids) - SHOWN} more" if len(ids) > SHOWN else "")
    return Finding(False, f"{len(ids)} {kind} {problem} ({shown})", todo)

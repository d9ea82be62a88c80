"""All configuration in one validated object, read once at start and passed in."""

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///cspbot.db"


class Settings(BaseSettings):
    # No env_file: the process environment is the one source, so a stray .env in the
    # working directory never changes behaviour silently.
    model_config = SettingsConfigDict(env_prefix="", extra="ignore", case_sensitive=False)

    database_url: str = Field(default=DEFAULT_DATABASE_URL, alias="CSPBOT_DATABASE_URL")
    # How long `cspbot` waits for a database server that does not answer yet, at start.
    db_wait_seconds: float = Field(default=60.0, ge=0, alias="CSPBOT_DB_WAIT_SECONDS")
    sweep_seconds: float = Field(default=60.0, gt=0, alias="CSPBOT_SWEEP_SECONDS")
    # How long a sweep's claim on a due reminder lasts unrenewed: how soon another replica
    # takes over the claims of a process that died.
    claim_lease_seconds: float = Field(
        default=60.0, gt=0, le=3600, alias="CSPBOT_CLAIM_LEASE_SECONDS"
    )
    plan_minutes: float = Field(default=15.0, gt=0, alias="CSPBOT_PLAN_MINUTES")
    plan_horizon_days: int = Field(default=42, ge=1, le=800, alias="CSPBOT_PLAN_HORIZON_DAYS")
    escalation_working_days: int = Field(default=3, ge=0, le=60, alias="CSPBOT_ESCALATION_DAYS")
    # How long messages the bot could not answer are kept for `cspbot unanswered`.
    unanswered_days: int = Field(default=180, ge=1, le=3660, alias="CSPBOT_UNANSWERED_DAYS")
    # Where people reach `cspbot serve` (https), for the calendar and report links it hands out.
    public_url: str | None = Field(default=None, alias="CSPBOT_PUBLIC_URL")
    # ModernGov: how often `cspbot serve` syncs committee meetings, and how long one
    # request to a council's site may take.
    meetings_sync_hours: float = Field(default=24.0, gt=0, alias="CSPBOT_MEETINGS_SYNC_HOURS")
    moderngov_timeout_seconds: float = Field(
        default=10.0, gt=0, le=300, alias="CSPBOT_MODERNGOV_TIMEOUT_SECONDS"
    )
    # Draft reports: written here for the terminal and console; offered in Teams as a link
    # to `cspbot serve` at CSPBOT_PUBLIC_URL (above), signed with CSPBOT_LINK_SECRET.
    reports_dir: str = Field(default="reports", alias="CSPBOT_REPORTS_DIR")
    link_secret: str | None = Field(default=None, min_length=16, alias="CSPBOT_LINK_SECRET")
    # Logs on standard output: readable `text`, or one JSON object a line (`json`).
    log_format: Literal["text", "json"] = Field(default="text", alias="CSPBOT_LOG_FORMAT")
    # DEBUG adds the words of each question asked (personal data: keep it for debugging).
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", alias="CSPBOT_LOG_LEVEL"
    )
    # Prometheus metrics at /metrics: off unless asked for; on a port of their own if given.
    metrics: bool = Field(default=False, alias="CSPBOT_METRICS")
    metrics_port: int | None = Field(default=None, ge=0, le=65535, alias="CSPBOT_METRICS_PORT")
    # Slack: checked together by bot/slack/config.py, which says what is missing or wrong.
    slack_bot_token: str | None = Field(default=None, alias="SLACK_BOT_TOKEN")
    slack_signing_secret: str | None = Field(default=None, alias="SLACK_SIGNING_SECRET")
    slack_app_token: str | None = Field(default=None, alias="SLACK_APP_TOKEN")
    slack_api_url: str | None = Field(default=None, alias="SLACK_API_URL")
    # Teams: checked together by bot/teams/config.py, which says what is missing or wrong.
    teams_client_id: str | None = Field(default=None, alias="TEAMS_CLIENT_ID")
    teams_client_secret: str | None = Field(default=None, alias="TEAMS_CLIENT_SECRET")
    teams_tenant_id: str | None = Field(default=None, alias="TEAMS_TENANT_ID")
    teams_service_url: str | None = Field(default=None, alias="TEAMS_SERVICE_URL")
    teams_openid_metadata_url: str | None = Field(default=None, alias="TEAMS_OPENID_METADATA_URL")
    teams_login_url: str | None = Field(default=None, alias="TEAMS_LOGIN_URL")
    teams_allow_unauthenticated: bool = Field(default=False, alias="TEAMS_ALLOW_UNAUTHENTICATED")

"""All configuration in one validated object, read once at start and passed in."""

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///cspbot.db"


class Settings(BaseSettings):
    # No env_file: the process environment is the one source, so a stray .env in the
    # working directory never changes behaviour silently.
    model_config = SettingsConfigDict(env_prefix="", extra="ignore", case_sensitive=False)

    database_url: str = Field(default=DEFAULT_DATABASE_URL, alias="CSPBOT_DATABASE_URL")
    sweep_seconds: float = Field(default=60.0, gt=0, alias="CSPBOT_SWEEP_SECONDS")
    # How long a sweep's claim on a due reminder lasts unrenewed: how soon another replica
    # takes over the claims of a process that died.
    claim_lease_seconds: float = Field(
        default=60.0, gt=0, le=3600, alias="CSPBOT_CLAIM_LEASE_SECONDS"
    )
    plan_minutes: float = Field(default=15.0, gt=0, alias="CSPBOT_PLAN_MINUTES")
    plan_horizon_days: int = Field(default=42, ge=1, le=800, alias="CSPBOT_PLAN_HORIZON_DAYS")
    escalation_working_days: int = Field(default=3, ge=0, le=60, alias="CSPBOT_ESCALATION_DAYS")
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
    teams_allow_unauthenticated: bool = Field(default=False, alias="TEAMS_ALLOW_UNAUTHENTICATED")

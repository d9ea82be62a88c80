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

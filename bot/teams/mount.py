"""Putting Teams into the web app when, and only when, TEAMS_CLIENT_ID is set."""

from typing import TYPE_CHECKING

from fastapi import FastAPI

from bot.metrics import Metrics
from bot.reports.files import ReportFiles
from bot.settings import Settings
from bot.teams.config import teams_config
from schedules.clock import Clock
from store.db import Store

if TYPE_CHECKING:
    from bot.teams.app import TeamsBot


def mount_teams(
    app: FastAPI, *, settings: Settings, store: Store, clock: Clock, metrics: Metrics
) -> "TeamsBot | None":
    """Serve /api/messages on `app`; None when Teams is not configured. Raises
    TeamsConfigError, with a sentence saying what to fix, for a bad configuration."""
    config = teams_config(settings)
    if config is None:
        return None
    # Imported here so a Slack-only bot never loads the Teams SDK.
    from bot.teams.app import TeamsBot

    reports = ReportFiles(store=store, clock=clock, settings=settings)
    bot = TeamsBot(config=config, store=store, clock=clock, metrics=metrics, reports=reports)
    bot.mount(app)
    app.state.teams = bot
    return bot

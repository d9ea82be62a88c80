"""Putting Slack into the web app when, and only when, SLACK_* settings are given."""

from typing import TYPE_CHECKING

from fastapi import FastAPI

from bot.metrics import Metrics
from bot.reports.files import ReportFiles
from bot.settings import Settings
from bot.slack.config import slack_config
from schedules.clock import Clock
from store.db import Store

if TYPE_CHECKING:
    from bot.slack.app import SlackRuntime


def mount_slack(
    app: FastAPI,
    *,
    settings: Settings,
    store: Store,
    clock: Clock,
    metrics: Metrics,
    reports: ReportFiles | None = None,
) -> "SlackRuntime | None":
    """Serve /slack/events on `app` (or connect in Socket Mode while it runs); None when
    Slack is not configured. Raises SlackConfigError, with a sentence saying what to fix,
    for an incomplete or malformed configuration."""
    config = slack_config(settings)
    if config is None:
        return None
    # Imported here so a Teams-only bot never loads Bolt.
    from bot.slack.app import SlackRuntime
    from bot.slack.blocks import compile_slack_templates

    runtime = SlackRuntime(config, store=store, clock=clock, metrics=metrics, reports=reports)
    runtime.mount(app)
    compile_slack_templates()
    return runtime

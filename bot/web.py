"""The one ASGI app `cspbot serve` runs: health, Slack, Teams and the reminder scheduler."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import JSONResponse, Response

from bot.body_limit import BodyLimit
from bot.calendar_web import mount_calendar
from bot.health import (
    database_check,
    database_file_check,
    migrations_check,
    readiness,
    scheduler_check,
)
from bot.metrics import CONTENT_TYPE_LATEST, Metrics
from bot.notifiers import SLACK, TEAMS, ConsoleNotifier, NotifierRouter, plain_text
from bot.render import compile_templates
from bot.reports.files import ReportFiles
from bot.reports.serve import mount_reports
from bot.retention import forget_old_unanswered
from bot.settings import Settings
from bot.slack.mount import mount_slack
from bot.teams.mount import mount_teams
from schedules.clock import Clock
from schedules.meeting_schedule import MeetingSyncScheduler, SyncTiming
from schedules.scheduler import ReminderScheduler, Timing
from store.db import Store


def create_app(*, settings: Settings, store: Store, clock: Clock) -> FastAPI:
    metrics = Metrics(store)
    # Slack and Teams register their Notifiers on this router when they are configured.
    reports = ReportFiles(store=store, clock=clock, settings=settings)
    notifiers = NotifierRouter(store, console=ConsoleNotifier(plain_text), reports=reports)
    reminders = ReminderScheduler(
        store=store,
        notifier=notifiers,
        clock=clock,
        timing=Timing(
            sweep_seconds=settings.sweep_seconds,
            lease_seconds=settings.claim_lease_seconds,
            plan_minutes=settings.plan_minutes,
            horizon_days=settings.plan_horizon_days,
            escalation_days=settings.escalation_working_days,
        ),
    )

    meetings = MeetingSyncScheduler(
        store=store,
        clock=clock,
        timing=SyncTiming(
            hours=settings.meetings_sync_hours,
            timeout_seconds=settings.moderngov_timeout_seconds,
            horizon_days=settings.plan_horizon_days,
            escalation_days=settings.escalation_working_days,
        ),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        compile_templates("text")  # every surface's replies fall back to their text
        await reminders.start()
        await meetings.start()
        forgetting = asyncio.create_task(
            forget_old_unanswered(store, clock, days=settings.unanswered_days)
        )
        try:
            yield
        finally:
            forgetting.cancel()
            meetings.shutdown()
            await reminders.stop()

    app = FastAPI(
        title="cspbot", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan
    )
    app.add_middleware(BodyLimit)
    app.state.notifiers = notifiers
    app.state.reminders = reminders
    app.state.meetings = meetings
    app.state.metrics = metrics
    metrics.watch(reminders)
    mount_reports(app, reports)
    slack = mount_slack(
        app, settings=settings, store=store, clock=clock, metrics=metrics, reports=reports
    )
    if slack is not None:
        notifiers.register(SLACK, slack.notifier)
    teams = mount_teams(app, settings=settings, store=store, clock=clock, metrics=metrics)
    if teams is not None:
        notifiers.register(TEAMS, teams.notifier)

    mount_calendar(app, store=store)
    # What /readyz checks, by name; a new check is one more line.
    checks = [
        database_check(store),
        database_file_check(store),
        migrations_check(store),
        scheduler_check(reminders, clock, settings.sweep_seconds),
    ]

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        """The process is alive (and nothing more: a database outage must not restart it)."""
        return {"status": "ok"}

    @app.get("/readyz")
    async def readyz() -> JSONResponse:
        ready, body = await readiness(checks)
        return JSONResponse(body, status_code=200 if ready else 503)

    if settings.metrics and settings.metrics_port is None:

        @app.get("/metrics")
        async def metrics_text() -> Response:
            # The reminder counts are a store query: off the event loop.
            body = await asyncio.to_thread(metrics.exposition)
            return Response(body, media_type=CONTENT_TYPE_LATEST)

    return app

"""The one ASGI app `cspbot serve` runs: health, Slack, Teams and the reminder scheduler."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from bot.body_limit import BodyLimit
from bot.notifiers import SLACK, TEAMS, ConsoleNotifier, NotifierRouter, plain_text
from bot.settings import Settings
from bot.slack.mount import mount_slack
from bot.teams.mount import mount_teams
from schedules.clock import Clock
from schedules.scheduler import ReminderScheduler, Timing
from store.db import Store


def create_app(*, settings: Settings, store: Store, clock: Clock) -> FastAPI:
    # Slack and Teams register their Notifiers on this router when they are configured.
    notifiers = NotifierRouter(store, console=ConsoleNotifier(plain_text))
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

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await reminders.start()
        try:
            yield
        finally:
            reminders.shutdown()

    app = FastAPI(
        title="cspbot", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan
    )
    app.add_middleware(BodyLimit)
    app.state.notifiers = notifiers
    app.state.reminders = reminders
    slack = mount_slack(app, settings=settings, store=store, clock=clock)
    if slack is not None:
        notifiers.register(SLACK, slack.notifier)
    teams = mount_teams(app, settings=settings, store=store, clock=clock)
    if teams is not None:
        notifiers.register(TEAMS, teams.notifier)

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app

"""The one ASGI app `cspbot serve` runs: health, Slack, Teams and the reminder scheduler."""

from fastapi import FastAPI

from bot.settings import Settings
from schedules.clock import Clock
from store.db import Store


def create_app(*, settings: Settings, store: Store, clock: Clock) -> FastAPI:
    app = FastAPI(title="cspbot", docs_url=None, redoc_url=None, openapi_url=None)

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app

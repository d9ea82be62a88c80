"""The ASGI app serves for real on loopback."""

import httpx

from bot.settings import Settings
from bot.web import create_app
from schedules.clock import SystemClock
from store.db import Store
from tests.support.server import serve


def test_healthz_answers_over_http(store: Store) -> None:
    app = create_app(settings=Settings(), store=store, clock=SystemClock())
    with serve(app) as base:
        response = httpx.get(f"{base}/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}

"""The ASGI app serves for real on loopback: liveness, and readiness that tells the truth."""

import logging
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.render import environment
from bot.settings import Settings
from bot.web import create_app
from schedules.clock import FixedClock, SystemClock
from store.db import DatabaseError, Store, current_revision, head_revision
from tests.support.server import serve, wait_ready
from tests.support.tcp_proxy import TcpProxy, tcp_proxy

NOW = datetime(2026, 11, 23, 10, 30, tzinfo=UTC)
QUIET = Settings(CSPBOT_SWEEP_SECONDS=60.0)


def test_healthz_answers_over_http(store: Store) -> None:
    app = create_app(settings=Settings(), store=store, clock=SystemClock())
    with serve(app) as base:
        response = httpx.get(f"{base}/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readyz_is_ready_when_every_check_passes(store: Store) -> None:
    with serve(create_app(settings=QUIET, store=store, clock=FixedClock(NOW))) as base:
        wait_ready(base)
        response = httpx.get(f"{base}/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "checks": {
            "database": "ok",
            "database_file": "ok",
            "migrations": "ok",
            "scheduler": "ok",
        },
    }


def test_the_text_templates_are_compiled_before_the_first_message(store: Store) -> None:
    """Compiling one takes a few milliseconds: the first answers would pay it."""
    env = environment()
    env.cache.clear()
    with serve(create_app(settings=QUIET, store=store, clock=FixedClock(NOW))) as base:
        wait_ready(base)
    compiled = {name for _loader, name in env.cache}
    assert {n for n in env.list_templates() if n.startswith("text/")} <= compiled


def test_readyz_names_a_schema_behind_the_code(store: Store) -> None:
    with serve(create_app(settings=QUIET, store=store, clock=FixedClock(NOW))) as base:
        wait_ready(base)
        with store.transaction() as session:
            session.connection().execute(text("UPDATE alembic_version SET version_num = 'old'"))
        response = httpx.get(f"{base}/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["migrations"]
    assert response.json()["checks"]["migrations"].startswith("schema at old, expected ")


def test_readyz_names_a_scheduler_that_stopped_sweeping(store: Store) -> None:
    clock = FixedClock(NOW)
    app = create_app(settings=QUIET, store=store, clock=clock)
    with serve(app) as base:
        wait_ready(base)
        deadline = time.monotonic() + 20
        while not app.state.reminders.caught_up:  # no start-up sweep left to come
            assert time.monotonic() < deadline, "the start-up sweeps never finished"
            time.sleep(0.01)
        clock.advance(seconds=3 * 60 - 1)
        assert httpx.get(f"{base}/readyz").status_code == 200  # within three intervals
        clock.advance(seconds=2)
        response = httpx.get(f"{base}/readyz")
    assert response.status_code == 503 and response.json()["failing"] == ["scheduler"]


@pytest.fixture
def proxied(postgres_url: str) -> Iterator[tuple[TcpProxy, str]]:
    """The test's PostgreSQL schema reached through a proxy the test can cut."""
    url = make_url(postgres_url)
    with tcp_proxy(url.host or "127.0.0.1", url.port or 5432) as proxy:
        yield proxy, url.set(port=proxy.port).render_as_string(hide_password=False)


def test_readyz_follows_the_database_away_and_back(proxied: tuple[TcpProxy, str]) -> None:
    proxy, url = proxied
    store = Store.open(url)
    with serve(create_app(settings=QUIET, store=store, clock=FixedClock(NOW))) as base:
        wait_ready(base)
        proxy.cut()
        gone = httpx.get(f"{base}/readyz", timeout=30)
        assert httpx.get(f"{base}/healthz").status_code == 200, "alive all the same"
        proxy.restore()
        back = httpx.get(f"{base}/readyz", timeout=30)
    store.dispose()
    assert gone.status_code == 503
    assert set(gone.json()["failing"]) == {"database", "migrations"}
    assert back.status_code == 200


def test_a_start_waits_for_the_database_and_says_so(
    proxied: tuple[TcpProxy, str], caplog: pytest.LogCaptureFixture
) -> None:
    proxy, url = proxied
    proxy.cut()
    waiting = threading.Event()

    class Restorer(logging.Handler):  # the server comes up once the wait has begun
        def emit(self, record: logging.LogRecord) -> None:
            if "waiting for the database" in record.getMessage() and not waiting.is_set():
                waiting.set()
                threading.Timer(0.5, proxy.restore).start()

    handler = Restorer()
    logging.getLogger("store.db").addHandler(handler)
    caplog.set_level(logging.WARNING, logger="store.db")
    try:
        store = Store.open(url, wait_seconds=30)
    finally:
        logging.getLogger("store.db").removeHandler(handler)
    assert current_revision(store.engine) == head_revision()
    store.dispose()
    message = caplog.records[0].getMessage()
    assert f"127.0.0.1:{proxy.port}" in message and "trying again in 0.5 s" in message


def test_a_start_gives_up_on_a_database_that_never_answers(
    proxied: tuple[TcpProxy, str],
) -> None:
    proxy, url = proxied
    proxy.cut()
    with pytest.raises(DatabaseError, match=f"cannot open the database at .*:{proxy.port}"):
        Store.open(url, wait_seconds=1)

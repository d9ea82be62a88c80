"""Shared fixtures: a store over SQLite always, and over PostgreSQL when
CSPBOT_TEST_POSTGRES_URL names a server; each test gets an empty database of its own."""

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import text

from store.db import Store, make_engine, normalise_url

# Read once, at import, before the autouse fixture below clears CSPBOT_* for each test.
POSTGRES_URL = os.environ.get("CSPBOT_TEST_POSTGRES_URL")
NO_POSTGRES = "CSPBOT_TEST_POSTGRES_URL is not set: no PostgreSQL server to test against"
# In CI a PostgreSQL test without a server fails instead of skipping: otherwise the
# contract tests would pass there without ever having run on PostgreSQL.
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def no_postgres() -> None:
    if IN_CI:
        pytest.fail(f"CI must run the PostgreSQL tests: {NO_POSTGRES}")
    pytest.skip(NO_POSTGRES)


BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgresql",
        id="postgresql",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(not POSTGRES_URL and not IN_CI, reason=NO_POSTGRES),
        ],
    ),
]


# Settings a developer's shell may hold (a real Slack token, a Teams secret, a database):
# no test may read them, so none can reach a real service or change what a test sees.
ISOLATED_PREFIXES = ("SLACK_", "TEAMS_", "CSPBOT_")


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.upper().startswith(ISOLATED_PREFIXES):
            monkeypatch.delenv(name)


@pytest.fixture
def sqlite_url(tmp_path: object) -> str:
    return f"sqlite:///{tmp_path}/cspbot.db"


@contextmanager
def postgres_schema() -> Iterator[str]:
    """The URL of a schema of its own on the test server, dropped afterwards."""
    if not POSTGRES_URL:
        no_postgres()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{normalise_url(POSTGRES_URL)}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    with postgres_schema() as url:
        yield url


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest) -> str:
    """The URL of an empty database, once per backend."""
    fixture = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(fixture))


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = Store.open(database_url)
    yield opened
    opened.dispose()

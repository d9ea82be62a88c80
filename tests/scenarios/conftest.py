"""Stores holding the demo data and the tests' fictional data, imported once per module
with the importer (over SQLite, and PostgreSQL when CSPBOT_TEST_POSTGRES_URL is set), and
a helper that asks a question as someone at a fixed time."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.render import render
from handlers.pipeline import respond
from handlers.types import Identity, Message, Reply
from store.datafile import DEMO_PATH, import_file
from store.db import Store
from tests.conftest import BACKENDS, postgres_schema

FICTIONAL_PATH = Path(__file__).parent / "data" / "fictional.yaml"
# Saturday 21 November 2026, 10:00 in London (GMT).
AT = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
# When the data was loaded: what fell due between then and AT without being marked done is
# overdue; what was already past when it was loaded is history.
LOADED = datetime(2025, 9, 1, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Answer:
    reply: Reply
    text: str


def ask(store: Store, text: str, *, person: str | None = None, at: datetime = AT) -> Answer:
    sender = Identity(platform="terminal", user_id=person or "", person_id=person)
    reply = respond(store, Message(text=text, sender=sender, at=at))
    return Answer(reply, render(reply))


@contextmanager
def _database(backend: str, folder: Path) -> Iterator[str]:
    """A fresh SQLite file, or a schema of its own on the PostgreSQL test server."""
    if backend == "sqlite":
        yield f"sqlite:///{folder}/cspbot.db"
        return
    with postgres_schema() as url:
        yield url


def _loaded(
    request: pytest.FixtureRequest, factory: pytest.TempPathFactory, path: Path
) -> Iterator[Store]:
    with _database(request.param, factory.mktemp(path.stem)) as url:
        store = Store.open(url)
        import_file(store, path, at=LOADED)
        yield store
        store.dispose()


@pytest.fixture(scope="module", params=BACKENDS)
def demo(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    yield from _loaded(request, tmp_path_factory, DEMO_PATH)


@pytest.fixture(scope="module", params=BACKENDS)
def fictional(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    yield from _loaded(request, tmp_path_factory, FICTIONAL_PATH)

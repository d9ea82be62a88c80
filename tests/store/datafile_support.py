"""What the data file tests share: the fixture file, a fixed import time, a snapshot of
every table (to prove an invalid import changed nothing), and fresh empty stores."""

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlmodel import SQLModel, select

import store.tables as tables
from store.audit import snapshot
from store.db import Store, make_engine

AT = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
DATA = Path(__file__).parent / "data"
SMALL = DATA / "small.yaml"


def small_text() -> str:
    return SMALL.read_text(encoding="utf-8")


def line_number(text: str, fragment: str) -> int:
    """The line (from 1) where `fragment` first occurs."""
    return text[: text.index(fragment)].count("\n") + 1


def store_contents(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, in a stable order."""
    everything = [getattr(tables, name) for name in tables.__all__]
    with store.session() as session:
        return {
            table.__tablename__: sorted(
                (snapshot(row) for row in session.exec(select(table))), key=repr
            )
            for table in everything
            if issubclass(table, SQLModel)
        }


@contextmanager
def empty_stores(database_url: str) -> Iterator[Callable[[], Store]]:
    """A factory of new, empty stores on the same backend as `database_url`; a
    PostgreSQL URL gets a schema of its own per store, dropped afterwards."""
    opened: list[Store] = []
    schemas: list[str] = []
    base = database_url.split("?options=")[0]

    def make() -> Store:
        if database_url.startswith("sqlite"):
            fresh = Store.open("sqlite://")
        else:
            schema = f"t_{uuid.uuid4().hex[:12]}"
            with admin.begin() as conn:
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            schemas.append(schema)
            fresh = Store.open(f"{base}?options=-csearch_path%3D{schema}")
        opened.append(fresh)
        return fresh

    # SQLite stores are in memory: no admin connection (it would need the file to exist).
    admin = make_engine("sqlite://" if database_url.startswith("sqlite") else base)
    try:
        yield make
    finally:
        for one in opened:
            one.dispose()
        with admin.begin() as conn:
            for schema in schemas:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
